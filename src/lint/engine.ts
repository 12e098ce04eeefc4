import { relative } from 'node:path';
import type { Root } from 'mdast';
import type { SotConfig } from '../config/config.js';
import type { LeakFinding } from '../leaks/detect.js';
import { findDocumentLeaks } from '../leaks/markdown.js';
import { documentLeaks, knownValuesFor, LEAK_RULE_ID, policyFor, type Redactor, redactorFor } from '../leaks/redact.js';
import { buildDocument } from '../model/build.js';
import { buildModelOptions, type ModelOptions } from '../model/options.js';
import { graphOf } from '../graph/graph.js';
import { RunMemos } from '../util/run-memo.js';
import { isWholeDocument, linkedPart, wholeDocument } from '../model/linked.js';
import type { LinkedDocument, SotDocument } from '../model/types.js';
import { parseMarkdown } from '../parse/markdown.js';
import { decodeBytes } from '../text/decode.js';
import { overLimitMessage } from '../files/limits.js';
import { LineIndex } from '../text/line-index.js';
import { linesOf, rememberLines } from '../text/doc-lines.js';
import { containerDepth, inlineMarkers, tableCells } from '../text/prescan.js';
import { crossFileDigest } from './cross-file-digest.js';
import { printable } from './quote.js';
import { allRules, metaByIdOf, ruleIds } from './registry.js';
import { checkRuleOptions, optionsOf } from './rule-options.js';
import { applyDirectives } from './suppress.js';
import { Timing } from './timing.js';
import { hashHex } from '../util/hash.js';
import type { DocumentContext, DocumentRule, LintMessage, LintResult, RelatedLocation, Report, Rule, RuleMeta, Severity, WorkspaceRule } from './types.js';

/** One file to lint: its bytes (or text), or why it could not be read. */
export interface LintInput {
  path: string;
  bytes?: Uint8Array;
  /**
   * Git's blob hash of the content, when it is known without the bytes (the index; a cache that
   * vouched for the file by its size and mtime): the cache is asked first, the bytes read only on a miss.
   */
  hash?: string;
  /** Size and mtime when the bytes were read (see cache.ts FileStamp): stored with the cache entry. */
  stamp?: { size: number; mtimeMs: number; readAt: number };
  text?: string;
  readError?: string;
  /** False for files read only as context for cross-file rules: they get no result of their own. */
  inScope?: boolean;
}

export interface LintOptions {
  config: SotConfig;
  /** YYYY-MM-DD; defaults to the local date. */
  today?: string;
  timing?: Timing;
  /** What the run keeps of each document (`RunContext.keep`): whole models by default. */
  keep?: 'document' | 'linked';
  /** The rules to run instead of the registered ones (an embedding tool's own set). */
  rules?: readonly Rule[];
}

/**
 * Everything known about one file after the per-file phase: its model and the per-file rules'
 * messages. Depends only on the file's content and the run's settings, so it can be cached or
 * computed in a worker; cross-file conclusions are never part of it.
 */
export interface FileAnalysis {
  path: string;
  inScope: boolean;
  /** The document's model: whole, or in a run that keeps less (`RunContext` `keep`) its `LinkedDocument` part. */
  doc?: SotDocument | LinkedDocument;
  messages: LintMessage[];
  internalErrors: number;
  /** Git's blob hash of the content analysed, when the run knows it (a run through the cache). */
  contentHash?: string;
}

export interface LintRun {
  results: LintResult[];
  /** Every parsed document of the run, context files included (for graph, explain): whole or linked parts (`RunContext` `keep`). */
  documents: LinkedDocument[];
  internalErrors: number;
}

type Reportable = Report & { severityOverride?: 'warn' | 'error' };

