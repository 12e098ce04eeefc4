import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { LineIndex } from '../text/line-index.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import type { KnownValue } from './known-env.js';
import type { LeakPolicy } from './policy.js';

/**
 * Scanning any text file (logs, JSON reports, traces, argv dumps) as a stream: the text is
 * decoded incrementally and scanned in segments of whole lines, so memory stays bounded whatever
 * the file's size. A line longer than a segment is cut at whitespace, or — with no whitespace at
 * all — with an overlap, so a value that straddles the cut is still seen whole.
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
}

export interface StreamOptions {
  policy: LeakPolicy;
  knownValues?: readonly KnownValue[];
  /** Segment size in characters (tests make it small). */
  segment?: number;
  /** Characters scanned twice around a cut inside a line without whitespace. */
  overlap?: number;
}

const SNIFF = 8192;

/** NUL bytes, or mostly control/undecodable characters, in the first few KB: not text. */
function sniffBinary(head: Uint8Array): string | undefined {
  const sample = head.subarray(0, SNIFF);
  const utf16 = sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff));
  if (utf16) return undefined;
  const nul = sample.indexOf(0);
  if (nul !== -1) return `binary file (a NUL byte at offset ${nul})`;
  const text = new TextDecoder('utf-8').decode(sample);
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) odd++;
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
  const overlap = Math.min(options.overlap ?? 4096, Math.floor(segmentSize / 2));
  const findings: StreamFinding[] = [];
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let buf = '';
  /** Line and column (0-based, in characters) where `buf` starts. */
  let line = 1;
  let col = 0;
  /** Findings that start before this index of `buf` belong to the previous segment. */
  let reportedBefore = 0;

  const scanSegment = (text: string, acceptFrom: number, acceptTo: number) => {
    const found = detectLeaks(text, { policy: options.policy, knownValues: options.knownValues });
    if (!found.length) return;
    const lines = new LineIndex(text);
    for (const f of found) {
      if (f.start < acceptFrom || f.start >= acceptTo) continue;
      const p = lines.point(f.start);
      findings.push({ ...f, line: line + p.line - 1, column: (p.line === 1 ? col : 0) + p.column });
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
  };
  const drain = (final: boolean) => {
    while (buf.length >= segmentSize || (final && buf.length > 0)) {
      if (final && buf.length < segmentSize) {
        scanSegment(buf, reportedBefore, buf.length);
        advance(buf.length);
        reportedBefore = 0;
        return;
      }
      const window = buf.slice(0, segmentSize);
      let cut = window.lastIndexOf('\n') + 1;
      if (cut === 0) {
        const ws = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
        if (ws >= segmentSize - 65536 && ws > 0) cut = ws + 1;
      }
      if (cut > 0) {
        scanSegment(buf.slice(0, cut), reportedBefore, cut);
        advance(cut);
        reportedBefore = 0;
      } else {
        // One unbroken run longer than a segment: scan it, but report only what starts before the
        // last `overlap` characters; they are scanned again, whole, at the start of the next one.
        const keep = segmentSize - overlap;
        scanSegment(window, reportedBefore, keep);
        advance(keep);
        reportedBefore = 0;
      }
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
        return { findings: [], binary };
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
    if (binary) return { findings: [], binary };
    const d = decoderFor(head);
    decoder = d.decoder;
    buf += decoder.decode(head.subarray(d.skip), { stream: true });
  }
  buf += decoder.decode();
  drain(true);
  return { findings };
}

/** Scans a file by path (streamed). */
export function scanFile(path: string, options: StreamOptions): Promise<StreamScan> {
  return scanStream(createReadStream(path, { highWaterMark: 1 << 16 }), options);
}
