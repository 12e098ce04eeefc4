import type { Root } from 'mdast';
import type { SotConfig } from '../config/config.js';
import type { LeakFinding } from '../leaks/detect.js';
import { findDocumentLeaks } from '../leaks/markdown.js';
import { knownValuesFor, policyFor } from '../leaks/redact.js';
import { buildDocument } from '../model/build.js';
import { linkedPart, wholeDocument } from '../model/linked.js';
import type { LinkedDocument, SotDocument } from '../model/types.js';
import { parseDocument } from '../parse/document.js';
import { linesOf, rememberLines } from '../text/doc-lines.js';
import type { LineIndex } from '../text/line-index.js';
import { admit } from './admit.js';
import type { FileAnalysis, LintInput } from './analysis.js';
import { preparedPart } from './cross-file.js';
import { crossFileDigest } from './cross-file-digest.js';
import { type Reportable, toMessage } from './messages.js';
import { debugStack, firstLine } from './rule-failure.js';
import { optionsOf } from './rule-options.js';
import type { RunContext } from './run-context.js';

/** The per-file phase: admit the text, parse it once, build the model, run the per-file rules. */
export function analyzeFile(input: LintInput, ctx: RunContext): FileAnalysis {
  const { config, timing } = ctx;
  const analysis: FileAnalysis = { path: input.path, inScope: input.inScope !== false, messages: [], internalErrors: 0 };
  const { text, lines, reports } = admit(input, config.limits, timing);
  const occurrences = new Map<string, number>();
  const report = (ruleId: string, r: Reportable) => {
    // Redacted against the document's recorded leaks once they are known (the Markdown-aware scan,
    // which also finds a value split by formatting), as the cross-file phase redacts.
    const m = toMessage(ctx, input.path, lines, occurrences, ruleId, r, analysis.doc?.leaks);
    if (m) analysis.messages.push(m);
  };
  for (const r of reports) report('file-unreadable', r);
  if (text === undefined) return analysis;
  const parsed = timing.time('parse', () => parseDocument(text));
  const doc = timing.time('model', () => buildDocument(input.path, text, parsed, ctx.modelOptions));
  rememberLines(doc, lines);
  analysis.doc = doc;
  // Kept with the document (ranges, never values): the cross-file phase and the cache redact and
  // mask with them. The Markdown-aware scan (no-endpoint-leak's, shared): a value split by emphasis
  // or code spans is found, and so never cached or echoed. A context document that will not be
  // cached gets the cheaper plain-text scan when (if) a message needs it (`leaksOf`).
  if (analysis.inScope || ctx.caching) doc.leaks = timing.time('leaks', () => markdownLeaks(doc, parsed.tree, config));
  if (analysis.inScope) checkDocument(analysis, doc, parsed.tree, lines, ctx, report);
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
