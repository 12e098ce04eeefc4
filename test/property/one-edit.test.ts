import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/config/config.js';
import { oneEditApart } from '../../src/rules/unknown-work-item.js';

describe('oneEditApart', () => {
  it('agrees with the edit distance being exactly 1', () => {
    // Short strings over a small alphabet, so that near pairs are common.
    const id = fc.string({ unit: fc.constantFrom('C', 'T', 'O', '-', '0', '1', '2'), maxLength: 8 });
    const near = id.chain((a) => fc.tuple(fc.constant(a), fc.oneof(id, fc.nat({ max: 8 }).map((i) => a.slice(0, i) + a.slice(i + 1)), fc.nat({ max: 8 }).map((i) => `${a.slice(0, i)}2${a.slice(i)}`))));
    fc.assert(
      fc.property(near, ([a, b]) => {
        expect(oneEditApart(a, b)).toBe(editDistance(a, b) === 1);
      }),
      { numRuns: 2000 },
    );
  });
});
