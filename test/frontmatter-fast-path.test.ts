import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFrontmatter } from '../src/parse/frontmatter.js';

/**
 * readFrontmatter reads simple blocks (one plain `key: value` per line) without the YAML library.
 * Whatever the block, the result must be exactly the library's: data, entries with key and value
 * ranges, syntax errors.
 */
function both(yamlBody: string) {
  const text = `---\n${yamlBody}---\n# Title\n`;
  const block = { start: 0, end: text.indexOf('\n---\n', 3) + 4 };
  return { fast: readFrontmatter(text, block), library: readFrontmatter(text, block, { library: true }) };
}

describe('frontmatter fast path', () => {
  it('reads the usual frontmatter exactly as the YAML library does', () => {
    const body = [
      'title: CTO Case Spark Endpoint Config PRD',
      'status: active',
      'lifecycle_classification: sot',
      'owner: cto',
      'created: 2026-05-20',
      'last_reviewed: 2026-06-01',
      'core_promotion_status: not-promoted',
      'route:   cto   ',
      '',
    ].join('\n');
    const { fast, library } = both(body);
    expect(fast).toEqual(library);
    expect(fast.entries.map((e) => e.key)).toHaveLength(8);
  });

  it('agrees with the library on generated blocks, odd ones included', () => {
    const key = fc.constantFrom('title', 'status', 'created', 'owner', 'route', 'a_b', 'k-1', 'x', '__proto__', 'Key', '-k', '1k');
    const sep = fc.constantFrom(':', ': ', ':  ', ': \t', ' : ', ':\t');
    const char = fc.constantFrom(...'aZ09 .:#-_/\'"[]{},~!&*|>%@`?\t\r\u00e9\u2028\ufeff\u0085\u0001x'.split(''));
    const value = fc.oneof(
      fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')),
      fc.constantFrom('true', 'False', 'NULL', '~', '12', '-3', '0x1F', '0o17', '1.5', '.5', '1e3', '.inf', '-.Inf', '.NaN', '2026-01-01', '1.2.3', 'a: b', 'c:', 'C#', 'a #b', 'x  ', 'null', 'yes'),
    );
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(key, sep, value).map(([k, s, v]) => `${k}${s}${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('', '# comment', '  continued', '- item', '---', 'k: [a, b]', 'k: |', 'k: "quoted"', "k: 'q'") },
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 0, maxLength: 6 }), (lines) => {
        const body = lines.length ? `${lines.join('\n')}\n` : '';
        const { fast, library } = both(body);
        expect(fast).toEqual(library);
      }),
      { numRuns: 1000 },
    );
  });
});