/** Settings and compiled rule lists shared by every file of a run. */
export class RunContext {
  readonly modelOptions: ModelOptions;
  readonly today: string;
  readonly timing: Timing;
  readonly docRules: DocumentRule[];
  readonly wsRules: WorkspaceRule[];
  /** What the per-file phase runs on an in-scope document: the document rules, then workspace rules' `checkDocument`. */
  readonly perFileChecks: readonly { id: string; check(ctx: DocumentContext): void }[];
  /**
   * What the run keeps of each document after its per-file phase: the whole model, or only its
   * `LinkedDocument` part (with every workspace rule's part prepared first) for a caller that reads
   * nothing else: under half the size (serialized, 7.6 of 17.4 KB per generated document), and
   * what a worker thread copies back.
   */
  readonly keep: 'document' | 'linked';
  /** Every rule id a directive may name. */
  readonly knownRules: ReadonlySet<string>;
  /**
   * What this context remembers between its cross-file runs (the last graph, reference counts):
   * an editor's project updates them after each edit; dropping the context lets them go.
   */
  readonly memos = new RunMemos();
  /** The metadata of the rules this context was given (and the engine's checks): what messages are reported with. */
  readonly ruleMetas: ReadonlyMap<string, RuleMeta>;

  /**
   * Analyses may be written to a cache: context documents get the Markdown-aware leak scan too (a
   * value split by formatting must not be cached), not only the plain-text one on demand.
   */
  readonly caching: boolean;

  /** `rules` replaces the registered rules (an embedding tool's own set; tests). */
  constructor(readonly config: SotConfig, options: { today?: string; timing?: Timing; rules?: readonly Rule[]; caching?: boolean; keep?: 'document' | 'linked' } = {}) {
    this.caching = options.caching === true;
    this.keep = options.keep ?? 'document';
    // The cache stores whole models (a later run's in-scope file, the editor, read more of them).
    if (this.caching && this.keep === 'linked') throw new Error("a run that caches its analyses keeps whole documents (keep: 'document')");
    this.modelOptions = buildModelOptions(config);
    // The leak policy (bundled and the project's leaks.patternsFile) loads now: a broken file is a
    // configuration error before any file is read, not a failure inside a rule.
    policyFor(config);
    this.today = options.today ?? localToday();
    this.timing = options.timing ?? new Timing(false);
    const given = options.rules ?? allRules();
    this.ruleMetas = metaByIdOf(given);
    // Rule options are the config's: a bad one stops the run (exit 2) before any file is read.
    checkRuleOptions(config, this.ruleMetas);
    const on = given.filter((r) => severityOf(config, r.meta.id, r.meta.defaultSeverity) !== 0);
    // A rule's data files load now (never at import): a broken one is a configuration error too.
    for (const r of on) r.load?.();
    this.docRules = on.filter((r): r is DocumentRule => r.meta.scope === 'document');
    this.wsRules = on.filter((r): r is WorkspaceRule => r.meta.scope === 'workspace');
    this.perFileChecks = [
      ...this.docRules.map((r) => ({ id: r.meta.id, check: (c: DocumentContext) => r.check(c) })),
      ...this.wsRules.flatMap((r) => (r.checkDocument ? [{ id: r.meta.id, check: (c: DocumentContext) => r.checkDocument!(c) }] : [])),
    ];
    this.knownRules = new Set([...ruleIds(), ...(options.rules ?? []).map((r) => r.meta.id)]);
  }
}

export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function severityOf(config: SotConfig, id: string, fallback: 'warn' | 'error'): Severity | 0 {
  const s = config.rules[id] ?? fallback;
  return s === 'off' ? 0 : s === 'warn' ? 1 : 2;
}

/** Moved to text/doc-lines.ts (rules import it from there); kept here for the engine's other callers. */
export { linesOf };

/** Lints a set of files as one workspace: per-file rules, then cross-file rules, then directives. */
export function lintInputs(inputs: LintInput[], options: LintOptions): LintRun {
  const ctx = new RunContext(options.config, options);
  return lintAnalyses(inputs.map((input) => analyzeFile(input, ctx)), ctx);
}

