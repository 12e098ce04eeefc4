import { closeSync, lstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import type { FileStamp } from '../cache/cache.js';

/**
 * Reading one document from disk, for every command that lints files. Synchronous on purpose:
 * documents are small local files, and 5,000 of them read in about 0.1 s this way against about
 * 0.6 s through the thread pool's async reads (each a round trip for a few kilobytes).
 *
 * What is named on the command line is not always a file. A directory, a device (`/dev/zero`
 * never ends) or a socket gets a message instead of a read that hangs or fills memory; a pipe
 * (`sot lint <(git show HEAD:doc.md)`, `/dev/stdin`) is read, but never more than the size limit.
 */

/** The bytes, or the hash a cache vouched for (then nothing was read), or why there is neither. */
export type ReadOutcome = { bytes: Buffer; stamp?: FileStamp } | { hash: string; stamp: FileStamp } | { error: string };

/** The message for a document over `limits.maxFileBytes`; `size` undefined: a pipe that went on past it. */
export function overLimitMessage(size: number | undefined, limit: number): string {
  const what = size === undefined ? `more than ${limit} bytes` : `${size} bytes, over the limit of ${limit}`;
  return `file is ${what} (limits.maxFileBytes); it was not linted: split the file, or raise the limit in the config`;
}

/**
 * Stats `path` and reads it, unless `vouch` knows the content's hash by the file's size and mtime
 * (a cache). `maxBytes`: a regular file over it is not read at all, a pipe is read up to it.
 */
export function readDocumentFile(path: string, maxBytes: number, vouch?: (size: number, mtimeMs: number) => string | undefined): ReadOutcome {
  const readAt = Date.now();
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { error: describeStatError(path, e as NodeJS.ErrnoException) };
  }
  if (st.isDirectory()) return { error: 'is a directory, not a file; name the documents inside it' };
  if (st.isFIFO()) return readPipe(path, maxBytes);
  if (!st.isFile()) return { error: `is ${kindOf(st)}, not a regular file; name a Markdown document` };
  const stamp = { size: st.size, mtimeMs: st.mtimeMs, readAt };
  if (st.size > maxBytes) return { error: overLimitMessage(st.size, maxBytes) };
  const hash = vouch?.(st.size, st.mtimeMs);
  if (hash) return { hash, stamp };
  try {
    return { bytes: readFileSync(path), stamp };
  } catch (e) {
    return { error: describeReadError(e as NodeJS.ErrnoException) };
  }
}

/** A pipe has no size: read until its end, or until it passes `maxBytes`. */
function readPipe(path: string, maxBytes: number): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { error: overLimitMessage(undefined, maxBytes) };
      chunks.push(chunk.subarray(0, n));
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { error: describeReadError(e as NodeJS.ErrnoException) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function describeStatError(path: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT' && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return 'is a symbolic link whose target does not exist; fix or remove the link';
  return describeReadError(e);
}

function describeReadError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'file disappeared before it could be read; run again';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file cannot be read; check its permissions';
    case 'EISDIR':
      return 'is a directory, not a file; name the documents inside it';
    case 'ELOOP':
      return 'symbolic link loop: the link points back at itself; fix or remove the link';
    default:
      return `cannot read the file (${e.code ?? e.message.split('\n')[0]}); check that it is a readable regular file`;
  }
}
