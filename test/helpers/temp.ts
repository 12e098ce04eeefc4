import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A Node stack-trace line: no output of the tool may contain one (errors are one line, exit 2). */
export const STACK = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;

/**
 * `tempDir(id)` makes a fresh folder under the system temp dir (`sot-<prefix>-<id>-…`); every one
 * made is removed after the test file's tests. Call at the top level of a test file.
 */
export function tempDirs(prefix: string): (id: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (id: string) => {
    const d = mkdtempSync(join(tmpdir(), `sot-${prefix}-${id}-`));
    dirs.push(d);
    return d;
  };
}
