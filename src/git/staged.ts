import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDynamicPattern } from '../vendor/globby.js';
import { CONFIG_FILE_NAMES, findConfigFile, isFile, type SotConfig } from '../config/config.js';
import { git, GitError, readBlobs, splitZ } from './git.js';

export { GitError };
import { relativeInside } from './repo.js';
import { byPath } from '../util/order.js';

/** A file as the index holds it: the working-tree path it is reported at, and its blob hash. */
export interface IndexedFile {
  path: string;
  hash: string;
  inScope: boolean;
}

export interface StagedSet {
  /** Top of the working tree; git commands run here. */
  top: string;
  files: IndexedFile[];
}

/** git's hash of the empty blob (SHA-1 and SHA-256 repositories). */
const EMPTY_BLOBS = new Set(['e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813']);

/** Regular files only (not symlinks, not submodules). */
const BLOB_MODES = new Set(['100644', '100755']);

/**
 * What a commit would contain: the staged SOT documents (added, copied, modified or renamed in
 * the index, matching the named paths or, with none, the config's `include` globs) as the report
 * scope, and every other document in the index as context for cross-file rules, all as index
 * versions (blob hashes), never as the working tree has them. A partially staged file is judged
 * by what is staged.
 */
export async function collectStaged(options: { cwd: string; patterns: string[]; config: SotConfig; projectContext: boolean }): Promise<StagedSet> {
  const { cwd, patterns, config } = options;
  const cdup = (await git(['rev-parse', '--show-cdup'], { cwd })).toString('utf8').trim();
  const top = resolve(cwd, cdup);
  if (config.root !== top && relativeInside(top, config.root) === undefined) {
    throw new GitError(`--staged: the project folder ${config.root} (where the config is) is outside the git working tree ${top}`);
  }
  const projectSpecs = [...config.include.map((g) => `:(glob)${g}`), ...config.ignores.map((g) => `:(exclude,glob)${g}`)];
  const index = new Map<string, string>();
  const listIndex = async (specs: string[], at: string) => {
    for (const e of await indexEntries(['--full-name', '--', ...specs], at)) index.set(e.path, e.hash);
  };
  const scopeSpecs = patterns.length ? patterns.map((p) => toPathspec(cwd, p)) : projectSpecs;
  const scopeAt = patterns.length ? cwd : config.root;
  const staged = splitZ(await git(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-ext-diff', '--', ...scopeSpecs], { cwd: scopeAt }));
  if (staged.length === 0) return { top, files: [] };
  if (options.projectContext || !patterns.length) await listIndex(projectSpecs, config.root);
  const unknown = staged.filter((p) => !index.has(p));
  if (unknown.length) await listIndex(unknown.map((p) => `:(top,literal)${p}`), top);
  const scope = new Set(staged.filter((p) => index.has(p)));
  const files: IndexedFile[] = [];
  for (const [path, hash] of index) {
    const inScope = scope.has(path);
    if (inScope || options.projectContext) files.push({ path: resolve(top, path), hash, inScope });
  }
  files.sort(byPath);
  return { top, files };
}

/**
 * The config a commit is judged by (`--staged`): found as `findConfigFile` finds it, but where the
 * index holds a config file (tracked, not only marked with `git add -N`) that one counts, as the
 * index holds it, even if the working tree changed or deleted it. An untracked config is local
 * configuration, read from the working tree. `text` is undefined when the file is to be read
 * from disk. Outside a git repository, the working tree's (collectStaged then reports the error).
 */
export async function stagedConfig(cwd: string, explicit?: string): Promise<{ file?: string; text?: string }> {
  const tracked = new Map<string, string>();
  try {
    // Paths come relative to cwd (without --full-name), so one git call does.
    const specs = CONFIG_FILE_NAMES.map((name) => `:(top,glob)**/${name}`);
    for (const e of await indexEntries(['--', ...specs], cwd)) {
      // The empty blob is also what `git add -N` records: the commit holds no such file.
      if (!EMPTY_BLOBS.has(e.hash)) tracked.set(resolve(cwd, e.path), e.hash);
    }
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
  }
  const file = explicit ? resolve(cwd, explicit) : findConfigFile(cwd, (p) => tracked.has(p) || isFile(p));
  const hash = file === undefined ? undefined : tracked.get(file);
  if (!file || !hash) return { file };
  const blob = (await readBlobs(cwd, [hash])).get(hash);
  return { file, text: blob?.toString('utf8') };
}

/** `git ls-files --stage` entries (stage 0, regular files): path as git prints it, blob hash. */
async function indexEntries(args: string[], cwd: string): Promise<{ path: string; hash: string }[]> {
  const out: { path: string; hash: string }[] = [];
  for (const record of splitZ(await git(['ls-files', '--stage', '-z', ...args], { cwd }))) {
    const tab = record.indexOf('\t');
    const [mode, hash, stage] = record.slice(0, tab).split(' ');
    if (stage === '0' && mode && hash && BLOB_MODES.has(mode)) out.push({ path: record.slice(tab + 1), hash });
  }
  return out;
}

/** A command-line path as a git pathspec: globs as globs, folders as their Markdown, the rest literally. */
function toPathspec(cwd: string, pattern: string): string {
  if (isDynamicPattern(pattern)) return `:(glob)${pattern}`;
  let dir = false;
  try {
    dir = statSync(resolve(cwd, pattern)).isDirectory();
  } catch {
    // Not in the working tree (a staged file can be deleted from it): take it literally.
  }
  let end = pattern.length;
  while (end > 1 && pattern[end - 1] === '/') end--;
  return dir ? `:(glob)${pattern.slice(0, end)}/**/*.md` : `:(literal)${pattern}`;
}
