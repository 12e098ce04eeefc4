import { lstat, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { convertPathToPattern, globby, isDynamicPattern } from '../vendor/globby.js';
import type { SotConfig } from '../config/config.js';
import type { LintInput } from '../lint/analysis.js';
import { readDocumentFile } from './read.js';

/** A path argument that names nothing: a usage error (exit 2), not a finding. */
export class NoSuchPathError extends Error {
  constructor(readonly paths: string[]) {
    super(`no files match ${paths.map((p) => `"${p}"`).join(', ')}; check the path (commands: sot --help), or pass --no-error-on-unmatched-pattern`);
    this.name = 'NoSuchPathError';
  }
}

export interface FileSet {
  /** Files whose findings are reported. */
  scope: string[];
  /** Files read only so cross-file rules see the whole project (pre-commit passes a few files). */
  context: string[];
  /** Named paths that could not be linted as files, with why (directory named like a document…). */
  unreadable: { path: string; reason: string }[];
}

/**
 * Git-ignored files (build output, generated corpora) are never part of the project's documents.
 * The `.gitignore` files are found here, without following symbolic links, and handed to globby as
 * `ignoreFiles`: globby's own `gitignore: true` searches for them following every link, which
 * never ends in a folder with a link loop (`.sot/loop -> .`).
 */
async function globOptions(cwd: string, config: SotConfig) {
  const base = { cwd, dot: true, followSymbolicLinks: false, suppressErrors: true } as const;
  const gitignores = await globby('**/.gitignore', { ...base, onlyFiles: true, ignore: config.ignores });
  return { ...base, absolute: true, onlyFiles: true, ignoreFiles: gitignores.map((f) => convertPathToPattern(f)), ignore: config.ignores } as const;
}

/**
 * Resolves the command-line paths. Files named explicitly are linted whatever their extension;
 * folders are searched for `*.md`; globs are expanded. With no paths, the config's `include`
 * globs (default every `.sot` folder's Markdown) are the scope.
 */
export async function collectFiles(options: { cwd: string; patterns: string[]; config: SotConfig; projectContext: boolean; errorOnUnmatched?: boolean }): Promise<FileSet> {
  const { cwd, patterns, config } = options;
  const project = async () => (await globby(config.include, await globOptions(config.root, config))).sort();
  if (patterns.length === 0) return { scope: await project(), context: [], unreadable: [] };

  const scope = new Set<string>();
  const unreadable: FileSet['unreadable'] = [];
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const abs = resolve(cwd, pattern);
    const info = await lstat(abs).catch(() => undefined);
    if (info) {
      const target = info.isSymbolicLink() ? await stat(abs).catch(() => undefined) : info;
      if (target?.isDirectory()) {
        if (/\.(md|markdown|txt)$/i.test(abs)) {
          unreadable.push({ path: abs, reason: `is a directory, not a file: "${pattern}" names a folder; pass the files inside it or the folder without a document name` });
          continue;
        }
        const found = await globby(['**/*.md'], await globOptions(abs, config));
        if (found.length === 0) unmatched.push(pattern);
        for (const f of found) scope.add(f);
      } else scope.add(abs);
      continue;
    }
    if (isDynamicPattern(pattern)) {
      const found = await globby([pattern], await globOptions(cwd, config));
      if (found.length === 0) unmatched.push(pattern);
      for (const f of found) scope.add(f);
      continue;
    }
    unmatched.push(pattern);
  }
  if (unmatched.length && options.errorOnUnmatched !== false) throw new NoSuchPathError(unmatched);
  const sortedScope = [...scope].sort();
  const context = options.projectContext ? (await project()).filter((f) => !scope.has(f)) : [];
  return { scope: sortedScope, context, unreadable };
}

/** How `readInputs` reads. */
export interface ReadOptions {
  /**
   * Given a file's size and mtime, the content hash a cache trusts for it: the file is then not
   * read (the input carries `hash` and no bytes). Every regular file read gets a `stamp` for the cache.
   */
  vouch?: (path: string, size: number, mtimeMs: number) => string | undefined;
  /** `limits.maxFileBytes`: a larger file is reported, not read. */
  maxFileBytes: number;
}

/** Reads every file (see files/read.ts); a file that vanished or cannot be read becomes a finding. */
export async function readInputs(set: FileSet, options: ReadOptions): Promise<LintInput[]> {
  const { vouch, maxFileBytes } = options;
  const read = (path: string, inScope: boolean): LintInput => {
    const got = readDocumentFile(path, maxFileBytes, vouch && ((size, mtimeMs) => vouch(path, size, mtimeMs)));
    if ('error' in got) return { path, inScope, readError: got.error };
    if ('hash' in got) return { path, inScope, hash: got.hash, stamp: got.stamp };
    return got.stamp && vouch ? { path, inScope, bytes: got.bytes, stamp: got.stamp } : { path, inScope, bytes: got.bytes };
  };
  const inputs = [...set.scope.map((p) => read(p, true)), ...set.context.map((p) => read(p, false))];
  for (const u of set.unreadable) inputs.push({ path: u.path, readError: u.reason });
  return inputs;
}
