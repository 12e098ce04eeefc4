import { looksSensitive } from '../leaks/redact.js';

/**
 * Echoing document text in a message is how linters leak secrets. Every rule quotes through here:
 * single-line values in which the leak detector (the one behind `no-endpoint-leak`) finds no
 * endpoint or credential are shown; anything else is withheld and the position alone points at it.
 */

export function quote(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  // Control and replacement characters would garble a terminal or smuggle escape sequences.
  if (/[\u0000-\u001f\u007f-\u009f\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(oneLine)) return '(unprintable text)';
  if (looksSensitive(oneLine)) return '(value withheld)';
  const shown = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return `\`${shown.replace(/`/g, "'")}\``;
}

/** Text shown as-is in non-message output (graph labels), or a placeholder when it could hold a secret. */
export function safeText(value: string): string {
  const q = quote(value, 200);
  return q.startsWith('`') ? value.replace(/\s+/g, ' ').trim() : q;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text as one printable line: control characters (a newline in a file name a message names, a
 * terminal escape) are shown escaped (`\n`, `\x1b`), never acted on by a terminal or a log.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
