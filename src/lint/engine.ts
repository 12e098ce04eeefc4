import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { SotConfig } from '../config/config.js';
import { buildDocument } from '../model/build.js';
import { buildModelOptions, type ModelOptions } from '../model/options.js';
import type { SotDocument } from '../model/types.js';
import { parseMarkdown } from '../parse/markdown.js';
import { decodeBytes } from '../text/decode.js';
import { LineIndex } from '../text/line-index.js';
import { allRules, ruleIds, ruleMeta } from './registry.js';
import { applyDirectives } from './suppress.js';
import type { DocumentRule, LintMessage, LintResult, Report, Severity, WorkspaceRule } from './types.js';
import { Timing } from './timing.js';

/** One file to lint: its bytes (or text), or why it could not be read. */
export interface LintInput {
  path: string;
  bytes?: Uint8Array;
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
}

export interface LintRun {
  results: LintResult[];
  /** Every parsed document of the run, context files included (for graph, explain). */
  documents: SotDocument[];
  internalErrors: number;
}

interface FileState {
  input: LintInput;
  doc?: SotDocument;
  lines: LineIndex;
  raw: LintMessage[];
  occurrences: Map<string, number>;
}

export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const optionsCache = new Map<string, ModelOptions>();
export function modelOptionsFor(config: SotConfig): ModelOptions {
  let o = optionsCache.get(config.workItemIdPattern);
  if (!o) {
    o = buildModelOptions(config.workItemIdPattern);
    optionsCache.set(config.workItemIdPattern, o);
  }
  return o;
}

export function severityOf(config: SotConfig, id: string, fallback: 'warn' | 'error'): Severity | 0 {
  const s = config.rules[id] ?? fallback;
  return s === 'off' ? 0 : s === 'warn' ? 1 : 2;
}

/** Lints a set of files as one workspace: per-file rules, then cross-file rules, then directives. */
export function lintInputs(inputs: LintInput[], options: LintOptions): LintRun {
  const { config } = options;
  const timing = options.timing ?? new Timing(false);
  const modelOptions = modelOptionsFor(config);
  const today = options.today ?? localToday();
  const rules = allRules().filter((r) => severityOf(config, r.meta.id, r.meta.defaultSeverity) !== 0);
  const docRules = rules.filter((r): r is DocumentRule => r.meta.scope === 'document');
  const wsRules = rules.filter((r): r is WorkspaceRule => r.meta.scope === 'workspace');
  let internalErrors = 0;

  const states: FileState[] = inputs.map((input) => {
    const state: FileState = { input, lines: new LineIndex(''), raw: [], occurrences: new Map() };
    const report = (ruleId: string, r: Report): void => push(state, config, ruleId, r);
    if (input.readError !== undefined) {
      report('file-unreadable', { range: { start: 0, end: 0 }, message: input.readError });
      return state;
    }
    let text = input.text;
    if (text === undefined) {
      const bytes = input.bytes ?? new Uint8Array();
      if (bytes.length > config.limits.maxFileBytes) {
        report('file-unreadable', { range: { start: 0, end: 0 }, message: `file is ${bytes.length} bytes, over the limit of ${config.limits.maxFileBytes} (limits.maxFileBytes); it was not linted` });
        return state;
      }
      const decoded = timing.time('read', () => decodeBytes(bytes));
      text = decoded.text;
      state.lines = new LineIndex(text);
      for (const p of decoded.problems) report('file-unreadable', { range: { start: p.offset ?? 0, end: p.offset ?? 0 }, message: p.message, severityOverride: p.severity } as Report);
      if (decoded.binary) return state;
    } else state.lines = new LineIndex(text);
    const longLine = findLongLine(state.lines, config.limits.maxLineLength);
    if (longLine) {
      report('file-unreadable', { range: { start: state.lines.lineStart(longLine), end: state.lines.lineStart(longLine) }, message: `line ${longLine} is longer than ${config.limits.maxLineLength} characters (limits.maxLineLength); the file was not linted` });
      return state;
    }
    const tree = timing.time('parse', () => parseMarkdown(text));
    const doc = timing.time('model', () => buildDocument(input.path, text, tree, modelOptions));
    state.doc = doc;
    if (input.inScope === false) return state;
    for (const rule of docRules) {
      try {
        timing.time(`rule:${rule.meta.id}`, () =>
          rule.check({ doc, tree, lines: state.lines, config, options: modelOptions, today, report: (r) => push(state, config, rule.meta.id, r) }),
        );
      } catch (e) {
        internalErrors++;
        report('internal-error', { range: { start: 0, end: 0 }, message: `rule ${rule.meta.id} failed on this file: ${(e as Error).message.split('\n')[0]} (a bug in sot-lint; please report it)` });
      }
    }
    return state;
  });

  const byDoc = new Map<SotDocument, FileState>();
  for (const s of states) if (s.doc) byDoc.set(s.doc, s);
  const documents = states.flatMap((s) => (s.doc ? [s.doc] : []));
  for (const rule of wsRules) {
    try {
      timing.time(`rule:${rule.meta.id}`, () =>
        rule.check({
          docs: documents,
          config,
          options: modelOptions,
          report: (doc, r) => {
            const s = byDoc.get(doc);
            if (s && s.input.inScope !== false) push(s, config, rule.meta.id, r, byDoc);
          },
        }),
      );
    } catch (e) {
      internalErrors++;
      const first = states.find((s) => s.input.inScope !== false);
      if (first) push(first, config, 'internal-error', { range: { start: 0, end: 0 }, message: `rule ${rule.meta.id} failed: ${(e as Error).message.split('\n')[0]} (a bug in sot-lint; please report it)` });
    }
  }

  const known = new Set(ruleIds());
  const results = timing.time('directives', () =>
    states.filter((s) => s.input.inScope !== false).map((s) => finish(s, config, known)),
  );
  return { results, documents, internalErrors };
}

