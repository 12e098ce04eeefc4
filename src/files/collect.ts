import { statSync } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { convertPathToPattern, globby, isDynamicPattern } from '../vendor/globby.js';
import type { SotConfig } from '../config/config.js';
import type { LintInput } from '../lint/engine.js';

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

/** Reads every file with bounded concurrency; a file that vanished or cannot be read becomes a finding. */
export interface ReadOptions {
  concurrency?: number;
  /**
   * Given a file's size and mtime, the content hash a cache trusts for it: the file is then not
   * read (the input carries `hash` and no bytes). Every file read gets a `stamp` for the cache.
   */
  vouch?: (path: string, size: number, mtimeMs: number) => string | undefined;
}

export async function readInputs(set: FileSet, options: ReadOptions = {}): Promise<LintInput[]> {
  const { concurrency = 64, vouch } = options;
  const all = [...set.scope.map((p) => ({ path: p, inScope: true })), ...set.context.map((p) => ({ path: p, inScope: false }))];
  const inputs: LintInput[] = new Array(all.length);
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      const { path, inScope } = all[i]!;
      try {
        inputs[i] = vouch ? await readStamped(path, inScope, vouch) : { path, inScope, bytes: await readFile(path) };
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const danglingLink = err.code === 'ENOENT' && (await lstat(path).catch(() => undefined))?.isSymbolicLink();
        inputs[i] = { path, inScope, readError: danglingLink ? 'is a symbolic link whose target does not exist; fix or remove the link' : describeReadError(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, all.length) }, worker));
  for (const u of set.unreadable) inputs.push({ path: u.path, readError: u.reason });
  return inputs;
}

/**
 * A file's stamp (stat taken synchronously: thousands of tiny async stats cost more in thread-pool
 * round trips than the stats themselves), and its bytes only when `vouch` does not know them.
 */
async function readStamped(path: string, inScope: boolean, vouch: NonNullable<ReadOptions['vouch']>): Promise<LintInput> {
  const readAt = Date.now();
  const st = statSync(path, { throwIfNoEntry: false });
  const stamp = st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, readAt } : undefined;
  const hash = stamp ? vouch(path, stamp.size, stamp.mtimeMs) : undefined;
  return hash ? { path, inScope, hash, stamp } : { path, inScope, bytes: await readFile(path), stamp };
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