/** The per-file phase: decode, parse once, build the model, run the per-file rules. */
export function analyzeFile(input: LintInput, ctx: RunContext): FileAnalysis {
  const { config, timing } = ctx;
  const analysis: FileAnalysis = { path: input.path, inScope: input.inScope !== false, messages: [], internalErrors: 0 };
  let lines = new LineIndex('');
  const occurrences = new Map<string, number>();
  const report = (ruleId: string, r: Reportable) => {
    // Redacted against the document's recorded leaks once they are known (the Markdown-aware scan,
    // which also finds a value split by formatting), as the cross-file phase redacts.
    const m = toMessage(ctx, input.path, lines, occurrences, ruleId, r, analysis.doc?.leaks);
    if (m) analysis.messages.push(m);
  };
  if (input.readError !== undefined) {
    report('file-unreadable', { range: { start: 0, end: 0 }, message: input.readError });
    return analysis;
  }
  let text = input.text;
  if (text === undefined) {
    const bytes = input.bytes ?? new Uint8Array();
    if (bytes.length > config.limits.maxFileBytes) {
      report('file-unreadable', { range: { start: 0, end: 0 }, message: overLimitMessage(bytes.length, config.limits.maxFileBytes) });
      return analysis;
    }
    const decoded = timing.time('read', () => decodeBytes(bytes));
    text = decoded.text;
    lines = new LineIndex(text);
    for (const p of decoded.problems) report('file-unreadable', { range: { start: p.offset ?? 0, end: p.offset ?? 0 }, message: p.message, severityOverride: p.severity });
    if (decoded.binary) return analysis;
  } else {
    if (text.length > config.limits.maxFileBytes) {
      report('file-unreadable', { range: { start: 0, end: 0 }, message: `file is ${text.length} characters long, over the limit of ${config.limits.maxFileBytes} (limits.maxFileBytes); it was not linted: split the file, or raise the limit in the config` });
      return analysis;
    }
    lines = new LineIndex(text);
  }
  const longLine = findLongLine(lines, config.limits.maxLineLength);
  if (longLine) {
    const at = lines.lineStart(longLine);
    report('file-unreadable', { range: { start: at, end: at }, message: `line ${longLine} is longer than ${config.limits.maxLineLength} characters (limits.maxLineLength); the file was not linted: break the line, or raise the limit in the config` });
    return analysis;
  }
  const nesting = containerDepth(text, config.limits.maxNesting);
  if (nesting.depth > config.limits.maxNesting) {
    report('file-unreadable', {
      range: { start: nesting.offset, end: nesting.offset },
      message: `block quotes and lists nest more than ${config.limits.maxNesting} levels deep at line ${nesting.line} (limits.maxNesting); the file was not linted: flatten the nesting, or raise the limit in the config`,
    });
    return analysis;
  }
  const inline = inlineMarkers(text, config.limits.maxInlineMarkers);
  if (inline.markers > config.limits.maxInlineMarkers) {
    report('file-unreadable', {
      range: { start: inline.offset, end: inline.offset },
      message: `the paragraph at line ${inline.line} has more than ${config.limits.maxInlineMarkers} emphasis and strikethrough markers and brackets (limits.maxInlineMarkers); the file was not linted: split the paragraph, or raise the limit in the config`,
    });
    return analysis;
  }
  const tables = tableCells(text, config.limits.maxTableCells);
  if (tables.cells > config.limits.maxTableCells) {
    report('file-unreadable', {
      range: { start: tables.offset, end: tables.offset },
      message: `the table at line ${tables.line} takes the file's table cells over ${config.limits.maxTableCells} (limits.maxTableCells); the file was not linted: split the file, or raise the limit in the config`,
    });
    return analysis;
  }
  const source = text;
  const tree = timing.time('parse', () => parseMarkdown(source));
  const doc = timing.time('model', () => buildDocument(input.path, source, tree, ctx.modelOptions));
  rememberLines(doc, lines);
  analysis.doc = doc;
  // Kept with the document (ranges, never values): the cross-file phase and the cache redact and
  // mask with them. The Markdown-aware scan (no-endpoint-leak's, shared): a value split by emphasis
  // or code spans is found, and so never cached or echoed. A context document that will not be
  // cached gets the cheaper plain-text scan when (if) a message needs it (`leaksOf`).
  if (analysis.inScope || ctx.caching) doc.leaks = timing.time('leaks', () => markdownLeaks(doc, tree, config));
  if (analysis.inScope) checkDocument(analysis, doc, tree, lines, ctx, report);
  if (ctx.keep === 'linked') {
    // What the cross-file phase asks of the whole model, asked now: then only the linked part is kept.
    prepareParts(doc, ctx);
    analysis.doc = linkedPart(doc);
    rememberLines(analysis.doc, lines);
  }
  return analysis;
}

