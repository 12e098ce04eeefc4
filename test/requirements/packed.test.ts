/**
 * evidence-gate's prepared part keeps free-text requirements packed (gate/requirement-status.ts
 * `packRequirements`): what `sot explain` and `sot graph` read back (`statedIn`, the index with
 * `freeText`) is every requirement in the order stated; the rule's index holds the checked ones.
 */
import { describe, expect, it } from 'vitest';
import { indexRequirements, packRequirements, statedIn, type PreparedEvidence, type PreparedRequirement } from '../../src/gate/requirement-status.js';

const r = (id: string, at: number, more: Partial<PreparedRequirement> = {}): PreparedRequirement => ({
  id,
  source: { start: at, end: at + 10 },
  part: { start: at + 2, end: at + 9 },
  origin: 'acceptance',
  ...more,
});

const orders: PreparedRequirement[][] = [
  [],
  [r('A-1', 0)],
  [r('A-1', 0, { key: 'gate:stage2-pass' })],
  [r('A-1', 0), r('A-1', 20, { key: 'condition:x', origin: 'statement' }), r('A-1', 40)],
  [r('A-1', 0, { key: 'condition:x' }), r('B-2', 20), r('B-2', 40, { origin: 'blocked-by' }), r('A-1', 60, { endpointAlone: true, origin: 'statement' }), r('C-3', 80)],
  // An id a configured pattern allows may hold any character.
  [r('"odd",\\id;', 0), r('x', 20, { key: 'condition:y' }), r('\n\t', 40)],
];

describe('packed free-text requirements', () => {
  for (const [n, stated] of orders.entries()) {
    it(`round trip ${n}: every requirement back, in the order stated`, () => {
      const part: PreparedEvidence = { outcomes: [], ...packRequirements(stated) };
      // Through JSON, as the cache keeps it.
      const stored = JSON.parse(JSON.stringify(part)) as PreparedEvidence;
      expect(statedIn(stored)).toEqual(stated);
      expect(stored.requirements).toEqual(stated.filter((x) => x.key !== undefined || x.endpointAlone));
      expect(stored.freeText === undefined).toBe(stated.every((x) => x.key !== undefined || x.endpointAlone));
    });
  }

  it("the rule's index holds the checked requirements; explain's holds them all, in path then stated order", () => {
    const docs = [orders[3]!, orders[4]!].map((stated) => ({ outcomes: [], ...packRequirements(stated) }));
    const checked = indexRequirements(docs, (d) => d);
    expect([...checked.stated.keys()]).toEqual(['A-1']);
    expect(checked.stated.get('A-1')!.map(({ r }) => r.source.start)).toEqual([20, 0, 60]);
    const all = indexRequirements(docs, (d) => d, { freeText: true });
    expect([...all.stated.keys()]).toEqual(['A-1', 'B-2', 'C-3']);
    expect(all.stated.get('A-1')!.map(({ r }) => r.source.start)).toEqual([0, 20, 40, 0, 60]);
    expect(all.stated.get('B-2')!.map(({ r }) => r.origin)).toEqual(['acceptance', 'blocked-by']);
  });
});
