import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesNamedByConfig, type SotConfig } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import { normalize } from '../leaks/normalize.js';
import { wholeDocument } from '../model/linked.js';
import { documentLeaks, knownValuesFor, policyFor, sensitiveCore } from '../leaks/redact.js';
import { PathCheck } from './path-check.js';
import type { FileAnalysis } from '../lint/analysis.js';
import { rulesDir, schemasDir, toolVersion } from '../paths.js';
import { CrossFileStore } from './cross-file.js';
import { entryLine, forEachEntry, SHARDS, shardOf } from './shards.js';

/** Bumped when the cache file's layout or the meaning of an entry changes. */
const CACHE_FORMAT = 11;

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
 * build), the effective config, "today" (date rules), the data the rules read (`rules/`,
 * `schemas/`) and the content of every file the config names (`filesNamedByConfig`: a custom
 * frontmatter schema, a leak-patterns file, …). Any change gives a new key, and an entry made
 * under another key is never used.
 */
export function cacheKey(config: SotConfig, today: string, dataDirs: readonly string[] = [rulesDir, schemasDir]): string {
  const h = createHash('sha256');
  // Which knownEnv variables are searched for in this run (set, and not a status word): a document
  // analysed without a value is not reused when it is searched for. Names only: a hash of the
  // values here would let anyone who can read the cache folder test guesses of them offline. A
  // value that changes while set is seen again at the latest the next day (`today` is in the key).
  const searched = knownValuesFor(config, policyFor(config)).map((v) => v.name);
  h.update(JSON.stringify({ format: CACHE_FORMAT, version: toolVersion(), today, config, searched }));
  h.update(buildId());
  for (const dir of dataDirs) digestDir(h, dir);
  for (const file of filesNamedByConfig(config)) {
    h.update(`${file}\0`);
    try {
      h.update(readFileSync(file));
    } catch {
      h.update('\0unreadable');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * In a command bundle (scripts/bundle-cli.mjs): `digestCode` of the compiled modules the bundle
 * was made from, computed by the build. In the ES modules: not defined.
 */
declare const __SOT_BUNDLE_ID__: string | undefined;

let stamp: string | undefined;
/**
 * The identity of the running code, so a rebuilt tool with other code never reuses an entry. In
 * a command bundle (how `sot lint` runs after `npm run build`) it is known for free: the build
 * wrote it in. In the ES modules (the editor's server, SOT_NO_BUNDLE=1, a build without esbuild)
 * it is computed once per process, the same way, so the editor and the command line share one
 * cache after a build. Either way it is the code that actually runs: a `tsc` build after the
 * bundle changes the modules' digest, not the bundle's id.
 */
export function buildId(): string {
  stamp ??= typeof __SOT_BUNDLE_ID__ === 'string' ? __SOT_BUNDLE_ID__ : digestCode(fileURLToPath(new URL('../', import.meta.url)));
  return stamp;
}

/** A digest of every compiled module of `root` (dist/), by path and content; the command bundles (made from them) are not read. */
export function digestCode(root: string): string {
  const h = createHash('sha256');
  const bundles = join(root, 'cli', 'bundled');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== bundles) walk(p);
      }
      else if (/\.(c?js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) h.update(`${relative(root, p).split('\\').join('/')}\0`).update(readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex');
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

/** What a locked entry holds once decrypted: a sealed analysis and its value ranges, or a masked copy. */
interface Locked {
  spans?: [number, number][];
  raw: string;
}

/**
 * The key of a locked entry: derived from the document's whole text, which only whoever can read
 * the document has (the entry's blob hash, stored in the clear, is another digest of it).
 */
function lockKey(text: string): Buffer {
  return createHash('sha256').update('sot-lint cache lock\0').update(text).digest();
}

/** `raw` encrypted (AES-256-GCM) under the document's key, as base64 (no tab, no newline: a shard line). */
function lock(text: string, payload: Locked): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', lockKey(text), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.from(Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'));
}

/** A locked entry opened with the document's text; undefined when the text is not the one it was locked with. */
function unlock(raw: Buffer, text: string): Locked | undefined {
  try {
    const bytes = Buffer.from(raw.toString('latin1'), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', lockKey(text), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const payload = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Locked;
    return typeof payload?.raw === 'string' && (payload.spans === undefined || isSpans(payload.spans)) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fields of the document model that cross-file rules read for few documents or none: they are
 * stored apart and parsed on first access, so loading the context of a big project (every
 * document, for the graph) decodes only its links (DocumentLinks), claims and prepared parts,
 * not its text, work items, references, sections or lists.
 */
const LAZY_FIELDS = new Set(['text', 'workItems', 'lists', 'blocks', 'headings', 'frontmatter', 'references', 'sections', 'htmlRanges', 'codeRanges', 'struck']);

/** `analysis-json` with the lazy doc fields taken out, then `<TAB>name=json` for each of them. */
function encode(analysis: Omit<FileAnalysis, 'inScope'>): string {
  if (!analysis.doc) return JSON.stringify(analysis);
  const source = analysis.doc as unknown as Record<string, unknown>;
  const doc: Record<string, unknown> = {};
  const lazy: string[] = [];
  // By name, not by own keys: a document decoded from the cache keeps its lazy fields on its prototype.
  for (const k of new Set([...Object.keys(source), ...LAZY_FIELDS])) {
    const v = source[k];
    if (v === undefined) continue;
    if (LAZY_FIELDS.has(k)) lazy.push(`${k}=${JSON.stringify(v)}`);
    else doc[k] = v;
  }
  return [JSON.stringify({ ...analysis, doc }), ...lazy].join('\t');
}

const TAB = 0x09;

/** Where a decoded document's lazy fields still are: the entry's bytes, past its head. */
const RAW = Symbol('sot-lint cached fields');
type LazyHolder = Record<string | symbol, unknown> & { [RAW]?: Buffer };

/** A lazy field of a decoded document: found in its bytes and parsed on first read, then an own property. */
function settleField(doc: LazyHolder, name: string): unknown {
  const raw = doc[RAW];
  let value: unknown;
  if (raw) {
    // `<TAB>name=` (JSON holds no raw tab, and no UTF-8 sequence holds the byte 0x09).
    const at = raw.indexOf(`\t${name}=`);
    if (at !== -1) {
      const start = at + name.length + 2;
      const end = raw.indexOf(TAB, start);
      value = JSON.parse(raw.toString('utf8', start, end === -1 ? raw.length : end));
    }
  }
  Object.defineProperty(doc, name, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/**
 * The prototype of every decoded document: one getter and setter per lazy field, shared, so
 * decoding thousands of context documents makes no closures and cuts no buffers. Only the fields
 * stored are answered from the bytes; the others read as undefined, as when they were not set.
 */
const lazyDocument: object = Object.create(
  Object.prototype,
  Object.fromEntries(
    [...LAZY_FIELDS].map((name) => [
      name,
      {
        enumerable: false,
        configurable: true,
        get(this: LazyHolder) {
          return settleField(this, name);
        },
        set(this: LazyHolder, value: unknown) {
          Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
        },
      },
    ]),
  ),
);

function decode(raw: Buffer): unknown {
  const tab = raw.indexOf(TAB);
  const analysis = JSON.parse(raw.toString('utf8', 0, tab === -1 ? raw.length : tab)) as { doc?: Record<string, unknown> };
  const doc = analysis?.doc;
  if (tab !== -1 && doc && typeof doc === 'object') {
    const lazy = Object.assign(Object.create(lazyDocument) as LazyHolder, doc);
    Object.defineProperty(lazy, RAW, { value: raw.subarray(tab) });
    analysis.doc = lazy;
  }
  return analysis;
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
  private readonly paths = new PathCheck();
  private readonly keyDir: string;
  /** The last run's cross-file messages and what they were drawn from (cross-file.ts). */
  readonly crossFile: CrossFileStore;
  hits = 0;
  misses = 0;
  /** Files whose stored hash was trusted from their size and mtime (`vouch`), not read. */
  unread = 0;

  private constructor(readonly dir: string, readonly key: string) {
    this.keyDir = join(this.dir, `v${CACHE_FORMAT}-${key.slice(0, 32)}`);
    this.crossFile = CrossFileStore.at(this.keyDir, key);
  }

  static async open(dir: string, key: string): Promise<AnalysisCache> {
    const cache = new AnalysisCache(resolve(dir), key);
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

/** The entry with each placeholder `\uE000k\uE001` replaced by value k as it is written inside a JSON string. */
function unseal(sealed: string, values: readonly string[]): string {
  return sealed.replace(/\uE000(\d+)\uE001/g, (_, k: string) => JSON.stringify(values[Number(k)] ?? '').slice(1, -1));
}

const foldText = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Whether `text` holds one of the values, or an 8-character piece of one (case and punctuation folded). */
function holdsPiece(text: string, cores: readonly string[]): boolean {
  const lower = text.toLowerCase();
  const folded = foldText(text);
  for (const core of cores) {
    if (core && lower.includes(core.toLowerCase())) return true;
    const f = foldText(core);
    if (f.length < 8 ? f.length > 0 && folded.includes(f) : windows(f, 8).some((w) => folded.includes(w))) return true;
  }
  return false;
}

/** Every string (keys included) of a sealed entry, its placeholders blanked: its head and each lazy field. */
function sealedStrings(bare: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
  };
  const [head, ...fields] = bare.split('\t');
  walk(JSON.parse(head!));
  for (const f of fields) walk(JSON.parse(f.slice(f.indexOf('=') + 1)));
  return out;
}
function windows(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

function isSpans(x: unknown): x is [number, number][] {
  return Array.isArray(x) && x.length > 0 && x.every((s) => Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[1] > s[0]);
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

