import type { Directive, LinkedDocument } from '../model/types.js';
import type { LineIndex } from '../text/line-index.js';
import type { LintMessage } from './types.js';

export interface DirectiveFinding {
  ruleId: 'suppression-reason' | 'unused-suppression';
  directive: Directive;
  message: string;
  /** Reported as an error whatever the configured severity (a directive about a next-line-only rule). */
  severity?: 'error';
}

interface Scope {
  directive: Directive;
  rules: Set<string> | 'all';
  fromLine: number;
  toLine: number;
  used: boolean;
  /** It would have applied to a finding that cannot be suppressed. */
  refused?: boolean;
}

/** What an editor's "suppress" action writes as the reason, for the author to replace: not a reason itself. */
export const REASON_PLACEHOLDER = '<reason>';

/**
 * Applies `sot-disable*` directives. A directive must give a reason after ` -- `; one without a
 * reason suppresses nothing and is reported, as is one that suppressed nothing. Rules in
 * `nextLineOnly` are suppressed only by a `sot-disable-next-line` that names them; a block
 * directive naming one, or such a directive left unused, is an error.
 */
export function applyDirectives(
  doc: LinkedDocument,
  lines: LineIndex,
  messages: LintMessage[],
  knownRules: ReadonlySet<string>,
  unsuppressible: (m: LintMessage) => boolean,
  nextLineOnly: ReadonlySet<string> = new Set(),
): { kept: LintMessage[]; suppressed: number; findings: DirectiveFinding[] } {
  const findings: DirectiveFinding[] = [];
  const scopes: Scope[] = [];
  const open = new Map<string, Scope>();
  const lastLine = lines.lineCount;
  for (const d of doc.directives) {
    const unknown = d.rules.filter((r) => !knownRules.has(r));
    if (unknown.length) {
      findings.push({ ruleId: 'unused-suppression', directive: d, message: `sot-${d.kind} names unknown rule(s): ${unknown.map((r) => `\`${r}\``).join(', ')}` });
    }
    const start = lines.point(d.range.start).line;
    const end = lines.point(d.range.end).line;
    if (d.kind === 'enable') {
      for (const key of d.rules.length ? d.rules : [...open.keys()]) {
        const s = open.get(key) ?? open.get('*');
        if (s) {
          s.toLine = start;
          open.delete(key);
        }
      }
      continue;
    }
    if (!d.reason || d.reason.trim() === REASON_PLACEHOLDER) {
      const what = d.reason ? `the \`${REASON_PLACEHOLDER}\` placeholder is not a reason: replace it with why this is acceptable` : `sot-${d.kind} needs a reason: \`<!-- sot-${d.kind} ${d.rules.join(' ') || 'RULE'} -- why this is acceptable -->\``;
      findings.push({ ruleId: 'suppression-reason', directive: d, message: `${what}; without one it suppresses nothing` });
      continue;
    }
    const lineOnly = d.rules.filter((r) => nextLineOnly.has(r));
    if (d.kind === 'disable' && lineOnly.length) {
      findings.push({
        ruleId: 'unused-suppression',
        directive: d,
        severity: 'error',
        message: `sot-disable cannot suppress ${lineOnly.map((r) => `\`${r}\``).join(', ')}: put \`<!-- sot-disable-next-line ${lineOnly[0]} -- reason -->\` on the line before each finding instead`,
      });
      if (lineOnly.length === d.rules.length) continue;
    }
    const rules = d.rules.length ? new Set(d.rules) : 'all';
    if (d.kind === 'disable-next-line') {
      scopes.push({ directive: d, rules, fromLine: end + 1, toLine: end + 1, used: false });
    } else {
      const scope: Scope = { directive: d, rules, fromLine: end, toLine: lastLine, used: false };
      scopes.push(scope);
      for (const key of d.rules.length ? d.rules : ['*']) open.set(key, scope);
    }
  }
  let suppressed = 0;
  const kept = messages.filter((m) => {
    if (unsuppressible(m)) return true;
    const lineOnly = nextLineOnly.has(m.ruleId);
    const scope = scopes.find(
      (s) => m.line >= s.fromLine && m.line <= s.toLine && (lineOnly ? s.directive.kind === 'disable-next-line' && s.rules !== 'all' && s.rules.has(m.ruleId) : s.rules === 'all' || s.rules.has(m.ruleId)),
    );
    if (!scope) return true;
    if (m.unsuppressible) {
      scope.refused = true;
      return true;
    }
    scope.used = true;
    suppressed++;
    return false;
  });
  for (const s of scopes) {
    if (!s.used) {
      const strict = s.directive.kind === 'disable-next-line' && s.directive.rules.some((r) => nextLineOnly.has(r));
      const message = s.refused
        ? `sot-${s.directive.kind} cannot suppress the finding on the next line: credentials cannot be suppressed; delete the credential and revoke it`
        : `sot-${s.directive.kind} ${s.directive.rules.join(', ') || '(all rules)'} suppresses nothing; remove it`;
      findings.push({ ruleId: 'unused-suppression', directive: s.directive, message, ...(strict || s.refused ? { severity: 'error' as const } : {}) });
    }
  }
  return { kept, suppressed, findings };
}
