import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parseMarkdown } from '../parse/markdown.js';
import { decodeBytes } from '../text/decode.js';
import { containerDepth, inlineMarkers } from '../text/prescan.js';
import { LineIndex } from '../text/line-index.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import type { KnownValue } from './known-env.js';
import { findMarkdownLeaks } from './markdown.js';
import type { LeakPolicy } from './policy.js';

/**
 * Scanning any text file (logs, JSON reports, traces, argv dumps) as a stream: the text is
 * decoded incrementally and scanned in segments of whole lines, so memory stays bounded whatever
 * the file's size. A line longer than a segment is cut at whitespace or, with none, anywhere; the
 * text on both sides of such a cut is scanned twice (`overlap` characters each way), and each
 * finding is reported by the segment its start belongs to, so nothing that straddles a cut — a
 * value, or a `--api-key` and its value — goes unseen or is reported twice.
 *
 * A Markdown file (`.md`, `.markdown`) is read whole and scanned as `no-endpoint-leak` scans it,
 * visible text of formatted paragraphs included: `sot scan` and `sot lint` report the same.
 */

export interface StreamFinding extends LeakFinding {
  /** 1-based line and UTF-16 column of the finding's start. */
  line: number;
  column: number;
}

export interface StreamScan {
  findings: StreamFinding[];
  /** Set when the content is not text: nothing was scanned. */
  binary?: string;
  /**
   * The values found (at most `MAX_VALUES`), never printed: the caller's redactor withholds their
   * re-shaped echoes where it prints something of its own (the file's name).
   */
  values: string[];
}

const MAX_VALUES = 1000;

export interface StreamOptions {
  policy: LeakPolicy;
  knownValues?: readonly KnownValue[];
  /** Segment size in characters (tests make it small). */
  segment?: number;
  /** Characters scanned twice on each side of a cut inside a line. */
  overlap?: number;
}

const SNIFF = 8192;
/** How far past the overlap a cut looks for a blank to end or start a scanned window on. */
const WORD = 4096;
const isBlank = (c: number) => c <= 32 || c === 0xa0;

/** Formats known by their first bytes: never text, whatever the bytes after them look like. */
const MAGIC: { name: string; at?: number; bytes: number[] }[] = [
  { name: 'PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'xz archive', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd archive', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: '7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'tar archive', at: 257, bytes: [0x75, 0x73, 0x74, 0x61, 0x72] },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O executable', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'Java class or Mach-O universal binary', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'SQLite database', bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00] },
];

/**
 * Not text: a known binary format by its first bytes, or a sample made mostly (over 10%) of NUL
 * bytes, other control characters and bytes that are not UTF-8. A log with colour codes (ESC `[`)
 * or a stray NUL is text and is scanned.
 */
function sniffBinary(head: Uint8Array): string | undefined {
  const sample = head.subarray(0, SNIFF);
  const utf16 = sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff));
  if (utf16) return undefined;
  for (const m of MAGIC) {
    const at = m.at ?? 0;
    if (sample.length >= at + m.bytes.length && m.bytes.every((b, k) => sample[at + k] === b)) return `binary file (${m.name})`;
  }
  const text = new TextDecoder('utf-8').decode(sample);
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x1b && (text.charCodeAt(i + 1) === 91 || text.charCodeAt(i + 1) === 93)) continue; // ESC [ / ESC ]: terminal codes
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 8)) odd++;
  }
  return odd > text.length * 0.1 ? 'binary file (mostly bytes that are not text)' : undefined;
}

function decoderFor(head: Uint8Array): { decoder: TextDecoder; skip: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2 };
  return { decoder: new TextDecoder('utf-8'), skip: 0 };
}

