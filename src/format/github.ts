import { relative, sep } from 'node:path';
import type { Formatter } from './types.js';

/** Message escaping of the Actions toolkit (`@actions/core` `escapeData`). */
export function escapeData(s: string): string {
  // Beyond the toolkit: other control characters (terminal escapes in a file name) are percent-encoded too.
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Property escaping of the Actions toolkit (`escapeProperty`): also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one per message:
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`. Columns are given
 * only for single-line ranges (the runner ignores or misplaces them otherwise); warnings are
 * `::warning`. Paths are relative to the working directory, which in a workflow is the checkout.
 */
export const github: Formatter = (results, { cwd }) => {
  const lines: string[] = [];
  for (const r of results) {
    const file = (relative(cwd, r.filePath) || r.filePath).split(sep).join('/');
    for (const m of r.messages) {
      const props: [string, string | number][] = [['file', file], ['line', m.line]];
      if (m.endLine === m.line) props.push(['col', m.column], ['endLine', m.endLine], ['endColumn', Math.max(m.column, m.endColumn)]);
      else props.push(['endLine', m.endLine]);
      props.push(['title', m.ruleId]);
      const command = m.severity === 2 ? 'error' : 'warning';
      lines.push(`::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
