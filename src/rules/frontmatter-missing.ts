import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';

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
    ok: [
      {
        name: 'frontmatter first',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD
`,
      },
    ],
    notOk: [
      {
        name: 'starts with prose',
        path: 'frontmatter-missing.md',
        text: `77 lines
4.0 KiB

# A PRD
`,
        errors: [
          '1:1-1:9 no frontmatter: the file starts with `77 lines` instead of a `---` line',
        ],
      },
      {
        name: 'flattened onto one line',
        path: 'frontmatter-missing.md',
        text: `--- title: A PRD status: draft --- # A PRD
`,
        errors: [
          '1:1-1:43 no frontmatter: line 1 starts with `---` but goes on (42 characters on one line); fences must be alone on their line — was the file flattened?',
        ],
      },
      {
        name: 'empty file',
        path: 'frontmatter-missing.md',
        text: ``,
        errors: [
          '1:1-1:1 no frontmatter: the file is empty; a SOT document starts with a `---` YAML frontmatter block',
        ],
      },
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
