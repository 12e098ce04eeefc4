import type { DocumentRule } from '../lint/types.js';
import { frontmatter } from './example-docs.js';

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
    ok: [{ name: 'valid YAML', text: `${frontmatter('A PRD')}\n# A PRD\n` }],
    notOk: [
      { name: 'unclosed quote', text: '---\ntitle: "A PRD\nstatus: draft\n---\n', expect: [{ line: 2 }] },
      { name: 'duplicate key', text: '---\ntitle: A PRD\ntitle: B PRD\n---\n', expect: [{ line: 3, message: 'Map keys must be unique' }] },
      { name: 'no closing fence', text: '---\ntitle: A PRD\n\n# A PRD\n', expect: [{ line: 1, message: 'no closing `---`' }] },
      { name: 'a list, not a mapping', text: '---\n- a\n- b\n---\n', expect: [{ line: 2, message: 'must be a mapping' }] },
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