/**
 * Every workspace rule's prepared part of `doc`, computed now: for an analysis about to be cached
 * or sent back from a worker thread, so later runs and the main thread read the parts instead of
 * the document. Elsewhere the cross-file phase computes the parts it asks for (`ctx.prepared`).
 */
export function prepareParts(doc: SotDocument, ctx: RunContext): void {
  for (const rule of ctx.wsRules) {
    if (!rule.prepare) continue;
    try {
      ctx.timing.time(`prepare:${rule.meta.id}`, () => preparedPart(rule, doc, ctx.config, ctx.modelOptions));
    } catch (e) {
      // Left unprepared: the cross-file phase prepares it again and reports the failure there.
      debugStack(`rule ${rule.meta.id} failed to prepare ${doc.path}`, e);
    }
  }
  // For the cache's reuse of cross-file messages (cache/cross-file.ts): taken while the text is at hand.
  if (ctx.caching) doc.crossFileDigest = crossFileDigest(doc, linesOf(doc));
}

/** A document's cross-file digest (see cross-file-digest.ts): as recorded with it, else its parts prepared and the digest taken now. */
export function crossFileDigestOf(doc: LinkedDocument, ctx: RunContext): string {
  if (doc.crossFileDigest === undefined) {
    prepareParts(wholeDocument(doc), ctx);
    doc.crossFileDigest ??= crossFileDigest(doc, linesOf(doc));
  }
  return doc.crossFileDigest;
}

/** A document's leaks as recorded with it: no-endpoint-leak's scan (shared), as plain findings. */
function markdownLeaks(doc: SotDocument, tree: Root, config: SotConfig): LeakFinding[] {
  const policy = policyFor(config);
  return findDocumentLeaks(doc, tree, policy, knownValuesFor(config, policy)).map(({ context: _context, split: _split, ...finding }) => finding);
}

/** The per-file rules over one in-scope document. */
function checkDocument(analysis: FileAnalysis, doc: SotDocument, tree: Root, lines: LineIndex, ctx: RunContext, report: (ruleId: string, r: Reportable) => void): void {
  const { config, timing } = ctx;
  for (const rule of ctx.perFileChecks) {
    try {
      timing.time(`rule:${rule.id}`, () => rule.check({ doc, tree, lines, config, options: ctx.modelOptions, ruleOptions: optionsOf(config, rule.id), today: ctx.today, report: (r) => report(rule.id, r) }));
    } catch (e) {
      analysis.internalErrors++;
      debugStack(`rule ${rule.id} failed on ${analysis.path}`, e);
      report('internal-error', { range: { start: 0, end: 0 }, message: `rule ${rule.id} failed on this file: ${firstLine(e)} (a bug in sot-lint; please report it; --debug prints the stack trace)` });
    }
  }
}

function preparedPart(rule: WorkspaceRule, doc: LinkedDocument, config: SotConfig, options: ModelOptions): unknown {
  const id = rule.meta.id;
  if (doc.prepared && id in doc.prepared) return doc.prepared[id];
  if (!rule.prepare) return undefined;
  // A linked part was prepared in the per-file phase: a part missing from it failed there.
  if (!isWholeDocument(doc)) throw new Error(`its part of ${doc.path} could not be prepared in the per-file phase (--debug prints the stack trace)`);
  const part = rule.prepare(doc, { config, options, ruleOptions: optionsOf(config, id), leaks: () => leaksOf(doc, config) });
  (doc.prepared ??= {})[id] = part;
  return part;
}

/** A document's leak findings: recorded by its per-file phase, else scanned once now (a context file). */
function leaksOf(doc: LinkedDocument, config: SotConfig): LeakFinding[] {
  doc.leaks ??= documentLeaks(doc.text, config);
  return doc.leaks;
}

/**
 * Cross-file messages known from an earlier run (the cache, see cache/cross-file.ts): an in-scope
 * analysis it answers for is not reported on again by the workspace rules.
 */
