/**
 * The requirement vocabulary (rules/requirements.yaml) as a table: every statement and phrase
 * example it ships runs here, so the data file cannot drift from what the code does with it. Also
 * checks that the package's rules/ hold no project fact (work-item id, admitted pair) outside
 * examples and comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig } from '../../src/config/config.js';
import { buildModelOptions, type RequirementsData } from '../../src/model/options.js';
import { extractStatements, mapCondition } from '../../src/model/requirements.js';
import { repoRoot } from '../helpers/lint.js';

const data = parse(readFileSync(join(repoRoot, 'rules/requirements.yaml'), 'utf8')) as RequirementsData;
const options = buildModelOptions(defaultConfig('/virtual'));

describe('rules/requirements.yaml statements: each example states what it says', () => {
  for (const s of data.statements ?? []) {
    for (const ex of s.examples ?? []) {
      it(`${s.id}: ${ex.text}`, () => {
        const found = extractStatements(ex.text, { start: 0, end: ex.text.length }, options).filter((f) => f.pattern === s.id);
        expect(found).toHaveLength(1);
        const st = found[0]!;
        expect(st.ids.map((i) => i.id)).toEqual(ex.ids);
        // Positions point at the ids in the text.
        for (const i of st.ids) expect(ex.text.slice(i.range.start, i.range.end)).toBe(i.id);
        if (ex.condition !== undefined) expect(ex.text.slice(st.condition!.start, st.condition!.end)).toBe(ex.condition.replace(/[.\s]+$/, ''));
        else expect(st.condition).toBeUndefined();
      });
    }
  }
});

describe('rules/requirements.yaml phrases: examples map, counter-examples stay free text', () => {
  for (const p of data.phrases ?? []) {
    const key = p.requires.gate !== undefined ? `gate:${p.requires.gate}` : `condition:${p.requires.condition}`;
    for (const ex of p.examples ?? []) {
      it(`${p.id} knows: ${ex}`, () => {
        const parts = mapCondition(ex, { start: 0, end: ex.length }, options);
        expect(parts.map((m) => m.key)).toContain(key);
        expect(parts.find((m) => m.key === key)!.phrase).toBe(p.id);
      });
    }
    for (const ex of p.counterExamples ?? []) {
      it(`${p.id} does not claim: ${ex}`, () => {
        const parts = mapCondition(ex, { start: 0, end: ex.length }, options);
        expect(parts.map((m) => m.key)).not.toContain(key);
      });
    }
  }
});

describe('a stated condition is split into parts, and no part is silently dropped', () => {
  const cases: [string, (string | undefined)[], string[]][] = [
    ['explicit endpoint config and real Case Stage 2 pass evidence exist', ['condition:local-config-unavailable', 'gate:stage2-pass'], []],
    ['admitted provider/model and real Case Stage 2 pass evidence exist', ['condition:model-admitted', 'gate:stage2-pass'], []],
    // A part no phrase knows stays free text next to the parts that map.
    ['real Stage 2 pass evidence, a signed-off runbook and a load test exist', ['gate:stage2-pass', undefined, undefined], ['a signed-off runbook', 'a load test exist']],
    // Nothing known: the whole text is one free-text requirement.
    ['the scheduler demo is reviewed', [undefined], ['the scheduler demo is reviewed']],
  ];
  for (const [text, keys, free] of cases) {
    it(text, () => {
      const parts = mapCondition(text, { start: 0, end: text.length }, options);
      expect(parts.map((p) => p.key)).toEqual(keys);
      expect(parts.filter((p) => !p.key).map((p) => text.slice(p.part.start, p.part.end))).toEqual(free);
    });
  }
});

describe('statements in sentences a user would write next', () => {
  const cases: [string, string, string[]][] = [
    ['remains-blocked-until', '`CTO-WORK-041` and `CTO-WORK-042` remain blocked until a real Stage 2 pass report exists.', ['CTO-WORK-041', 'CTO-WORK-042']],
    ['remains-blocked-until', 'CTO-WORK-041 stays blocked until the quota store ships; see below.', ['CTO-WORK-041']],
    ['keeps-blocked-until', 'This keeps **`CTO-WORK-041`** blocked until explicit endpoint config exists.', ['CTO-WORK-041']],
    ['before-unblocking', 'Operators need a signed runbook before unblocking `CTO-WORK-041` or `CTO-WORK-042`.', ['CTO-WORK-041', 'CTO-WORK-042']],
    ['endpoint-alone-does-not-validate', 'Endpoint presence alone does not validate `CTO-WORK-041`.', ['CTO-WORK-041']],
  ];
  for (const [pattern, text, ids] of cases) {
    it(`${pattern}: ${text}`, () => {
      const found = extractStatements(text, { start: 0, end: text.length }, options);
      expect(found.map((f) => f.pattern)).toEqual([pattern]);
      expect(found[0]!.ids.map((i) => i.id)).toEqual(ids);
    });
  }
  it('a sentence that only mentions an item, or says it is blocked without a condition, states nothing', () => {
    for (const text of ['`CTO-WORK-041` remains blocked.', 'See `CTO-WORK-041` for the scheduler.', 'Blocked until review: the scheduler.']) {
      expect(extractStatements(text, { start: 0, end: text.length }, options)).toEqual([]);
    }
  });
  it('two sentences in one paragraph are read apart (a model name with a dot does not end a sentence)', () => {
    const text = 'Uses `qwen3.6-35b-a3b` today. `CTO-WORK-041` remains blocked until real pass evidence exists. Nothing else.';
    const [st] = extractStatements(text, { start: 0, end: text.length }, options);
    expect(text.slice(st!.condition!.start, st!.condition!.end)).toBe('real pass evidence exists');
  });
});

describe('the package ships conventions, not a project\'s facts', () => {
  /** Every string value of a rules file, examples and counter-examples left out. */
  function values(node: unknown, out: string[] = []): string[] {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) for (const n of node) values(n, out);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) if (!['examples', 'counterExamples', 'example', 'description'].includes(k)) values(v, out);
    }
    return out;
  }
  const files = readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.yaml'));
  it('finds the rules files', () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const f of files) {
    it(`rules/${f} names no work item and no admitted provider/model pair`, () => {
      const strings = values(parse(readFileSync(join(repoRoot, 'rules', f), 'utf8')));
      expect(strings.filter((s) => /\bCTO-WORK-\d/.test(s))).toEqual([]);
      expect(strings.filter((s) => /qwen|llama|mistral/i.test(s))).toEqual([]);
    });
  }
  it('rules/work-items.yaml is gone', () => {
    expect(files).not.toContain('work-items.yaml');
  });
});
