import { randomBytes } from 'node:crypto';
import { chmod, link, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its own mode. Default 0o666 (less the umask). */
  mode?: number;
  /** False: fail with EEXIST instead of replacing an existing file (still atomic, never a partial file). */
  overwrite?: boolean;
}

/**
 * Writes a file so that readers see either the old content or the new, never a mix: the data goes
 * to a temporary file in the same folder (same file system), is flushed, then renamed over the
 * target. A symbolic link is followed, so the link stays a link and its target is replaced. With
 * `overwrite: false` the temporary file is hard-linked to the target instead, which fails if the
 * target exists. On any failure the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const existing = await stat(target).catch(() => undefined);
  if (existing && options.overwrite === false) throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
  const mode = existing ? existing.mode & 0o7777 : options.mode;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(tmp, mode);
    if (options.overwrite === false) {
      await link(tmp, target);
      await unlink(tmp);
    } else await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
