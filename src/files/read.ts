import { closeSync, lstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import type { FileStamp } from '../cache/cache.js';
import { overLimitMessage } from './limits.js';

/**
 * Reading one document from disk, for every command that lints files. Synchronous on purpose:
 * documents are small local files, and 5,000 of them read in about 0.1 s this way against about
 * 0.6 s through the thread pool's async reads (each a round trip for a few kilobytes).
 *
 * What is named on the command line is not always a file. A directory, a device (`/dev/zero`
 * never ends) or a socket gets a message instead of a read that hangs or fills memory; a pipe
 * (`sot lint <(git show HEAD:doc.md)`, `/dev/stdin`) is read, and reading stops once past the
 * size limit.
 */

/** The bytes, or the hash a cache vouched for (then nothing was read), or why there is neither. */
export type ReadOutcome = { bytes: Buffer; stamp?: FileStamp } | { hash: string; stamp: FileStamp } | { error: string };

/**
 * Stats `path` and reads it, unless `vouch` knows the content's hash by the file's size and mtime
 * (a cache). `maxBytes`: a regular file over it is not read at all, a pipe is read up to it.
 */
export function readDocumentFile(path: string, maxBytes: number): Exclude<ReadOutcome, { hash: string }>;
export function readDocumentFile(path: string, maxBytes: number, vouch?: (size: number, mtimeMs: number) => string | undefined): ReadOutcome;
export function readDocumentFile(path: string, maxBytes: number, vouch?: (size: number, mtimeMs: number) => string | undefined): ReadOutcome {
  const readAt = Date.now();
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { error: describeStatError(path, e as NodeJS.ErrnoException) };
  }
  const refused = refusal(st);
  if (refused) return { error: refused };
  const stamp = st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, readAt } : undefined;
  // A pipe has no size, and files in /proc, /sys and some FUSE mounts report 0: read up to the limit.
  if (!stamp || st.size === 0) return readCapped(path, maxBytes, stamp);
  if (st.size > maxBytes) return { error: overLimitMessage(st.size, maxBytes) };
  const hash = vouch?.(st.size, st.mtimeMs);
  if (hash) return { hash, stamp };
  try {
    return { bytes: readFileSync(path), stamp };
  } catch (e) {
    return { error: describeReadError(e as NodeJS.ErrnoException) };
  }
}

/**
 * Reads until the end, or stops once past `maxBytes`. Each read is copied out of one buffer: a
 * pipe written a line at a time gives many short reads, and a view per read would keep a whole
 * buffer alive for each of them.
 */
function readCapped(path: string, maxBytes: number, stamp?: FileStamp): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { error: overLimitMessage(undefined, maxBytes) };
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    const bytes = Buffer.concat(chunks, total);
    return stamp ? { bytes, stamp } : { bytes };
  } catch (e) {
    return { error: describeReadError(e as NodeJS.ErrnoException) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why `st` is not read at all (a directory, a device, a socket), or undefined for a file or a pipe. */
export function refusal(st: Stats, wanted = 'a Markdown document'): string | undefined {
  if (st.isFile() || st.isFIFO()) return undefined;
  if (st.isDirectory()) return 'is a directory, not a file; name the documents inside it';
  const kind = st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a file';
  return `is ${kind}, not a regular file; name ${wanted}`;
}

function describeStatError(path: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT' && isLink(path)) return 'is a symbolic link whose target does not exist; fix or remove the link';
  return describeReadError(e);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  } catch {
    return false; // the folder went away or became unreadable too: the stat error says enough
  }
}

/** A read or stat error as a message that says what to do. */
export function describeReadError(e: NodeJS.ErrnoException): string {
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
