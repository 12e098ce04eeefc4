import type { DocumentRule } from '../lint/types.js';

export const frontmatterSyntax: DocumentRule = {
  meta: {
    id: 'frontmatter-syntax',
    scope: 'document',
    description: 'The frontmatter is well-formed YAML: a mapping, closed by `---`',
    defaultSeverity: 'error',
    tags: ['frontmatter'],
    docs: 'The YAML between the `---` fences must parse to a mapping of keys to values, without duplicate keys and without alias expansion beyond 100 nodes. The position points inside the YAML where the parser stopped.',
  },
  examples: {
    ok: [
      {
        name: 'valid YAML',
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
        name: 'unclosed quote',
        path: '-A-PRD.md',
        text: `---
title: "A PRD
status: draft
---
`,
        errors: [
          '2:8-2:9 frontmatter YAML: Missing closing "quote; fix the YAML at this position',
        ],
      },
      {
        name: 'duplicate key',
        path: 'A-PRD.md',
        text: `---
title: A PRD
title: B PRD
---
`,
        errors: [
          '3:1-3:2 frontmatter YAML: Map keys must be unique; remove or rename the repeated key',
        ],
      },
      {
        name: 'no closing fence',
        path: 'A-PRD.md',
        text: `---
title: A PRD

# A PRD
`,
        errors: [
          '1:1-1:4 unterminated frontmatter: the opening `---` has no closing `---` line; add one after the last key',
        ],
      },
      {
        name: 'a list, not a mapping',
        path: 'frontmatter-syntax.md',
        text: `---
- a
- b
---
`,
        errors: [
          '2:1-4:1 frontmatter YAML: frontmatter must be a mapping of keys to values, not a list; write one `key: value` per line',
        ],
      },
    ],
  },
  check({ doc, report }) {
    const fm = doc.frontmatter;
    if (!fm) {
      const open = /^---[ \t]*(?:\r?\n|\r|$)/.exec(doc.text);
      if (open) {
        report({ range: { start: 0, end: 3 }, message: 'unterminated frontmatter: the opening `---` has no closing `---` line; add one after the last key' });
      }
      return;
    }
    for (const e of fm.syntaxErrors) report({ range: e.range, message: `frontmatter YAML: ${e.message}; ${hint(e.message)}` });
  },
};

/** What to do about a YAML error, in the words of the common causes. */
function hint(message: string): string {
  if (/alias count|resource exhaustion/i.test(message)) return 'aliases expand to more than 100 nodes: write the values out instead of nesting anchors and aliases';
  if (/keys must be unique/i.test(message)) return 'remove or rename the repeated key';
  if (/\btabs?\b/i.test(message)) return 'indent YAML with spaces, not tabs';
  if (/compact mapping|implicit (?:map )?keys?|block scalar|plain value cannot start/i.test(message)) return 'quote the value (`key: "…"`) when it contains `: ` or starts with a special character';
  if (/must be a mapping/.test(message)) return 'write one `key: value` per line';
  return 'fix the YAML at this position';
}
