import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/lint/registry.js';

/**
 * The built parser (dist/vendor/markdown.js) is the packages bundled with a performance patch to
 * mdast-util-from-markdown's compiler (scripts/bundle-vendor.mjs). Whatever the document, it must
 * give exactly the tree the unpatched packages give: every node, value and position.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const bundlePath = join(root, 'dist/vendor/markdown.js');
const bundled = (await import(bundlePath)) as { fromMarkdown: typeof fromMarkdown; frontmatter: typeof frontmatter; frontmatterFromMarkdown: typeof frontmatterFromMarkdown };

const original = (text: string) => fromMarkdown(text, { extensions: [frontmatter(['yaml'])], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] });
const patched = (text: string) => bundled.fromMarkdown(text, { extensions: [bundled.frontmatter(['yaml'])], mdastExtensions: [bundled.frontmatterFromMarkdown(['yaml'])] });

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
);
const documentText = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 40 })).map(([fm, lines]) => `${fm ? '---\ntitle: T\nstatus: active\n---\n' : ''}${lines.join('\n')}\n`);

describe('bundled parser', () => {
  it('is the patched bundle (the build applied the patch)', () => {
    expect(readFileSync(bundlePath, 'utf8')).toContain('withSlice(');
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
