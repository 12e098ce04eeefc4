import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { adversarialLines } from '../../src/leaks/adversarial.js';
import { detectLeaks, MAX_PER_LINE } from '../../src/leaks/detect.js';
import { findDocumentLeaks } from '../../src/leaks/markdown.js';
import { leakPolicy } from '../../src/leaks/policy.js';
import { scanStream } from '../../src/leaks/stream.js';
import { buildDocument } from '../../src/model/build.js';
import { buildModelOptions } from '../../src/model/options.js';
import { parseMarkdown } from '../../src/parse/markdown.js';

/**
 * Every detector path stays under 50 ms on 50,000-character adversarial lines (the list
 * and one line per trigger of every scanner and normalization step). Measured as this process's
 * CPU time, best of three, so other processes competing for the machine do not make it flaky; the
 * benchmark (`npm run bench:regex`) prints both CPU and wall time.
 */
const LIMIT_MS = 50;
const policy = leakPolicy();
const modelOptions = buildModelOptions('CTO-WORK-[0-9]{3,}');

async function cpuMs(fn: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

describe('linear time on 50,000-character adversarial lines', () => {
  const lines = adversarialLines(50_000);

  it('covers the lines the issue names', () => {
    const names = lines.map((l) => l.name);
    for (const n of ['http://a/ × N', '1. × N', 'a: × N', 'a@ × N', '%3A × N', 'a. × N + ts.net']) expect(names).toContain(n);
    for (const l of lines) expect(l.text.length).toBe(50_000);
  });

  for (const line of lines) {
    it(`${line.name}: detector, rule and stream each under ${LIMIT_MS} ms`, async () => {
      detectLeaks(line.text, { policy }); // warm up the JIT
      const plain = await cpuMs(() => detectLeaks(line.text, { policy }));
      const tree = parseMarkdown(line.text);
      const doc = buildDocument('/adversarial/LINE.md', line.text, tree, modelOptions);
      const rule = await cpuMs(() => findDocumentLeaks(doc, tree, policy));
      const stream = await cpuMs(() => scanStream(Readable.from([Buffer.from(line.text)]), { policy }));
      expect({ plain, rule, stream }, line.name).toEqual({ plain: expect.any(Number), rule: expect.any(Number), stream: expect.any(Number) });
      expect(Math.max(plain, rule, stream), `${line.name}: detector ${plain.toFixed(1)} ms, rule ${rule.toFixed(1)} ms, stream ${stream.toFixed(1)} ms`).toBeLessThan(LIMIT_MS);
    });
  }

  it(`reports at most ${MAX_PER_LINE} findings on one line, and says there are more`, () => {
    const found = detectLeaks('http://a/'.repeat(5000), { policy });
    expect(found.length).toBe(MAX_PER_LINE);
    expect(found[found.length - 1]!.moreOnLine).toBe(true);
    expect(found.slice(0, -1).some((f) => f.moreOnLine)).toBe(false);
  });
});
