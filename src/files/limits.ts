/**
 * The message for a document over `limits.maxFileBytes`, whether the reader saw its size before
 * reading (files/read.ts) or the engine was handed the bytes (lint/admit.ts); `size` undefined:
 * a pipe that went on past the limit.
 */
export function overLimitMessage(size: number | undefined, limit: number): string {
  const what = size === undefined ? `more than ${limit} bytes` : `${size} bytes, over the limit of ${limit}`;
  return `file is ${what} (limits.maxFileBytes); it was not linted: split the file, or raise the limit in the config`;
}
