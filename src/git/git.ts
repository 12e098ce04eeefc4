import { spawn } from 'node:child_process';

/** git failed or is missing: the message says which command and why, in git's own words. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Runs git and returns its stdout as bytes; a non-zero exit is a GitError with git's stderr. */
export function git(args: string[], options: { cwd: string; input?: string | Uint8Array }): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(new GitError(e.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit ${code}`}`));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading all input; its exit code tells
    child.stdin.end(options.input ?? '');
  });
}

/** NUL-separated records of `-z` output. */
export function splitZ(out: Buffer): string[] {
  const s = out.toString('utf8');
  return s.split('\0').filter((x) => x.length > 0);
}

/**
 * Reads blobs from the object database with one `git cat-file --batch`: the index versions of
 * files, whatever the working tree holds.
 */
export async function readBlobs(cwd: string, hashes: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (hashes.length === 0) return blobs;
  const unique = [...new Set(hashes)];
  const out = await git(['cat-file', '--batch'], { cwd, input: `${unique.join('\n')}\n` });
  let at = 0;
  for (const hash of unique) {
    const nl = out.indexOf(0x0a, at);
    if (nl === -1) throw new GitError('git cat-file --batch: output ended early');
    const header = out.toString('utf8', at, nl).split(' ');
    if (header[1] === 'missing' || header.length < 3) throw new GitError(`git cat-file: object ${hash} is missing`);
    const size = Number(header[2]);
    blobs.set(hash, out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return blobs;
}
