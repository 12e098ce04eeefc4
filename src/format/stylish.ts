import { relative } from 'node:path';
import { printable } from '../lint/quote.js';
import type { Formatter } from './types.js';

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** ESLint's stylish layout: a block per file, `line:col  severity  message  rule`, then a summary. */
export const stylish: Formatter = (results, { cwd, color }) => {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixable = 0;
  for (const r of results) {
    if (!r.messages.length) continue;
    errors += r.errorCount;
    warnings += r.warningCount;
    fixable += r.fixableErrorCount + r.fixableWarningCount;
    out.push('', paint(color, '4', printable(relative(cwd, r.filePath) || r.filePath)));
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', printable(oneLine(m.message)), m.ruleId]);
    const w0 = Math.max(...rows.map((x) => x[0]!.length));
    for (const [pos, sev, msg, rule] of rows) {
      const sevText = paint(color, sev === 'error' ? '31' : '33', sev!.padEnd(7));
      out.push(`  ${paint(color, '2', pos!.padStart(w0))}  ${sevText}  ${msg}  ${paint(color, '2', rule!)}`);
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  out.push('', paint(color, errors ? '31;1' : '33;1', `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`));
  if (fixable) out.push(paint(color, errors ? '31;1' : '33;1', `  ${plural(fixable, 'problem')} fixable with \`sot lint --fix\`.`));
  return `${out.join('\n')}\n`;
};

/** A message on one line: each line trimmed, blank ones dropped (split, not a `\s*\n\s*` regex, which is quadratic on long runs of spaces). */
function oneLine(text: string): string {
  return text.includes('\n') ? text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ') : text;
}