export type CrossFileReuse = (a: FileAnalysis) => readonly LintMessage[] | undefined;

/**
 * The cross-file phase and the end of the run: workspace rules, directives, counts. `keep` sees the
 * cross-file outcome (the cache stores it); the run returned holds no reference to it, so a caller
 * that lets the documents go (before formatting 5,000 documents' results) frees them.
 */
export function lintAnalyses(analyses: FileAnalysis[], ctx: RunContext, reuse?: CrossFileReuse, keep?: (outcome: CrossFileOutcome) => void): LintRun {
  const crossFile = crossFileMessages(analyses, ctx, reuse);
  keep?.(crossFile);
  const { messages: extra, documents, internalErrors } = crossFile;
  const results = ctx.timing.time('directives', () => analyses.filter((a) => a.inScope).map((a) => finishAnalysis(a, extra.get(a) ?? [], ctx)));
  return { results, documents, internalErrors };
}

export interface CrossFileOutcome {
  /** Each in-scope analysis's cross-file messages (before inline directives), reused or new. */
  messages: Map<FileAnalysis, LintMessage[]>;
  documents: LinkedDocument[];
  internalErrors: number;
  /** Whether a workspace rule failed in this run (its conclusions are then incomplete). */
  ruleFailed: boolean;
}

/**
 * The cross-file phase alone: the workspace rules over every analysis's document, giving each
 * in-scope analysis its cross-file messages (before inline directives). An editor keeps these per
 * file and finishes a changed file with `finishAnalysis` without rerunning them.
 */
export function crossFileMessages(analyses: readonly FileAnalysis[], ctx: RunContext, reuse?: CrossFileReuse): CrossFileOutcome {
  const { config, timing } = ctx;
  const documents = analyses.flatMap((a) => (a.doc ? [a.doc] : []));
  const extra = new Map<FileAnalysis, LintMessage[]>();
  let internalErrors = analyses.reduce((n, a) => n + a.internalErrors, 0);
  // Analyses whose messages an earlier run gave: the rules report on the others only (none: not run).
  const known = new Set<FileAnalysis>();
  if (reuse) {
    for (const a of analyses) {
      const m = a.inScope && a.doc ? reuse(a) : undefined;
      if (m) {
        known.add(a);
        extra.set(a, [...m]);
      }
    }
    if (known.size && analyses.every((a) => !a.inScope || !a.doc || known.has(a))) return { messages: extra, documents, internalErrors, ruleFailed: false };
  }
  const byDoc = new Map<LinkedDocument, FileAnalysis>();
  for (const a of analyses) if (a.doc) byDoc.set(a.doc, a);
  const occurrences = new Map<FileAnalysis, Map<string, number>>();
  const related: RelatedMemo = new Map();
  const add = (a: FileAnalysis, ruleId: string, r: Reportable) => {
    if (!a.inScope) return;
    let occ = occurrences.get(a);
    if (!occ) {
      // Numbered on from the file's per-file messages of the same rule (evidence-gate reports in
      // both phases): a finding whose key is withheld is fingerprinted by its number.
      occ = new Map();
      for (const m of a.messages) occ.set(m.ruleId, (occ.get(m.ruleId) ?? 0) + 1);
      occurrences.set(a, occ);
    }
    // Positions, redaction and fingerprints: timed apart from the rules that report.
    const m = timing.time('messages', () => toMessage(ctx, a.path, a.doc ? linesOf(a.doc) : new LineIndex(''), occ, ruleId, r, a.doc ? leaksOf(a.doc, config) : undefined, related));
    if (!m) return;
    const list = extra.get(a) ?? [];
    list.push(m);
    extra.set(a, list);
  };
  let ruleFailed = false;
  const wantedDocs = analyses.flatMap((a) => (a.inScope && a.doc && !known.has(a) ? [a.doc] : []));
  const wanted = new Set(wantedDocs);
  for (const rule of ctx.wsRules) {
    try {
      timing.time(`rule:${rule.meta.id}`, () =>
        rule.check({
          docs: documents,
          config,
          options: ctx.modelOptions,
          ruleOptions: optionsOf(config, rule.meta.id),
          timing,
          report: (doc, r) => {
            const a = byDoc.get(doc);
            if (a) add(a, rule.meta.id, r);
          },
          wanted: (doc) => wanted.has(doc),
          wantedDocs,
          prepared: <T>(doc: LinkedDocument) => preparedPart(rule, doc, config, ctx.modelOptions) as T,
          graph: () => graphOf(documents, ctx.memos, (p, fn) => timing.time(p, fn)),
          memos: ctx.memos,
        }),
      );
    } catch (e) {
      internalErrors++;
      ruleFailed = true;
      debugStack(`rule ${rule.meta.id} failed`, e);
      const first = analyses.find((a) => a.inScope);
      if (first) add(first, 'internal-error', { range: { start: 0, end: 0 }, message: `rule ${rule.meta.id} failed: ${firstLine(e)} (a bug in sot-lint; please report it; --debug prints the stack trace)` });
    }
  }
  return { messages: extra, documents, internalErrors, ruleFailed };
}

