/**
 * Reads a JSON input of the gate (admission JSON, harness report) without trusting it: no hang on a
 * FIFO or device, no unbounded read, no stack blow-up on deep nesting, no duplicate key (never
 * last-wins). Every failure is a value the
 * gate turns into a block, never an exception.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parseStrictJson } from '../text/strict-json.js';

export type JsonInputProblem = 'missing' | 'unreadable' | 'too-large' | 'too-deep' | 'not-json' | 'duplicate-key';

export type JsonInput =
  | { ok: true; data: unknown; text: string }
  | { ok: false; problem: JsonInputProblem; detail: string; text?: string };

export interface JsonLimits {
  maxInputBytes: number;
  maxJsonDepth: number;
}

/** Whether `[`/`{` nesting outside strings goes deeper than `max` (one linear pass, no recursion). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? 'error';
}

export function readJsonInput(path: string, limits: JsonLimits): JsonInput {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing', detail: 'no such file' };
    return { ok: false, problem: 'unreadable', detail: `cannot open it (${code})` };
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, problem: 'unreadable', detail: 'it is a directory' };
    if (!st.isFile()) return { ok: false, problem: 'unreadable', detail: 'it is not a regular file' };
    if (st.size > limits.maxInputBytes) return { ok: false, problem: 'too-large', detail: `it is ${st.size} bytes, over the limit of ${limits.maxInputBytes}` };
    // Read at most one byte over the limit: a file that grows while we read is still bounded.
    const buf = Buffer.alloc(Math.min(st.size, limits.maxInputBytes) + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n === buf.length) break;
    }
    if (n > limits.maxInputBytes) return { ok: false, problem: 'too-large', detail: `it is over the limit of ${limits.maxInputBytes} bytes` };
    bytes = buf.subarray(0, n);
  } catch (e) {
    return { ok: false, problem: 'unreadable', detail: `cannot read it (${errorCode(e)})` };
  } finally {
    closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: 'not-json', detail: 'it is not UTF-8 text' };
  }
  if (!text.trim()) return { ok: false, problem: 'not-json', detail: 'it is empty', text };
  if (jsonDepthExceeds(text, limits.maxJsonDepth)) return { ok: false, problem: 'too-deep', detail: `it nests deeper than ${limits.maxJsonDepth} levels`, text };
  // A duplicate key at any depth is refused: JSON.parse would silently keep the last value.
  const parsed = parseStrictJson(text);
  if (parsed.ok) return { ok: true, data: parsed.data, text };
  return { ok: false, problem: parsed.duplicate ? 'duplicate-key' : 'not-json', detail: parsed.message, text };
}
