import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { AnalysisCache, blobHash, cacheKey, defaultCacheLocation } from '../cache/cache.js';
import { CONFIG_FILE_NAMES, defaultConfig, loadConfig, type SotConfig } from '../config/config.js';
import { DataFileError } from '../data/load-data.js';
import { collectFiles } from '../files/collect.js';
import { readDocumentFile } from '../files/read.js';
import type { FileAnalysis, LintInput } from '../lint/analysis.js';
import { crossFileMessages } from '../lint/cross-file.js';
import { finishAnalysis } from '../lint/finish.js';
import { analyzeFile } from '../lint/per-file.js';
import { localToday, RunContext } from '../lint/run-context.js';
import { ruleIds } from '../lint/registry.js';
import type { LintMessage, LintResult, Rule } from '../lint/types.js';

export interface ProjectOptions {
  /** YYYY-MM-DD; by default the local date, re-read as days pass. */
  today?: string;
  /** Replaces the registered rules (tests). */
  rules?: readonly Rule[];
  /**
   * Reuse and refresh `sot lint --cache`'s per-file analyses when indexing. Default: when the
   * cache would live in node_modules/.cache or its folder exists already (never creates a
   * .sot-cache folder unasked).
   */
  cache?: boolean;
  log?(message: string): void;
}

export interface LoadProgress {
  done: number;
  total: number;
}

/** Files read at once while indexing. */
const READ_AHEAD = 64;
/** The longest stretch of indexing work between two looks at the editor's messages. */
const SLICE_MS = 12;

/**
 * The SOT documents of one workspace folder and their per-file analyses. Open documents are
 * analysed from the editor's text with every per-file rule (in scope); the others from disk,
 * model only (they are context for the cross-file rules, which report only on open documents).
 */
export class Project {
  config: SotConfig;
  ctx: RunContext;
  /** Why the config file could not be used, when it could not (defaults apply meanwhile). */
  configError?: string;
  /** Every indexed document's analysis, by absolute path. */
  private readonly analyses = new Map<string, FileAnalysis>();
  /** Open documents' editor texts. */
  private readonly open = new Map<string, string>();
  private known = new Set<string>();
  private notDocuments = new Set<string>();
  /** Paths changed since the last cross-file run. */
  private dirty = true;
  private generation = 0;
  /** True once every document has been analysed: only then do cross-file rules run. */
  ready = false;
  /** The cache being written after indexing (awaited at shutdown). */
  saving: Promise<void> = Promise.resolve();
  /** Resolves once the document list is known (membership questions can be answered). */
  listed: Promise<void>;
  private resolveListed!: () => void;

