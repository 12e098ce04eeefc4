import type { SotConfig } from '../config/config.js';
import { graphOf } from '../graph/graph.js';
import { isWholeDocument } from '../model/linked.js';
import type { ModelOptions } from '../model/options.js';
import type { LinkedDocument } from '../model/types.js';
import { linesOf } from '../text/doc-lines.js';
import { LineIndex } from '../text/line-index.js';
import type { FileAnalysis, LintRun } from './analysis.js';
import { finishAnalysis } from './finish.js';
import { leaksOf, type RelatedMemo, type Reportable, toMessage } from './messages.js';
import { debugStack, firstLine } from './rule-failure.js';
import { optionsOf } from './rule-options.js';
import type { RunContext } from './run-context.js';
import type { LintMessage, WorkspaceRule } from './types.js';

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

/** A workspace rule's part of `doc` (`WorkspaceRule.prepare`): as recorded with the document, else prepared now and recorded. */
export function preparedPart(rule: WorkspaceRule, doc: LinkedDocument, config: SotConfig, options: ModelOptions): unknown {
  const id = rule.meta.id;
  if (doc.prepared && id in doc.prepared) return doc.prepared[id];
  if (!rule.prepare) return undefined;
  // A linked part was prepared in the per-file phase: a part missing from it failed there.
  if (!isWholeDocument(doc)) throw new Error(`its part of ${doc.path} could not be prepared in the per-file phase (--debug prints the stack trace)`);
  const part = rule.prepare(doc, { config, options, ruleOptions: optionsOf(config, id), leaks: () => leaksOf(doc, config) });
  (doc.prepared ??= {})[id] = part;
  return part;
}