function findLongLine(lines: LineIndex, max: number): number | undefined {
  if (lines.text.length <= max) return undefined;
  for (let l = 1; l <= lines.lineCount; l++) if (lines.lineEnd(l) - lines.lineStart(l) > max) return l;
  return undefined;
}

function push(state: FileState, config: SotConfig, ruleId: string, r: Report & { severityOverride?: 'warn' | 'error' }, byDoc?: Map<SotDocument, FileState>): void {
  const message = toMessage(state, config, ruleId, r, byDoc);
  if (message) state.raw.push(message);
}

function toMessage(state: FileState, config: SotConfig, ruleId: string, r: Report & { severityOverride?: 'warn' | 'error' }, byDoc?: Map<SotDocument, FileState>): LintMessage | undefined {
  const meta = ruleMeta(ruleId);
  const severity = r.severityOverride === 'warn' ? 1 : severityOf(config, ruleId, meta?.defaultSeverity ?? 'error');
  if (severity === 0) return undefined;
  const n = state.occurrences.get(ruleId) ?? 0;
  state.occurrences.set(ruleId, n + 1);
  const start = state.lines.point(r.range.start);
  const end = state.lines.point(r.range.end);
  const message: LintMessage = {
    ruleId,
    severity,
    message: r.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    fingerprint: fingerprint(ruleId, relative(config.root, state.input.path), r.key ?? `#${n}`),
  };
  if (r.related?.length) {
    message.related = r.related.map((rel) => {
      const lines = byDoc?.get(rel.doc)?.lines ?? (rel.doc === state.doc ? state.lines : new LineIndex(rel.doc.text));
      const a = lines.point(rel.range.start);
      const b = lines.point(rel.range.end);
      return { filePath: rel.doc.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message: rel.message };
    });
  }
  if (r.fix) message.fix = r.fix;
  return message;
}

/** Stable across edits that move lines: rule, file (relative to the project) and the finding's own key. */
export function fingerprint(ruleId: string, file: string, key: string): string {
  return createHash('sha256').update(`${ruleId}\0${file.split('\\').join('/')}\0${key}`).digest('hex').slice(0, 16);
}

function finish(state: FileState, config: SotConfig, known: ReadonlySet<string>): LintResult {
  let messages: LintMessage[] = state.raw;
  let suppressedCount = 0;
  if (state.doc) {
    const applied = applyDirectives(state.doc, state.lines, messages, known, (m) => m.ruleId === 'file-unreadable' || m.ruleId === 'internal-error');
    messages = applied.kept;
    suppressedCount = applied.suppressed;
    for (const f of applied.findings) {
      const m = toMessage(state, config, f.ruleId, { range: f.directive.range, message: f.message });
      if (m) messages.push(m);
    }
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  const errors = messages.filter((m) => m.severity === 2);
  return {
    filePath: state.input.path,
    messages,
    errorCount: errors.length,
    warningCount: messages.length - errors.length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: messages.filter((m) => m.severity === 1 && m.fix).length,
    suppressedCount,
  };
}
