import type { SotConfig } from '../config/config.js';
import type { LeakFinding } from '../leaks/detect.js';
import { documentLeaks, type Redactor, redactorFor } from '../leaks/redact.js';
import type { LinkedDocument } from '../model/types.js';
import { linesOf } from '../text/doc-lines.js';
import type { LineIndex } from '../text/line-index.js';
import { hashHex } from '../util/hash.js';
import { printable } from './quote.js';
import { type RunContext, severityOf } from './run-context.js';
import type { LintMessage, RelatedLocation, Report } from './types.js';

/** A rule's report, or the engine's own, which may lower a severity (a decoding problem that is only a warning). */
export type Reportable = Report & { severityOverride?: 'warn' | 'error' };

type RelatedReport = NonNullable<Reportable['related']>[number];
/** Related locations already shown in this run's cross-file phase, by range object and text. */
export type RelatedMemo = Map<RelatedReport['range'], Map<string, { doc: LinkedDocument; shown: RelatedLocation }>>;

/**
 * A report as a message: its severity from the config (undefined when the rule is off), positions,
 * text redacted against the document's leaks unless the rule redacts its own (`RuleMeta.redaction`),
 * and a fingerprint numbered by `occurrences` when the report gives no safe key.
 */
export function toMessage(ctx: RunContext, path: string, lines: LineIndex, occurrences: Map<string, number>, ruleId: string, r: Reportable, leaks?: LeakFinding[], related?: RelatedMemo): LintMessage | undefined {
  const config = ctx.config;
  // The rules this run was given, not the registry: a custom rule's default severity holds.
  const meta = ctx.ruleMetas.get(ruleId);
  const severity = r.severityOverride === 'warn' ? 1 : severityOf(config, ruleId, meta?.defaultSeverity ?? 'error');
  if (severity === 0) return undefined;
  const n = occurrences.get(ruleId) ?? 0;
  occurrences.set(ruleId, n + 1);
  // No output may repeat a leaked value, even re-shaped: not a message, a key hashed into the
  // fingerprint, a fix's text, or a range whose extent would tell a value's length.
  const redactor = meta?.redaction === 'own' ? undefined : redactorFor(lines, lines.text, config, leaks, path);
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
    // The path as every output prints it: a value in a folder or file name is withheld here too,
    // so no fingerprint can be checked against guesses of the value.
    fingerprint: fingerprint(ruleId, (redactor ?? redactorFor(lines, lines.text, config, leaks, path)).path(ctx.relativePath(path)), r.key !== undefined && (!redactor || redactor.isSafe(r.key)) ? r.key : `#${n}`),
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

/** Stable across edits that move lines: rule, file (relative to the project) and the finding's own key. */
export function fingerprint(ruleId: string, file: string, key: string): string {
  return hashHex('sha256', `${ruleId}\0${file.split('\\').join('/')}\0${key}`).slice(0, 16);
}

/**
 * A document's leak findings, which its messages are redacted against: recorded by its per-file
 * phase, else scanned once now (a context file).
 */
export function leaksOf(doc: LinkedDocument, config: SotConfig): LeakFinding[] {
  doc.leaks ??= documentLeaks(doc.text, config);
  return doc.leaks;
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
