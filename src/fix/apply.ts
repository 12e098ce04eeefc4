import { decodeBytes } from '../text/decode.js';
import type { Fix } from '../lint/types.js';

export type FixedBytes = { bytes: Uint8Array; applied: number; deferred: number } | { refused: string };

const encoder = new TextEncoder();

/** The file's own line ending: the most common of CRLF, LF and CR (LF when there is none). */
export function lineEndingOf(text: string): '\r\n' | '\n' | '\r' {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/**
 * Applies fixes (UTF-16 ranges into the decoded text) to a file's bytes by splicing, so every byte
 * outside the fixed ranges stays as it was: the BOM, the line endings, trailing whitespace, the
 * missing final newline. Inserted text takes the file's own line ending. Fixes are applied in
 * order of position; one that overlaps or touches an earlier one waits for the next pass (ESLint's
 * rule), so two fixes never fight over the same text. Files that are not clean UTF-8 are refused:
 * their bytes cannot be mapped back safely.
 */
export function applyFixes(bytes: Uint8Array, fixes: readonly Fix[]): FixedBytes {
  const decoded = decodeBytes(bytes);
  if (decoded.binary || decoded.problems.length) return { refused: 'the file is not clean UTF-8 text' };
  const { text } = decoded;
  const eol = lineEndingOf(text);
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const bom = decoded.hadBom ? 3 : 0;
  const parts: Uint8Array[] = [];
  let lastEnd = -1;
  let copiedByte = 0;
  let applied = 0;
  let deferred = 0;
  const byteAt = (offset: number) => bom + encoder.encode(text.slice(0, offset)).length;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length) || start <= lastEnd) {
      deferred++;
      continue;
    }
    const startByte = byteAt(start);
    parts.push(bytes.subarray(copiedByte, startByte), encoder.encode(fix.text.replace(/\r\n|\r|\n/g, eol)));
    copiedByte = byteAt(end);
    lastEnd = end;
    applied++;
  }
  if (applied === 0) return { bytes, applied, deferred };
  parts.push(bytes.subarray(copiedByte));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { bytes: out, applied, deferred };
}
