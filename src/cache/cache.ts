import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SotConfig } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import { normalize } from '../leaks/normalize.js';
import { wholeDocument } from '../model/linked.js';
import { documentLeaks, sensitiveCore } from '../leaks/redact.js';
import type { FileAnalysis } from '../lint/analysis.js';
import { CrossFileStore } from './cross-file.js';
import { CACHE_FORMAT } from './key.js';
import { decode, encode, type LazyHolder, RAW } from './lazy-document.js';
import { lock, unlock } from './lock.js';
import { PathCheck } from './path-check.js';
import { holdsPiece, sealedStrings, unseal } from './seal.js';
import { entryLine, forEachEntry, SHARDS, shardOf } from './shards.js';

/**
 * The store of per-file analyses: entries by path and content hash, in shards (below). Its parts:
 * the key (key.ts), how an analysis is encoded and lazily decoded (lazy-document.ts), locked
 * entries (lock.ts) and sealed ones (seal.ts).
 */
export { blobHash, buildId, cacheKey, defaultCacheLocation, digestCode } from './key.js';

/**
 * A file's size and modification time when its bytes were read, and when that was (ms since the
 * epoch, taken before the read): what lets a later run trust the stored hash without reading.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  readAt: number;
}

/**
 * How long before the read a file's last modification must be for its stamp to be trusted. A
 * write after the read then gives a later mtime even on file systems with 2-second mtimes (FAT);
 * files modified just before they were read ("racily clean", as git calls them) are read again.
 */
const RACY_MS = 2000;

interface Entry {
  /** Blob hash of the content the analysis was made from. */
  hash: string;
  stamp?: FileStamp;
  /** Whether the per-file rules ran (the file was in scope); context-only entries have no messages. */
  rules: boolean;
  /**
   * The analysis as stored (see `encode`), parsed only when the file is looked up: UTF-8 bytes (a
   * view into the shard as read, or an entry made in this run), decoded field by field on access.
   */
  raw: Buffer;
  /**
   * Set on the entry of a document that holds leaked values (a locked entry, `lock`): `raw` is
   * encrypted with a key derived from the document's text, so it can be read only with the file
   * at hand. Inside: a sealed analysis (each value a placeholder `\uE000k\uE001`, and the values'
   * ranges, read back from the file) or a masked context copy. Neither a value nor its length (a
   * range, a run of `x`s) is readable from the cache without the document.
   */
  locked?: true;
}

const shardName = (n: number) => `${String(n).padStart(2, '0')}.jsonl`;

