import { relative, sep } from 'node:path';
import type { Formatter } from './types.js';

/**
 * Control characters the toolkit leaves as they are and the runner decodes no escape for (tab, CR
 * and LF excepted): a terminal escape in a file name would act on the log viewer. Shown as `\xNN`.
 */
const OTHER_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const visible = (s: string): string => s.replace(OTHER_CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * Message escaping exactly as `@actions/core` does it (`escapeData` in its command.js): `%`, CR and
 * LF, the three escapes the runner decodes in a message. A tab and any other character pass as
 * they are (the runner decodes no `%09`).
 */
export function escapeData(s: string): string {
  return visible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property escaping exactly as `@actions/core` does it (`escapeProperty`): also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command, built as `@actions/core`'s `issueCommand` builds it (properties in the given order). */
export function workflowCommand(command: string, props: [string, string | number][], message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${command}${list ? ` ${list}` : ''}::${escapeData(message)}`;
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
      lines.push(workflowCommand(command, props, m.message));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
};