/** The end of one file's run: its per-file and cross-file messages, inline directives, order, counts. */
export function finishAnalysis(a: FileAnalysis, crossFile: readonly LintMessage[], ctx: RunContext): LintResult {
  return finish(a, [...a.messages, ...crossFile], ctx);
}

/** `sot --debug` (SOT_DEBUG=1, inherited by worker threads): a rule's crash also prints its stack on stderr. */
function debugStack(what: string, e: unknown): void {
  if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${what}:\n${(e as Error)?.stack ?? String(e)}\n`);
}

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0] ?? '';
}

function findLongLine(lines: LineIndex, max: number): number | undefined {
  if (lines.text.length <= max) return undefined;
  for (let l = 1; l <= lines.lineCount; l++) if (lines.lineEnd(l) - lines.lineStart(l) > max) return l;
  return undefined;
}

function toMessage(ctx: RunContext, path: string, lines: LineIndex, occurrences: Map<string, number>, ruleId: string, r: Reportable, leaks?: LeakFinding[], related?: RelatedMemo): LintMessage | undefined {
  const config = ctx.config;
  // The rules this run was given, not the registry: a custom rule's default severity holds.
  const meta = ctx.ruleMetas.get(ruleId);
  const severity = r.severityOverride === 'warn' ? 1 : severityOf(config, ruleId, meta?.defaultSeverity ?? 'error');
  if (severity === 0) return undefined;
  const n = occurrences.get(ruleId) ?? 0;
  occurrences.set(ruleId, n + 1);
  // No output may repeat a leaked value, even re-shaped: not a message, a key hashed into the
  // fingerprint, a fix's text, or a range whose extent would tell a value's length.
  // no-endpoint-leak builds its messages without values.
  const redactor = ruleId === LEAK_RULE_ID ? undefined : redactorFor(lines, lines.text, config, leaks, path);
  const range = redactor ? redactor.clamp(r.range) : r.range;
  const start = lines.point(range.start);
  const end = lines.point(range.end);
  const message: LintMessage = {
    ruleId,
    severity,
    message: printable(redactor ? redactor.message(r.message) : r.message),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    fingerprint: fingerprint(ruleId, relativePath(config.root, path), r.key !== undefined && (!redactor || redactor.isSafe(r.key)) ? r.key : `#${n}`),
  };
  if (r.related?.length) {
    message.related = r.related.map((rel) =>
      related && redactor?.empty && leaksOf(rel.doc, config).length === 0 ? safeRelated(related, config, redactor, rel) : relatedLocation(config, redactor, rel),
    );
  }
  if (r.fix && (!redactor || redactor.isSafe(r.fix.text))) message.fix = r.fix;
  if (r.unsuppressible) message.unsuppressible = true;
  return message;
}

/** A related location as shown: its position, and its text redacted against both documents' values. */
function relatedLocation(config: SotConfig, redactor: Redactor | undefined, rel: RelatedReport): RelatedLocation {
  const relLines = linesOf(rel.doc);
  const relRedactor = redactor ? redactorFor(relLines, rel.doc.text, config, leaksOf(rel.doc, config), rel.doc.path) : undefined;
  const relRange = relRedactor ? relRedactor.clamp(rel.range) : rel.range;
  const a = relLines.point(relRange.start);
  const b = relLines.point(relRange.end);
  const shown = printable(relRedactor && redactor ? relRedactor.message(redactor.message(rel.message)) : rel.message);
  return { filePath: rel.doc.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message: shown };
}

