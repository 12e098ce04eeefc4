import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The top of the git working tree that holds `from` (the nearest folder with a `.git` entry, a
 * directory or, in worktrees and submodules, a file), without spawning git. Undefined outside a
 * repository.
 */
export function findRepoRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(`${dir}${sep}.git`)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `file` relative to `root` with `/` separators, or undefined when it lies outside `root`. */
export function relativeInside(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
