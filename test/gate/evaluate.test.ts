import { describe, expect, it } from 'vitest';
import { evaluate, evaluateGate, factsRead, type Condition, type Facts, type Gate } from '../../src/gate/evaluate.js';

const cond = (id: string, test: Condition['test'], after?: string[]): Condition => ({ id, message: `${id} message`, reads: factsRead(test), test, ...(after ? { after } : {}) });

describe('the evaluator', () => {
  it('meets a condition only when its test is true; unknown facts are unmet and reported missing', () => {
    const c = [cond('a', { fact: 'x', equals: 'y' })];
    expect(evaluate(c, { x: 'y' })).toEqual({ met: true, unmet: [] });
    expect(evaluate(c, {}).unmet).toEqual([{ id: 'a', message: 'a message', missing: ['x'], contradicting: [] }]);
    expect(evaluate(c, { x: null }).unmet[0]!.missing).toEqual(['x']);
    expect(evaluate(c, { x: 'z' }).unmet).toEqual([{ id: 'a', message: 'a message', missing: [], contradicting: [{ fact: 'x', expected: '`y`', actual: 'z' }] }]);
  });

  it('compares strictly: `true` the string is not true the boolean', () => {
    const c = [cond('t', { fact: 'b', equals: true })];
    expect(evaluate(c, { b: 'true' }).met).toBe(false);
    expect(evaluate(c, { b: true }).met).toBe(true);
  });

  it('notIn, in and not are three-valued (unknown stays unknown, never met)', () => {
    expect(evaluate([cond('n', { fact: 'p', notIn: ['anthropic'] })], {}).unmet[0]!.missing).toEqual(['p']);
    expect(evaluate([cond('n', { not: { fact: 'p', equals: 'anthropic' } })], {}).met).toBe(false);
    const r = evaluate([cond('n', { not: { fact: 'p', equals: 'anthropic' } })], { p: 'anthropic' });
    expect(r.unmet[0]!.contradicting).toEqual([{ fact: 'p', expected: 'not `anthropic`', actual: 'anthropic' }]);
    expect(evaluate([cond('i', { fact: 'p', in: ['a', 'b'] })], { p: 'b' }).met).toBe(true);
  });

  it('all: false wins over unknown, and both missing and contradicting facts are listed', () => {
    const c = [cond('all', { all: [{ fact: 'a', equals: 1 }, { fact: 'b', equals: 2 }] })];
    const r = evaluate(c, { a: 5 });
    expect(r.unmet[0]).toMatchObject({ missing: ['b'], contradicting: [{ fact: 'a', actual: 5 }] });
  });

  it('any: true wins over unknown; all false lists every contradiction', () => {
    const c = [cond('any', { any: [{ fact: 'a', equals: 1 }, { fact: 'b', equals: 2 }] })];
    expect(evaluate(c, { b: 2 }).met).toBe(true);
    expect(evaluate(c, { a: 0 }).unmet[0]).toMatchObject({ missing: ['b'], contradicting: [] });
    expect(evaluate(c, { a: 0, b: 0 }).unmet[0]!.contradicting.map((x) => x.fact)).toEqual(['a', 'b']);
  });

  it('equalsFact needs both facts', () => {
    const c = [cond('same', { fact: 'fake', equalsFact: 'run' })];
    expect(evaluate(c, { fake: 'r1', run: 'r1' }).met).toBe(true);
    expect(evaluate(c, { fake: 'r1' }).unmet[0]!.missing).toEqual(['run']);
    expect(evaluate(c, { run: 'r1' }).unmet[0]!.missing).toEqual(['fake']);
    expect(evaluate(c, { fake: 'r0', run: 'r1' }).unmet[0]!.contradicting[0]).toMatchObject({ fact: 'fake', actual: 'r0', expected: 'equal to run (`r1`)' });
  });

  it('some: an array element must match every field test; a miss contradicts the array and the compared facts', () => {
    const c = [cond('pair', { fact: 'admitted', some: { provider: { equalsFact: 'p' }, model: { equalsFact: 'm' }, status: { equals: 'admitted' } } })];
    const admitted = [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }];
    expect(evaluate(c, { admitted, p: 'qwen-local', m: 'qwen3.6-35b-a3b' }).met).toBe(true);
    const miss = evaluate(c, { admitted, p: 'qwen-local', m: 'other' }).unmet[0]!;
    expect(miss.contradicting.map((x) => x.fact).sort()).toEqual(['admitted', 'm', 'p']);
    expect(evaluate(c, { admitted, p: 'qwen-local' }).unmet[0]!.missing).toEqual(['m']);
    expect(evaluate(c, { p: 'qwen-local', m: 'x' }).unmet[0]!.missing).toEqual(['admitted']);
    expect(evaluate(c, { admitted: [{ ...admitted[0]!, status: 'pending' }], p: 'qwen-local', m: 'qwen3.6-35b-a3b' }).met).toBe(false);
    expect(evaluate(c, { admitted: 'not a list', p: 'qwen-local', m: 'qwen3.6-35b-a3b' }).met).toBe(false);
  });

  it('reports every unmet condition, in order, and marks those whose prerequisite is unmet', () => {
    const g: Gate = {
      id: 'g', description: 'd', verdicts: { met: 'allow', unmet: 'block' },
      conditions: [cond('file', { fact: 'f', equals: 'present' }), cond('json', { fact: 'j', equals: 'valid' }, ['file']), cond('other', { fact: 'o', equals: 1 })],
    };
    const r = evaluateGate(g, { f: 'missing' });
    expect(r.verdict).toBe('block');
    expect(r.unmet.map((u) => [u.id, u.after])).toEqual([['file', undefined], ['json', ['file']], ['other', undefined]]);
    expect(evaluateGate(g, { f: 'present', j: 'valid', o: 1 })).toMatchObject({ verdict: 'allow', met: true, unmet: [] });
    // A prerequisite that is met is not named.
    expect(evaluateGate(g, { f: 'present', o: 1 }).unmet).toEqual([{ id: 'json', message: 'json message', missing: ['j'], contradicting: [] }]);
  });

  it('is pure: the same facts give the same answer and the inputs are not changed', () => {
    const c = [cond('a', { fact: 'x', equals: 'y' }), cond('b', { fact: 'admitted', some: { provider: { equals: 'q' } } })];
    const facts = Object.freeze({ x: 'z', admitted: Object.freeze([Object.freeze({ provider: 'q' })]) }) as unknown as Facts;
    const first = JSON.stringify(evaluate(c, facts));
    expect(JSON.stringify(evaluate(c, facts))).toBe(first);
  });
});