/** Scans a byte stream. */
export async function scanStream(input: Readable, options: StreamOptions): Promise<StreamScan> {
  const segmentSize = options.segment ?? 1 << 20;
  // At most a quarter of a segment, so each cut moves the buffer on.
  const overlap = Math.min(options.overlap ?? 4096, Math.floor(segmentSize / 4));
  const findings: StreamFinding[] = [];
  const values: string[] = [];
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let buf = '';
  /** Line and column (0-based, in characters) where `buf` starts. */
  let line = 1;
  let col = 0;
  /** `buf` starts with text already reported (the look-back of a cut inside a line): findings starting there are not reported again. */
  let reportedBefore = 0;

  /** Characters of the text before `buf`, and where the last reported finding ends (both absolute). */
  let consumed = 0;
  let reportedEnd = 0;

  const scanSegment = (text: string, acceptFrom: number, acceptTo: number) => {
    const found = detectLeaks(text, { policy: options.policy, knownValues: options.knownValues });
    if (!found.length) return;
    const lines = new LineIndex(text);
    for (const f of found) {
      if (f.start < acceptFrom || f.start >= acceptTo) continue;
      // Part of a finding the previous segment reported (seen whole there, cut here): the same one.
      if (consumed + f.start < reportedEnd) continue;
      reportedEnd = consumed + f.end;
      const p = lines.point(f.start);
      findings.push({ ...f, line: line + p.line - 1, column: (p.line === 1 ? col : 0) + p.column });
      if (values.length < MAX_VALUES) values.push(text.slice(f.start, f.end));
    }
  };
  /** Moves the start of `buf` past its first `n` characters, keeping line and column. */
  const advance = (n: number) => {
    const done = buf.slice(0, n);
    const lines = new LineIndex(done);
    const last = lines.lineCount;
    line += last - 1;
    col = (last === 1 ? col : 0) + (done.length - lines.lineStart(last));
    buf = buf.slice(n);
    consumed += n;
  };
  const drain = (final: boolean) => {
    // A cut inside a line needs `overlap` characters after it in the buffer.
    while (buf.length >= segmentSize + overlap || (final && buf.length > 0)) {
      if (buf.length <= segmentSize) {
        scanSegment(buf, reportedBefore, buf.length);
        advance(buf.length);
        reportedBefore = 0;
        return;
      }
      const window = buf.slice(0, segmentSize);
      const nl = window.lastIndexOf('\n') + 1;
      if (nl > reportedBefore) {
        // Whole lines: nothing the detector matches spans a line break.
        scanSegment(buf.slice(0, nl), reportedBefore, nl);
        advance(nl);
        reportedBefore = 0;
        continue;
      }
      // One line longer than a segment: cut at whitespace near the end, else anywhere; scan up to
      // `overlap` past the cut and report what starts before it; the next segment starts `overlap`
      // before the cut and reports what starts after it.
      // Both ends of what is scanned move out to a blank, so no word is read cut in two (a host
      // `example.com` cut to `example.co` is another host).
      const ws = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
      const cut = ws >= segmentSize / 2 && ws >= segmentSize - 65536 ? ws + 1 : segmentSize - overlap;
      let end = Math.min(buf.length, cut + overlap);
      while (end < buf.length && end - cut < overlap + WORD && !isBlank(buf.charCodeAt(end))) end++;
      scanSegment(buf.slice(0, end), reportedBefore, cut);
      let from = Math.max(reportedBefore, cut - overlap);
      while (from > reportedBefore && cut - from < overlap + WORD && !isBlank(buf.charCodeAt(from - 1))) from--;
      if (from === 0) from = Math.max(1, cut - overlap); // one word longer than a segment: cut it
      advance(from);
      reportedBefore = cut - from;
    }
  };

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    if (!decoder) {
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes < SNIFF) continue;
      const head = Buffer.concat(pending);
      const binary = sniffBinary(head);
      if (binary) {
        input.destroy();
        return { findings: [], binary, values: [] };
      }
      const d = decoderFor(head);
      decoder = d.decoder;
      buf += decoder.decode(head.subarray(d.skip), { stream: true });
      pending = [];
    } else buf += decoder.decode(bytes, { stream: true });
    drain(false);
  }
  if (!decoder) {
    const head = Buffer.concat(pending);
    const binary = sniffBinary(head);
    if (binary) return { findings: [], binary, values: [] };
    const d = decoderFor(head);
    decoder = d.decoder;
    buf += decoder.decode(head.subarray(d.skip), { stream: true });
  }
  buf += decoder.decode();
  drain(true);
  return { findings, values };
}

/** Scans a file by path (streamed). */
export function scanFile(path: string, options: StreamOptions): Promise<StreamScan> {
  return scanStream(createReadStream(path, { highWaterMark: 1 << 16 }), options);
}

const MARKDOWN = /\.(?:md|markdown)$/i;

/** The limits within which `sot lint` parses a document (the config's `limits`). */
export interface MarkdownLimits {
  maxFileBytes: number;
  maxLineLength: number;
  maxNesting: number;
  maxInlineMarkers: number;
}

/**
 * Scans a file by path as `sot scan` does: a Markdown file within the limits `sot lint` parses
 * documents in, as a document — what `no-endpoint-leak` reports —; anything else, a Markdown file
 * that is not UTF-8 text, and one `sot lint` refuses to parse (too large, a line too long, nesting
 * too deep, too many emphasis markers: the parser's cost explodes there), streamed.
 */
export async function scanPath(path: string, options: StreamOptions & { markdown: MarkdownLimits }): Promise<StreamScan> {
  const limits = options.markdown;
  if (MARKDOWN.test(path)) {
    const st = statSync(path);
    if (st.isFile() && st.size <= limits.maxFileBytes) {
      const decoded = decodeBytes(readFileSync(path));
      if (!decoded.binary && parseable(decoded.text, limits)) {
        const findings = scanMarkdown(decoded.text, options);
        return { findings, values: findings.slice(0, MAX_VALUES).map((f) => decoded.text.slice(f.start, f.end)) };
      }
    }
  }
  return scanFile(path, options);
}

function parseable(text: string, limits: MarkdownLimits): boolean {
  if (text.length > limits.maxLineLength) {
    for (let s = 0, e = text.indexOf('\n'); ; s = e + 1, e = text.indexOf('\n', s)) {
      if ((e === -1 ? text.length : e) - s > limits.maxLineLength) return false;
      if (e === -1) break;
    }
  }
  return containerDepth(text, limits.maxNesting).depth <= limits.maxNesting && inlineMarkers(text, limits.maxInlineMarkers).markers <= limits.maxInlineMarkers;
}

/**
 * The findings `no-endpoint-leak` reports in a Markdown text, with their lines and columns: the
 * text is parsed, as the rule parses it, so a value split by formatting is found by both. (A
 * cheaper gate — parse only when the text with its marks deleted holds a new finding — was tried
 * and misses values the property test finds: deleting marks also joins a value to a word.)
 */
export function scanMarkdown(text: string, options: StreamOptions): StreamFinding[] {
  const found = findMarkdownLeaks(text, parseMarkdown(text), options.policy, options.knownValues);
  if (!found.length) return [];
  const lines = new LineIndex(text);
  return found.map(({ split: _split, ...f }) => ({ ...f, ...lines.point(f.start) }));
}
