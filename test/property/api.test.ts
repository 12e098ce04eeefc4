import { describe, expect, it } from 'vitest';
import { FACTOR } from './arbitraries.js';
import { PROPERTIES, type PropertyName } from './properties.js';
import { runProperty, savedCounterexamples } from './run.js';

/**
 * Property tests over the library API (fixed seed, bounded runs; `npm run fuzz` goes deeper):
 * never throws and no rule crashes; every message well formed and positioned inside its file;
 * line endings and encodings do not move findings; file order does not change a byte; a planted
 * endpoint never reaches any output; the graph rules agree with a brute-force oracle.
 */
describe('properties of the library API', () => {
  for (const name of Object.keys(PROPERTIES) as PropertyName[]) {
    it(name, async () => {
      await runProperty(name, PROPERTIES[name]);
    }, 300_000 * FACTOR);
  }
});

describe('saved counterexamples (.sot-fixtures/regressions/fuzz) still pass', () => {
  const saved = savedCounterexamples();
  it('name known properties', () => {
    for (const s of saved) expect(Object.keys(PROPERTIES), s.file).toContain(s.property);
  });
  it.each(saved.map((s) => [s.file, s] as const))('%s', async (_file, s) => {
    await PROPERTIES[s.property as PropertyName].predicate(...s.args);
  });
});