  constructor(readonly folder: string, private readonly options: ProjectOptions = {}) {
    this.config = defaultConfig(folder);
    this.ctx = this.newContext();
    this.listed = new Promise((r) => (this.resolveListed = r));
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private newContext(): RunContext {
    // Analyses may go to the cache (unless it is turned off): context documents get the Markdown-aware leak scan.
    return new RunContext(this.config, { today: this.options.today, rules: this.options.rules, caching: this.options.cache !== false });
  }

  /** Whether `path` lies in this project's folder. */
  owns(path: string): boolean {
    const rel = relative(this.folder, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  isDocument(path: string): boolean {
    return this.known.has(path);
  }

  get size(): number {
    return this.known.size;
  }

  /** The folders that hold the project's documents (for clients that cannot watch files). */
  documentDirs(): Set<string> {
    const dirs = new Set<string>();
    for (const path of this.known) dirs.add(dirname(path));
    return dirs;
  }

  /** Whether a config file at `path` is (or could become) the one this project reads. */
  configAffectedBy(path: string): boolean {
    if (!Project.isConfigFile(path)) return false;
    const dir = dirname(path);
    return path === this.config.file || dir === this.folder || this.folder.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  }

  /**
   * (Re)loads the config and the whole index: lists the documents, then reads and analyses them
   * in small batches (open documents from the editor's text).
   */
  async load(progress?: (p: LoadProgress) => void): Promise<void> {
    const generation = ++this.generation;
    this.ready = false;
    this.configError = undefined;
    try {
      this.config = loadConfig({ cwd: this.folder, knownRules: [...ruleIds(), ...(this.options.rules ?? []).map((r) => r.meta.id)] });
      // Building the context checks what the config names (rule options, the leak patterns file):
      // a problem there is the config's too, not an unhandled rejection that ends the server.
      this.ctx = this.newContext();
    } catch (e) {
      this.config = defaultConfig(this.folder);
      this.configError = e instanceof DataFileError ? `invalid ${e.file}: ${e.reasons.join('; ')}` : `cannot load the configuration: ${firstLine(e)}`;
      this.ctx = this.newContext();
    }
    const files = await this.list();
    if (generation !== this.generation) return;
    this.known = new Set(files);
    this.notDocuments.clear();
    for (const path of [...this.analyses.keys()]) if (!this.known.has(path)) this.analyses.delete(path);
    this.resolveListed();
    // Reads run ahead of the analyses; the analyses run in slices of a few milliseconds so that
    // the editor's messages (a change to publish at once) are answered while a big index builds.
    const cache = await this.openCache();
    let hits = 0;
    const read = (i: number) => Promise.all(files.slice(i, i + READ_AHEAD).map((path) => this.input(path, this.open.get(path))));
    let next = read(0);
    let sliceStart = performance.now();
    for (let i = 0; i < files.length; i += READ_AHEAD) {
      const inputs = await next;
      if (generation !== this.generation) return;
      if (i + READ_AHEAD < files.length) next = read(i + READ_AHEAD);
      for (const [k, input] of inputs.entries()) {
        // A document opened or edited while it was read keeps the editor's text.
        const text = this.open.get(input.path);
        if (text !== undefined) this.analyses.set(input.path, analyzeFile({ path: input.path, text, inScope: true }, this.ctx));
        else if (cache && input.bytes) {
          const hash = blobHash(input.bytes);
          let a = cache.get(input.path, hash, false);
          if (a) hits++;
          else cache.set(input.path, hash, (a = analyzeFile(input, this.ctx)));
          this.analyses.set(input.path, a);
        } else this.analyses.set(input.path, analyzeFile(input, this.ctx));
        if (performance.now() - sliceStart > SLICE_MS) {
          progress?.({ done: i + k + 1, total: files.length });
          await new Promise<void>((r) => setImmediate(r));
          if (generation !== this.generation) return;
          sliceStart = performance.now();
        }
      }
    }
    progress?.({ done: files.length, total: files.length });
    if (cache) {
      this.log(`cache: ${hits} of ${files.length} documents reused from ${cache.dir}`);
      this.saving = cache.save(true).catch((e: unknown) => this.log(`could not write the cache in ${cache.dir}: ${firstLine(e)}`));
    }
    this.dirty = true;
    this.ready = true;
  }

  private async openCache(): Promise<AnalysisCache | undefined> {
    const dir = defaultCacheLocation(this.config.root);
    const use = this.options.cache ?? (dir.includes(`${sep}node_modules${sep}`) || existsSync(dir));
    if (!use) return undefined;
    try {
      return await AnalysisCache.open(dir, cacheKey(this.config, this.ctx.today), this.config);
    } catch (e) {
      this.log(`cache unavailable: ${firstLine(e)}`);
      return undefined;
    }
  }

  private async list(): Promise<string[]> {
    try {
      return (await collectFiles({ cwd: this.folder, patterns: [], config: this.config, projectContext: false })).scope;
    } catch (e) {
      this.log(`cannot list the documents of ${this.folder}: ${firstLine(e)}`);
      return [];
    }
  }

  private async input(path: string, text: string | undefined): Promise<LintInput> {
    const inScope = this.open.has(path);
    if (text !== undefined) return { path, text, inScope };
    // As `sot lint` reads it: the same messages, and a file over limits.maxFileBytes is not read.
    const got = readDocumentFile(path, this.config.limits.maxFileBytes);
    return 'error' in got ? { path, inScope, readError: got.error } : { path, bytes: got.bytes, inScope };
  }

  /**
   * Whether an opened file that is not in the index is a document of the project after all (it
   * was created since the index was built): the project's globs are listed again, at most once per
   * path until the next change on disk.
   */
  async discover(path: string): Promise<boolean> {
    if (this.known.has(path)) return true;
    if (this.notDocuments.has(path) || !this.owns(path)) return false;
    const files = await this.list();
    for (const f of files) this.known.add(f);
    if (!this.known.has(path)) this.notDocuments.add(path);
    return this.known.has(path);
  }

  /** Forget "not a document" answers (something was created on disk). */
  forgetNegatives(): void {
    this.notDocuments.clear();
  }

  /** Analyses an open document's editor text with every per-file rule. */
  setEditorText(path: string, text: string): FileAnalysis {
    this.refreshToday();
    this.open.set(path, text);
    const a = analyzeFile({ path, text, inScope: true }, this.ctx);
    this.analyses.set(path, a);
    this.dirty = true;
    return a;
  }

  /** The document was closed: back to its text on disk, as context only. */
  async closed(path: string): Promise<void> {
    this.open.delete(path);
    if (!this.known.has(path)) {
      this.analyses.delete(path);
      return;
    }
    await this.reloadFromDisk(path);
  }

  /** Re-reads a document that changed on disk (not open in the editor). */
  async reloadFromDisk(path: string): Promise<void> {
    if (this.open.has(path)) return;
    const input = await this.input(path, undefined);
    if (this.open.has(path)) return;
    if (input.readError !== undefined && (!this.known.has(path) || !existsSync(path))) {
      this.removed(path);
      return;
    }
    this.known.add(path);
    this.analyses.set(path, analyzeFile(input, this.ctx));
    this.dirty = true;
  }

  /** A document was deleted on disk. */
  removed(path: string): void {
    if (this.open.has(path)) return;
    this.known.delete(path);
    if (this.analyses.delete(path)) this.dirty = true;
  }

  analysisOf(path: string): FileAnalysis | undefined {
    return this.analyses.get(path);
  }

  /** A file name the config is read from: a change to it reloads the project. */
  static isConfigFile(path: string): boolean {
    return CONFIG_FILE_NAMES.includes(basename(path));
  }

  /**
   * Runs the cross-file rules over the whole index and returns each open document's cross-file
   * messages (before directives). Undefined when nothing changed since the last run or while
   * the index is still being built.
   */
  crossFile(force = false): Map<string, LintMessage[]> | undefined {
    if (!this.ready || (!this.dirty && !force)) return undefined;
    this.refreshToday();
    this.dirty = false;
    const all = [...this.analyses.values()];
    const { messages } = crossFileMessages(all, this.ctx);
    const out = new Map<string, LintMessage[]>();
    for (const path of this.open.keys()) {
      const a = this.analyses.get(path);
      if (a) out.set(path, messages.get(a) ?? []);
    }
    return out;
  }

  /** An open document's result: its fresh per-file messages plus the given cross-file messages. */
  finish(path: string, crossFile: readonly LintMessage[]): LintResult | undefined {
    const a = this.analyses.get(path);
    return a ? finishAnalysis(a, crossFile, this.ctx) : undefined;
  }

  /** Analyses a hypothetical text of a document (to check a code action) without keeping it. */
  tryText(path: string, text: string, crossFile: readonly LintMessage[]): LintResult {
    return finishAnalysis(analyzeFile({ path, text, inScope: true }, this.ctx), crossFile, this.ctx);
  }

  /** A long-running server crosses midnight: date rules compare with the new day. */
  private refreshToday(): void {
    if (this.options.today !== undefined || this.ctx.today === localToday()) return;
    this.ctx = this.newContext();
    for (const [path, text] of this.open) this.analyses.set(path, analyzeFile({ path, text, inScope: true }, this.ctx));
    this.dirty = true;
  }

  dispose(): void {
    this.generation++;
  }
}

export function firstLine(e: unknown): string {
  return redact(((e as Error)?.message ?? String(e)).split('\n')[0] ?? '');
}

/** Log lines never carry a URL or an address that could be a leaked endpoint. */
export function redact(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>').replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<address>');
}
