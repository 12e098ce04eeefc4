import { linesOf } from '../text/doc-lines.js';
import { leaksOf, toMessage } from './messages.js';
import type { FileAnalysis } from './analysis.js';
import type { RunContext } from './run-context.js';
import { applyDirectives } from './suppress.js';
import type { LintMessage, LintResult } from './types.js';

/** The end of one file's run: its per-file and cross-file messages, inline directives, order, counts. */
export function finishAnalysis(a: FileAnalysis, crossFile: readonly LintMessage[], ctx: RunContext): LintResult {
  const { config } = ctx;
  let messages = [...a.messages, ...crossFile];
  let suppressedCount = 0;
  // Without directives nothing is suppressed or reported, and the text and its line index are not needed.
  if (a.doc && a.doc.directives.length > 0) {
    const lines = linesOf(a.doc);
    const applied = applyDirectives(a.doc, lines, messages, ctx.knownRules, (m) => ctx.unsuppressible.has(m.ruleId), ctx.nextLineOnly);
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
