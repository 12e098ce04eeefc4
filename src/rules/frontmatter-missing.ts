import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';
import { frontmatter } from './example-docs.js';

export const frontmatterMissing: DocumentRule = {
  meta: {
    id: 'frontmatter-missing',
    scope: 'document',
    description: 'The document starts with a YAML frontmatter block',
    defaultSeverity: 'error',
    tags: ['frontmatter'],
    docs: 'Every SOT document starts with `---`, the YAML frontmatter, and a closing `---`, each fence alone on its line. Documents copied out of a web view often lose it (a rendered table, a line-number gutter, or everything flattened onto one line); restore the Markdown source.',
  },
  examples: {
    ok: [{ name: 'frontmatter first', text: `${frontmatter('A PRD')}\n# A PRD\n` }],
    notOk: [
      { name: 'starts with prose', text: '77 lines\n4.0 KiB\n\n# A PRD\n', expect: [{ line: 1, message: 'no frontmatter: the file starts with `77 lines`' }] },
      { name: 'flattened onto one line', text: '--- title: A PRD status: draft --- # A PRD\n', expect: [{ line: 1, message: 'flattened' }] },
      { name: 'empty file', text: '', expect: [{ line: 1, message: 'the file is empty' }] },
    ],
  },
  check({ doc, lines, report }) {
    if (doc.frontmatter) return;
    const text = doc.text;
    if (/^---[ \t]*(?:\r?\n|\r|$)/.test(text)) return; // an opening fence without a close: frontmatter-syntax
    const firstNonBlank = /\S/.exec(text);
    if (!firstNonBlank) {
      report({ range: { start: 0, end: 0 }, message: 'no frontmatter: the file is empty; a SOT document starts with a `---` YAML frontmatter block' });
      return;
    }
    const line = lines.point(firstNonBlank.index).line;
    const range = { start: lines.lineStart(line), end: lines.lineEnd(line) };
    const first = lines.lineText(line).trim();
    if (/^---\s+\S/.test(first)) {
      report({ range, message: `no frontmatter: line ${line} starts with \`---\` but goes on (${first.length} characters on one line); fences must be alone on their line — was the file flattened?` });
      return;
    }
    report({ range, message: `no frontmatter: the file starts with ${quote(first, 40)} instead of a \`---\` line` });
  },
};