/**
 * Per-file analyses (the document model and the per-file rules' messages), keyed by path and
 * content hash, under a key that covers everything else they depend on. Cross-file messages are
 * kept apart (`crossFile`, cross-file.ts), with what they were drawn from of every other file.
 *
 * Layout: `<dir>/v<format>-<key>/NN.jsonl`, 64 shards by path. Each shard starts with a header
 * line naming the key, then one line per file: `["path","hash",rules,stamp?,locked?]<TAB>analysis`
 * (see `encode`; JSON never holds a raw tab or newline, so both are safe separators; `locked`:
 * `1` when the analysis is encrypted under the document's own text, see `Entry.locked`). Only the small head of
 * each line is parsed when the cache opens; an analysis is parsed when its file is looked up, and
 * its large fields when a rule first reads them. A missing,
 * unreadable, corrupt or outdated shard or line is ignored (that file is analysed again); shards
 * are replaced atomically, and caches made under other keys are removed when this one is written.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly dirtyShards = new Set<number>();
  private readonly seen = new Set<string>();
  private readonly paths: PathCheck;
  private readonly keyDir: string;
  /** The last run's cross-file messages and what they were drawn from (cross-file.ts). */
  readonly crossFile: CrossFileStore;
  hits = 0;
  misses = 0;
  /** Files whose stored hash was trusted from their size and mtime (`vouch`), not read. */
  unread = 0;

  private constructor(readonly dir: string, readonly key: string, config?: Pick<SotConfig, 'leaks' | 'root'>) {
    this.paths = new PathCheck(config);
    this.keyDir = join(this.dir, `v${CACHE_FORMAT}-${key.slice(0, 32)}`);
    this.crossFile = CrossFileStore.at(this.keyDir, key, config);
  }

  /** `config`: the run's, whose leak policy also decides which paths get no entry (path-check.ts). */
  static async open(dir: string, key: string, config?: Pick<SotConfig, 'leaks' | 'root'>): Promise<AnalysisCache> {
    const cache = new AnalysisCache(resolve(dir), key, config);
    const header = cache.header();
    await Promise.all(
      Array.from({ length: SHARDS }, async (_, n) => {
        // Read as bytes: only each line's small key is decoded now (the rest when looked up), so
        // opening a cache of thousands of documents does not decode all of their text.
        const bytes = await readFile(join(cache.keyDir, shardName(n))).catch(() => Buffer.alloc(0));
        const head = Buffer.from(`${header}\n`);
        if (bytes.length < head.length || !bytes.subarray(0, head.length).equals(head)) return;
        forEachEntry(bytes, head.length, n, (path, [, hash, rules, stamp, locked], raw) => {
          if (typeof hash !== 'string' || typeof rules !== 'boolean') return;
          const entry: Entry = { hash, rules, raw, stamp: isStamp(stamp) ? stamp : undefined };
          if (locked !== undefined) {
            if (locked !== 1) return;
            entry.locked = true;
          }
          cache.entries.set(path, entry);
        });
      }),
    );
    return cache;
  }

  private header(): string {
    return JSON.stringify({ tool: 'sot-lint', format: CACHE_FORMAT, key: this.key });
  }

  /** The analysis of `path` with content `hash`, if cached with the rules run when `inScope` needs them. */
  get(path: string, hash: string, inScope: boolean, text?: string): FileAnalysis | undefined {
    this.seen.add(path);
    const e = this.entries.get(path);
    let analysis: unknown;
    if (e && e.hash === hash && (e.rules || !inScope) && (!e.locked || text !== undefined)) {
      try {
        if (e.locked) {
          const opened = unlock(e.raw, text!);
          if (opened) analysis = decode(Buffer.from(opened.spans ? unseal(opened.raw, opened.spans.map(([a, b]) => text!.slice(a, b))) : opened.raw));
        } else analysis = decode(e.raw);
      } catch {
        analysis = undefined;
      }
    }
    if (!isAnalysis(analysis)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { ...analysis, path, inScope, messages: inScope ? analysis.messages : [] };
  }

  /**
   * The stored content hash of `path`, when its size and mtime are what they were when it was read
   * and it had not been modified just before that read (RACY_MS): the file need not be read.
   */
  vouch(path: string, size: number, mtimeMs: number): string | undefined {
    const e = this.entries.get(path);
    return e && trusted(e.stamp, size, mtimeMs) ? e.hash : undefined;
  }

  /**
   * Records the stamp of a read that found the entry (`hash`) current, when it differs from the
   * stored one: an entry made from the index (--staged), or one read too soon after a change to
   * be trusted, can then be vouched for next time.
   */
  restamp(path: string, hash: string, stamp: FileStamp): void {
    const e = this.entries.get(path);
    if (!e || e.hash !== hash) return;
    if (trusted(e.stamp, stamp.size, stamp.mtimeMs)) return;
    e.stamp = stamp;
    this.dirtyShards.add(shardOf(path));
  }

  /** Whether the entry for this content is locked (sealed, or a masked copy): looking it up needs the file's text (`get`). */
  isSealed(path: string, hash: string): boolean {
    const e = this.entries.get(path);
    return !!e && e.hash === hash && e.locked === true;
  }

  /**
   * Stores the analysis of a document that holds leaked values, sealed: each value replaced by a
   * placeholder, its range kept. A hit then costs one read of the file instead of a parse and every
   * rule. Refused (false) unless the placeholders restore the exact entry and the sealed entry holds
   * no value, no 8-character piece of one (case and punctuation folded), and nothing the detector
   * reports; the caller then keeps a masked copy as before. Nothing written can repeat a value.
   */
  setSealed(path: string, hash: string, analysis: FileAnalysis, config: SotConfig, stamp?: FileStamp): boolean {
    const doc = analysis.doc && wholeDocument(analysis.doc);
    if (!doc || analysis.internalErrors || doc.masked || !doc.leaks?.length) return false;
    if (this.paths.holdsValue(path)) return this.forget(path);
    // Not sealed (kept only as a masked copy) when a value is in the frontmatter (YAML decodes
    // escapes into the model) or when an id was read out of a value (the model would keep pieces).
    const inLeak = (r: { start: number; end: number }) => doc.leaks!.some((l) => l.start < r.end && r.start < l.end);
    if (doc.frontmatter && inLeak(doc.frontmatter.range)) return false;
    if (doc.references.some((ref) => inLeak(ref.range))) return false;
    const text = doc.text;
    const spans: [number, number][] = [];
    for (const l of doc.leaks) if (l.end > l.start && !spans.some(([a, b]) => a === l.start && b === l.end)) spans.push([l.start, l.end]);
    if (!spans.length) return false;
    const values = spans.map(([a, b]) => text.slice(a, b));
    const { inScope, ...rest } = analysis;
    const encoded = encode(rest);
    if (/[\uE000\uE001]/.test(encoded)) return false;
    let sealed = encoded;
    const order = values.map((_, k) => k).sort((x, y) => values[y]!.length - values[x]!.length);
    for (const k of order) {
      const esc = JSON.stringify(values[k]).slice(1, -1);
      if (!esc) return false;
      sealed = sealed.split(esc).join(`\uE000${k}\uE001`);
    }
    if (unseal(sealed, values) !== encoded) return false;
    const bare = sealed.replace(/\uE000\d+\uE001/g, ' ');
    // Each value as written and as the detector reads it (escapes and entities undone).
    const cores = doc.leaks.flatMap((l) => {
      const core = sensitiveCore(text, l);
      return [core, normalize(core).text];
    });
    if (holdsPiece(bare, cores)) return false;
    if (documentLeaks(bare, config).length > 0) return false;
    // The model also holds text decoded from the source (YAML escapes, entities, backslashes): each
    // string is checked as itself, not only as JSON (where an escape can hide what follows it).
    if (sealedStrings(bare).some((str) => documentLeaks(str, config).length > 0 || holdsPiece(str, cores))) return false;
    this.seen.add(path);
    this.entries.set(path, { hash, rules: inScope, raw: lock(text, { spans, raw: sealed }), stamp, locked: true });
    this.dirtyShards.add(shardOf(path));
    return true;
  }

  /** Drops the entry for `path` (none is written for it); false, for `setSealed`'s caller. */
  private forget(path: string): false {
    this.seen.add(path);
    if (this.entries.delete(path)) this.dirtyShards.add(shardOf(path));
    return false;
  }

  /** Whether an entry for this content is stored (of either kind: with the rules' messages, or context only). */
  holds(path: string, hash: string): boolean {
    return this.entries.get(path)?.hash === hash;
  }

  /**
   * Stores an analysis. `original`: for a masked context copy (`doc.masked`), the text of the
   * document it was made from, under which it is locked (the copy's runs of `x` would tell each
   * value's length); a masked copy without it is not stored.
   */
  set(path: string, hash: string, analysis: FileAnalysis, stamp?: FileStamp, original?: string): void {
    this.seen.add(path);
    if (analysis.internalErrors) return; // a crashed rule is retried next time
    if (this.paths.holdsValue(path)) {
      this.forget(path);
      return;
    }
    // An entry keeps the document's text: a document holding a leaked value is never written
    // (callers that know the config scan with it first, and write a masked copy instead; this
    // default-policy scan is the backstop, and a masked copy's text is scanned afresh).
    const doc = analysis.doc;
    const leaks = doc ? (doc.masked ? documentLeaks(doc.text) : (doc.leaks ??= documentLeaks(doc.text))) : [];
    if ((doc?.masked && (analysis.inScope || original === undefined)) || leaks.length > 0) {
      if (this.entries.delete(path)) this.dirtyShards.add(shardOf(path));
      return;
    }
    const { inScope, ...rest } = analysis;
    const raw = encode(rest);
    this.entries.set(path, doc?.masked ? { hash, rules: inScope, raw: lock(original!, { raw }), stamp, locked: true } : { hash, rules: inScope, raw: Buffer.from(raw), stamp });
    this.dirtyShards.add(shardOf(path));
  }

  /**
   * Writes the shards that changed. With `complete` (the run saw every document of the project),
   * entries of files the run did not see (deleted, renamed, now ignored) are dropped.
   */
  async save(complete: boolean): Promise<void> {
    if (complete) {
      for (const path of this.entries.keys()) {
        if (!this.seen.has(path)) {
          this.entries.delete(path);
          this.dirtyShards.add(shardOf(path));
        }
      }
    }
    if (!this.dirtyShards.size) {
      if (existsSync(this.keyDir)) await this.crossFile.save();
      return;
    }
    mkdirSync(this.keyDir, { recursive: true });
    // A cache folder inside the project must never be committed.
    const ignore = join(this.dir, '.gitignore');
    if (!existsSync(ignore)) {
      await writeFileAtomic(ignore, '# Created by sot-lint: the lint cache is local.\n*\n', { overwrite: false }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    }
    const header = this.header();
    const parts: Buffer[][] = Array.from({ length: SHARDS }, () => [Buffer.from(`${header}\n`)]);
    for (const [path, e] of this.entries) {
      const n = shardOf(path);
      if (!this.dirtyShards.has(n)) continue;
      parts[n]!.push(...entryLine(e.locked ? [path, e.hash, e.rules, e.stamp ?? null, 1] : e.stamp ? [path, e.hash, e.rules, e.stamp] : [path, e.hash, e.rules], e.raw));
    }
    await Promise.all([...[...this.dirtyShards].map((n) => writeFileAtomic(join(this.keyDir, shardName(n)), Buffer.concat(parts[n]!))), this.crossFile.save()]);
    this.dirtyShards.clear();
    // Caches made under other keys (another config, date or tool version) are dead weight.
    for (const e of readdirSync(this.dir, { withFileTypes: true })) {
      if (e.isDirectory() && /^v\d+-[0-9a-f]+$/.test(e.name) && join(this.dir, e.name) !== this.keyDir) rmSync(join(this.dir, e.name), { recursive: true, force: true });
    }
  }
}

/** The stamp says a file of this size and mtime is unchanged since it was read (and not racily so). */
function trusted(stamp: FileStamp | undefined, size: number, mtimeMs: number): boolean {
  return !!stamp && stamp.size === size && stamp.mtimeMs === mtimeMs && mtimeMs < stamp.readAt - RACY_MS;
}

function hasText(doc: object): boolean {
  const raw = (doc as LazyHolder)[RAW];
  return Object.hasOwn(doc, 'text') || (raw !== undefined && raw.indexOf('\ttext=') !== -1);
}

function isStamp(x: unknown): x is FileStamp {
  const s = x as Partial<FileStamp> | undefined;
  return !!s && typeof s === 'object' && Number.isFinite(s.size) && Number.isFinite(s.mtimeMs) && Number.isFinite(s.readAt);
}

function isAnalysis(a: unknown): a is Omit<FileAnalysis, 'inScope'> {
  const x = a as Partial<FileAnalysis> | undefined;
  // `text` may be a lazy field: check that it is stored without parsing it.
  return !!x && typeof x === 'object' && Array.isArray(x.messages) && (x.doc === undefined || (typeof x.doc === 'object' && x.doc !== null && hasText(x.doc)));
}