type RelatedReport = NonNullable<Reportable['related']>[number];
/** Related locations already shown in this run's cross-file phase, by range object and text. */
type RelatedMemo = Map<RelatedReport['range'], Map<string, { doc: LinkedDocument; shown: RelatedLocation }>>;
/**
 * `relatedLocation` when neither document holds a value: then it depends only on the related
 * document, range and text (and the config's policy, fixed for a run), and the same few recur (a
 * cycle's "X is on the cycle" in every report of that cycle, with the same range object from the
 * work graph): made once each per run, shared, frozen. Found by the range object, so a lookup
 * builds no key.
 */
function safeRelated(memo: RelatedMemo, config: SotConfig, redactor: Redactor, rel: RelatedReport): RelatedLocation {
  let byText = memo.get(rel.range);
  if (!byText) memo.set(rel.range, (byText = new Map()));
  const hit = byText.get(rel.message);
  if (hit && hit.doc === rel.doc) return hit.shown;
  const shown = Object.freeze(relatedLocation(config, redactor, rel));
  byText.set(rel.message, { doc: rel.doc, shown });
  return shown;
}

const relativePaths = new Map<string, string>();
/** `relative(root, path)`, remembered (every message of a file asks for it). */
function relativePath(root: string, path: string): string {
  const key = `${root}\0${path}`;
  let r = relativePaths.get(key);
  if (r === undefined) {
    r = relative(root, path);
    if (relativePaths.size >= 100_000) relativePaths.clear();
    relativePaths.set(key, r);
  }
  return r;
}

/** Stable across edits that move lines: rule, file (relative to the project) and the finding's own key. */
export function fingerprint(ruleId: string, file: string, key: string): string {
  return hashHex('sha256', `${ruleId}\0${file.split('\\').join('/')}\0${key}`).slice(0, 16);
}

const lineOnlyCache = new WeakMap<RunContext, ReadonlySet<string>>();
/** Rules that only `sot-disable-next-line <rule>` may suppress (RuleMeta.suppression). */
function nextLineOnlyRules(ctx: RunContext): ReadonlySet<string> {
  let set = lineOnlyCache.get(ctx);
  if (!set) {
    set = new Set([...ctx.knownRules].filter((id) => ctx.ruleMetas.get(id)?.suppression === 'next-line-only'));
    lineOnlyCache.set(ctx, set);
  }
  return set;
}

function finish(a: FileAnalysis, all: LintMessage[], ctx: RunContext): LintResult {
  const { config, knownRules: known } = ctx;
  let messages = all;
  let suppressedCount = 0;
  // Without directives nothing is suppressed or reported, and the text and its line index are not needed.
  if (a.doc && a.doc.directives.length > 0) {
    const lines = linesOf(a.doc);
    const applied = applyDirectives(a.doc, lines, messages, known, (m) => m.ruleId === 'file-unreadable' || m.ruleId === 'internal-error', nextLineOnlyRules(ctx));
    messages = applied.kept;
    suppressedCount = applied.suppressed;
    const occ = new Map<string, number>();
    for (const f of applied.findings) {
      const m = toMessage(ctx, a.path, lines, occ, f.ruleId, { range: f.directive.range, message: f.message, key: `${f.ruleId}:${f.directive.range.start}` }, leaksOf(a.doc, config));
      if (m && f.severity === 'error') m.severity = 2;
      if (m) messages.push(m);
    }
  }
  messages.sort((x, y) => x.line - y.line || x.column - y.column || x.ruleId.localeCompare(y.ruleId) || x.message.localeCompare(y.message));
  const errors = messages.filter((m) => m.severity === 2);
  return {
    filePath: a.path,
    messages,
    errorCount: errors.length,
    warningCount: messages.length - errors.length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: messages.filter((m) => m.severity === 1 && m.fix).length,
    suppressedCount,
  };
}
