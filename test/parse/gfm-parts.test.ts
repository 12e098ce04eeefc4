import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownProcessor, parseMarkdown } from '../../src/parse/markdown.js';
import { defaultConfig } from '../../src/config/config.js';
import { containerDepth, inlineMarkers, tableCells } from '../../src/text/prescan.js';
import { markdown, SEED, withEndings } from '../property/arbitraries.js';

/**
 * The parse leaves out a GFM part a text cannot hold (src/parse/markdown.ts). Its contract: the
 * tree is always the one the full remark-gfm processor gives, node for node and position for
 * position. Checked on every Markdown file the project keeps (the real documents, the public-text
 * corpus, the docs), on the edges of each part's test, and on generated text.
 */

const full = (text: string) => JSON.stringify(markdownProcessor.parse(text));
const gated = (text: string) => JSON.stringify(parseMarkdown(text));

/** A file `sot lint` parses (the hostile fixtures over its limits are refused before the parse). */
function parsedByLint(text: string): boolean {
  const l = defaultConfig('/').limits;
  return text.length <= l.maxFileBytes && text.split('\n').every((line) => line.length <= l.maxLineLength) && containerDepth(text, l.maxNesting).depth <= l.maxNesting && inlineMarkers(text, l.maxInlineMarkers).markers <= l.maxInlineMarkers && tableCells(text, l.maxTableCells).cells <= l.maxTableCells;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.git')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

describe('GFM parts by what a text may hold: the same tree as full GFM', () => {
  it('every Markdown file of the repository (real documents, public corpus, docs, fixtures)', () => {
    const files = ['.sot-fixtures', 'test', 'docs'].flatMap((d) => markdownFiles(d)).concat(['README.md', 'BENCHMARKS.md']);
    expect(files.length).toBeGreaterThan(80);
    let gfmNodes = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (!parsedByLint(text)) continue;
      expect(gated(text), f).toBe(full(text));
      gfmNodes += (full(text).match(/"type":"(table|delete|footnoteReference|footnoteDefinition)"|"checked":(true|false)/g) ?? []).length;
    }
    // The files exercise the parts (the public corpus has tables, links and task lists).
    expect(gfmNodes).toBeGreaterThan(20);
  });

  const edges: [string, string][] = [
    ['an e-mail written with a character reference', 'Write to ops&#64;example.org or ops&commat;example.org.\n'],
    ['an escaped @', 'ops\\@example.org\n'],
    ['literal autolinks in any case', 'See WWW.EXAMPLE.COM and HTTPS://EXAMPLE.COM/x and mailto:a@b.co\n'],
    ['www without a dot, http without slashes: no link, same tree', 'www example and http:example\n'],
    ['a footnote call and definition', 'Text[^1].\n\n[^1]: The note.\n'],
    ['an escaped caret is no footnote', 'Text[\\^1].\n\n[\\^1]: x\n'],
    ['strikethrough with one and two tildes', '~a~ and ~~b~~\n'],
    ['a table without outer pipes', 'a | b\n--- | ---\nc | d\n'],
    ['a one-column table', '| a |\n| - |\n| b |\n'],
    ['task boxes: space, x, X, tab', '- [ ] a\n- [x] b\n- [X] c\n- [\t] d\n'],
    ['a task box across a line ending', '- [\n] a\n- [\r\n] b\n'],
    ['no GFM at all', '# Title\n\nPlain *text* with `code` and [a link](x).\n'],
    ['only a tilde in code', '```\n~~~\n```\n\n`~`\n'],
  ];
  for (const [name, text] of edges) {
    it(name, () => {
      expect(gated(text)).toBe(full(text));
      expect(gated(withEndings(text, 'crlf'))).toBe(full(withEndings(text, 'crlf')));
    });
  }

  it('a part left out is one the text cannot hold: a tilde alone still strikes through', () => {
    expect(gated('~~gone~~\n')).toContain('"type":"delete"');
    expect(gated('| a |\n| - |\n')).toContain('"type":"table"');
  });

  it('generated documents and text made of the parts\' own characters', () => {
    const alphabet = fc.constantFrom('[', ']', '^', '~', '|', '@', '&', '#', '6', '4', ';', 'w', 'W', '.', 'h', 't', 'p', 's', ':', '/', ' ', '\t', '\n', '\r', 'x', 'X', '-', '*', 'a', '\\', '`', '>', '1');
    const soup = fc.array(alphabet, { maxLength: 120 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.oneof(markdown, soup), (text) => {
        expect(gated(text)).toBe(full(text));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
