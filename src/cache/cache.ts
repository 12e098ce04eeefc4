import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SotConfig } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import type { FileAnalysis } from '../lint/engine.js';
import { rulesDir, schemasDir, toolVersion } from '../paths.js';

/** Bumped when the cache file's layout or the meaning of an entry changes. */
const CACHE_FORMAT = 1;
const CACHE_FILE = 'analyses.json';

/**
 * Git's blob hash of some bytes (`git hash-object`): the cache key of a file's content. The index
 * already holds it for every staged file, so `--staged` looks files up without reading them.
 */
export function blobHash(bytes: Uint8Array, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Where the cache lives by default: beside other tools' caches when there is a node_modules. */
export function defaultCacheLocation(root: string): string {
  return existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'sot-lint') : join(root, '.sot-cache');
}

/**
 * Everything an analysis depends on besides the file's own bytes and path: the tool (version and
 * the code actually running), the effective config, "today" (date rules), and the data the rules
 * read (`rules/`, `schemas/`, a custom frontmatter schema). Any change gives a new key, and an
 * entry made under another key is never used.
 */
export function cacheKey(config: SotConfig, today: string, dataDirs: readonly string[] = [rulesDir, schemasDir]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: CACHE_FORMAT, version: toolVersion(), today, config }));
  h.update(codeStamp());
  for (const dir of dataDirs) digestDir(h, dir);
  if (config.frontmatterSchema) {
    try {
      h.update(readFileSync(config.frontmatterSchema));
    } catch {
      h.update('unreadable frontmatter schema');
    }
  }
  return h.digest('hex');
}

let stamp: string | undefined;
/** Names, sizes and modification times of the running code: a rebuilt tool invalidates the cache even without a version bump. */
function codeStamp(): string {
  if (stamp === undefined) {
    const root = fileURLToPath(new URL('../', import.meta.url));
    const h = createHash('sha256');
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(js|ts)$/.test(e.name)) {
          const s = statSync(p);
          h.update(`${relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
        }
      }
    };
    walk(root);
    stamp = h.digest('hex');
  }
  return stamp;
}

function digestDir(h: ReturnType<typeof createHash>, dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) digestDir(h, p);
    else {
      h.update(`${e.name}\0`);
      h.update(readFileSync(p));
    }
  }
}

interface Entry {
  /** Blob hash of the content the analysis was made from. */
  hash: string;
  /** Whether the per-file rules ran (the file was in scope); context-only entries have no messages. */
  rules: boolean;
  analysis: Omit<FileAnalysis, 'inScope'>;
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, Entry>;
}

/**
 * Per-file analyses (the document model and the per-file rules' messages), keyed by path and
 * content hash, under a key that covers everything else they depend on. Cross-file conclusions
 * are never stored: they depend on the other files. A missing, unreadable, corrupt or outdated
 * cache file is treated as empty; the file is replaced atomically, so a crash never leaves half a
 * cache behind.
 */
export class AnalysisCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;
  private seen = new Set<string>();
  hits = 0;
  misses = 0;

  private constructor(readonly dir: string, readonly key: string) {}

  static async open(dir: string, key: string): Promise<AnalysisCache> {
    const cache = new AnalysisCache(resolve(dir), key);
    try {
      const data = JSON.parse(await readFile(join(cache.dir, CACHE_FILE), 'utf8')) as Partial<CacheFile>;
      if (data && data.format === CACHE_FORMAT && data.key === key && data.entries && typeof data.entries === 'object') cache.entries = data.entries;
    } catch {
      // No cache yet, or not one we can use: start empty.
    }
    return cache;
  }

  /** The analysis of `path` with content `hash`, if cached with the rules run when `inScope` needs them. */
  get(path: string, hash: string, inScope: boolean): FileAnalysis | undefined {
    this.seen.add(path);
    const e = this.entries[path];
    if (!e || e.hash !== hash || (inScope && !e.rules) || !isAnalysis(e.analysis)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { ...e.analysis, path, inScope, messages: inScope ? e.analysis.messages : [] };
  }

  set(path: string, hash: string, analysis: FileAnalysis): void {
    this.seen.add(path);
    if (analysis.internalErrors) return; // a crashed rule is retried next time
    const { inScope, ...rest } = analysis;
    this.entries[path] = { hash, rules: inScope, analysis: rest };
    this.dirty = true;
  }

  /**
   * Writes the cache if anything changed. With `complete` (the run saw every document of the
   * project), entries of files the run did not see (deleted, renamed, now ignored) are dropped.
   */
  async save(complete: boolean): Promise<void> {
    if (complete) {
      for (const path of Object.keys(this.entries)) {
        if (!this.seen.has(path)) {
          delete this.entries[path];
          this.dirty = true;
        }
      }
    }
    if (!this.dirty) return;
    mkdirSync(this.dir, { recursive: true });
    // A cache folder inside the project must never be committed.
    const ignore = join(this.dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '# Created by sot-lint: the lint cache is local.\n*\n');
    const file: CacheFile = { format: CACHE_FORMAT, key: this.key, entries: this.entries };
    await writeFileAtomic(join(this.dir, CACHE_FILE), JSON.stringify(file));
    this.dirty = false;
  }
}

function isAnalysis(a: unknown): a is Omit<FileAnalysis, 'inScope'> {
  const x = a as Partial<FileAnalysis> | undefined;
  return !!x && Array.isArray(x.messages) && (x.doc === undefined || (typeof x.doc === 'object' && x.doc !== null && typeof x.doc.text === 'string'));
}
