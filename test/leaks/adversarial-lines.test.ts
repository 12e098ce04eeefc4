import { defaultConfig } from '../../src/config/config.js';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { adversarialLines } from '../../src/leaks/adversarial.js';
import { detectLeaks, MAX_PER_LINE } from '../../src/leaks/detect.js';
import { findDocumentLeaks } from '../../src/leaks/markdown.js';
import { leakPolicy } from '../../src/leaks/policy.js';
import { scanStream } from '../../src/leaks/stream.js';
import { buildDocument } from '../../src/model/build.js';
import { buildModelOptions } from '../../src/model/options.js';
import { parseDocument } from '../../src/parse/document.js';

/**
 * The adversarial lines (the list and one line per trigger of every scanner and
 * normalization step, 50,000 characters each) through the three detector paths: each finishes
 * and all three report the same findings, bounded per line. How long they take is the
 * benchmark's job, not this test's (a timed assertion flakes on a loaded machine):
 * `npm run bench:regex -- --check` prints CPU time per line and exits 1 over 50 ms, and the
 * regular expressions themselves are checked for super-linear backtracking by ESLint in `npm test`.
 */
const policy = leakPolicy();
const modelOptions = buildModelOptions(defaultConfig('/virtual'));
const spans = (found: readonly { start: number; end: number }[]) => found.map((f) => [f.start, f.end]);

describe('adversarial 50,000-character lines', () => {
  const lines = adversarialLines(50_000);

  it('covers the lines the issue names', () => {
    const names = lines.map((l) => l.name);
    for (const n of ['http://a/ × N', '1. × N', 'a: × N', 'a@ × N', '%3A × N', 'a. × N + ts.net']) expect(names).toContain(n);
    for (const l of lines) expect(l.text.length).toBe(50_000);
  });

  it('some of them hold leaks (the line set exercises reporting, not only scanning)', () => {
    expect(lines.filter((l) => detectLeaks(l.text, { policy }).length > 0).length).toBeGreaterThanOrEqual(5);
  });

  for (const line of lines) {
    it(`${line.name}: the detector, the document rule and the stream scanner agree`, async () => {
      const plain = detectLeaks(line.text, { policy });
      const parsed = parseDocument(line.text);
      const { tree } = parsed;
      const doc = buildDocument('/adversarial/LINE.md', line.text, parsed, modelOptions);
      const rule = findDocumentLeaks(doc, tree, policy);
      const stream = await scanStream(Readable.from([Buffer.from(line.text)]), { policy });
      expect(plain.length).toBeLessThanOrEqual(MAX_PER_LINE);
      expect(spans(rule)).toEqual(spans(plain));
      expect(spans(stream.findings)).toEqual(spans(plain));
    });
  }

  it(`reports at most ${MAX_PER_LINE} findings on one line, and says there are more`, () => {
    const found = detectLeaks('http://a/'.repeat(5000), { policy });
    expect(found.length).toBe(MAX_PER_LINE);
    expect(found[found.length - 1]!.moreOnLine).toBe(true);
    expect(found.slice(0, -1).some((f) => f.moreOnLine)).toBe(false);
  });
});
