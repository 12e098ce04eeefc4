/**
 * Echoing document text in a message is how linters leak secrets. Every rule quotes through here:
 * short, single-line values that cannot hold an endpoint or credential are shown; anything else
 * is withheld and the position alone points at it.
 */
const SENSITIVE = /[a-z][a-z0-9+.-]{0,20}:\/\/|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4}:[0-9a-f]{0,4}:|@|\.ts\.net|\.local\b|\.internal\b|bearer|token|secret|passw|api[-_]?key|:\d{2,5}\b|%[0-9a-f]{2}|&#|\\/i;

export function quote(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  // Control and replacement characters would garble a terminal or smuggle escape sequences.
  if (/[\u0000-\u001f\u007f-\u009f\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(oneLine)) return '(unprintable text)';
  if (SENSITIVE.test(oneLine)) return '(value withheld)';
  const shown = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return `\`${shown.replace(/`/g, "'")}\``;
}

/** Text shown as-is in non-message output (graph labels), or a placeholder when it could hold a secret. */
export function safeText(value: string): string {
  const q = quote(value, 200);
  return q.startsWith('`') ? value.replace(/\s+/g, ' ').trim() : q;
}
