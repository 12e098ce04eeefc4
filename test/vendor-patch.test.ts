import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/lint/registry.js';
import { markdownProcessor } from '../src/parse/markdown.js';

/**
 * The built parser (dist/vendor/markdown.js) is unified + remark-parse + remark-frontmatter +
 * remark-gfm bundled with the performance patches of scripts/vendor-patches.mjs. Whatever the
 * document, it must give exactly the tree the unpatched packages give: every node, value and position.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const bundlePath = join(root, 'dist/vendor/markdown.js');
const bundled = (await import(bundlePath)) as { unified: typeof unified; remarkParse: typeof remarkParse; remarkFrontmatter: typeof remarkFrontmatter; remarkGfm: typeof remarkGfm };

const stock = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const patchedProcessor = bundled.unified().use(bundled.remarkParse).use(bundled.remarkFrontmatter, ['yaml']).use(bundled.remarkGfm).freeze();
const original = (text: string) => stock.parse(text);
const patched = (text: string) => patchedProcessor.parse(text);

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) markdownFiles(p, out);
    else if (e.name.endsWith('.md') || e.name.endsWith('.txt')) out.push(p);
  }
  return out;
}

/** Lines that exercise what the compiler handles: containers, lists (tight and loose), inline marks, HTML, code. */
const line = fc.constantFrom(
  '# Title *with* `code`',
  '## CTO-WORK-001 - An item',
  'Status: validated.',
  'Blocked by:',
  '- `CTO-WORK-002`',
  '  - nested **strong** item',
  '    1. ordered [link](https://example.invalid) item',
  '* star item',
  '',
  '> quoted _emphasis_',
  '> - list in a quote',
  '```sh',
  'echo fenced',
  '```',
  '    indented code',
  '<!-- sot-disable-next-line title-heading -- reason -->',
  '<div>html block</div>',
  'Text with a hard break  ',
  'continued\\',
  'a | b',
  '--- | ---',
  '[ref]: https://example.invalid "Title"',
  'See [ref] and ![image](x.png) and <https://autolink.invalid>.',
  '***',
  'Setext heading',
  '===',
  '&amp; &#35; \\* escaped',
  '\t- tab item',
  // GitHub Flavored Markdown
  '- [ ] open task',
  '- [x] done task with ~~struck~~ text',
  '  - [X] nested task',
  '| Label | Value |',
  '| --- | :---: |',
  '| Report status | `pass` |',
  '| ~~Backend~~ | case \\| pipe |',
  'Text ~single~ and ~~double~~ strikethrough, a~~b~~ in a word.',
  'A note[^1] and another[^note].',
  '[^1]: The footnote, with `CTO-WORK-001`.',
  'Literal www.example.com/path, https://example.com/x?y=1. and mail@example.com.',
  'Not links: www, http:, a@b, mailto:x@y.z and xmpp:a@b.c/d.',
  '(www.example.com) and <www.example.com> and [www.example.com](x)',
);
const documentText = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 40 })).map(([fm, lines]) => `${fm ? '---\ntitle: T\nstatus: active\n---\n' : ''}${lines.join('\n')}\n`);

describe('the Markdown processor', () => {
  it('is one frozen unified processor with remark-parse, remark-frontmatter and remark-gfm, which package.json depends on', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['unified', 'remark-parse', 'remark-frontmatter', 'remark-gfm']));
    expect(markdownProcessor.attachers.map(([plugin]) => plugin.name)).toEqual(['remarkParse', 'remarkFrontmatter', 'remarkGfm']);
    expect(() => markdownProcessor.use(remarkGfm)).toThrow(/frozen/);
    const tree = markdownProcessor.parse('---\ntitle: T\n---\n- [ ] a ~~b~~ | c\n\n| x | y |\n| - | - |\n| 1 | 2 |\n');
    expect(tree.children.map((n) => n.type)).toEqual(['yaml', 'list', 'table']);
  });
});

describe('bundled parser', () => {
  it('is the patched bundle (the build applied every patch)', () => {
    const code = readFileSync(bundlePath, 'utf8');
    expect(code).toContain('withSlice(');
    expect(code).toContain('if (!sotMayHoldLiteral(tree)) return');
  });

  it('gives the unpatched packages’ tree for every fixture document and rule example', () => {
    // Not the DEEP-* regressions: thousands of nested containers, which the linter refuses before
    // parsing (limits.maxNesting), and whose trees are too deep to compare recursively.
    const files = markdownFiles(join(root, '.sot-fixtures')).filter((f) => !/[\\/]DEEP-[^\\/]*$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(patched(text), file).toEqual(original(text));
    }
    const examples = allRules().flatMap((r) => [...r.examples.ok, ...r.examples.notOk]).flatMap((e) => ('text' in e ? [e.text] : Object.values(e.files)));
    expect(examples.length).toBeGreaterThan(40);
    for (const text of examples) expect(patched(text)).toEqual(original(text));
  });

  it('gives the unpatched packages’ tree for generated documents', () => {
    fc.assert(
      fc.property(documentText, (text) => {
        expect(patched(text)).toEqual(original(text));
      }),
      { numRuns: 300 },
    );
  });
});
