import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { identity } from '../../src/text/identity.js';
import { ENDPOINT_PIECES, gate, GOOD_ADMISSION, goodEnv, workspace } from '../gate/helpers.js';
import { FACTOR } from './arbitraries.js';
import { runProperty } from './run.js';

/**
 * The Stage 2 gate fails closed, as a property: admission files and harness reports mutated at
 * random (a field dropped, retyped, re-cased, padded, set to any JSON value; the file truncated
 * or garbled) never give `allow`/`pass` unless what the gate needs is still exactly there, never
 * crash (exit 0 or 1, JSON output), and never print or write the endpoint. Through the CLI, few
 * runs (`npm run fuzz -- --cli` for more); test/gate has the hand-written hostile inputs.
 */

const RUN = '20260601T030000Z-r1-string-slugify-1';
const GOOD_REPORT = {
  run_id: RUN, status: 'pass', backend: 'case', case_process_started: true, case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b',
  case_model_admission_status: 'admitted', tests_passed: true, required_events_passed: true, changed_files: ['src/slugify.py'],
  fake_baseline: { run_id: RUN, status: 'pass' },
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

/** One change to a JSON object at a path: drop, replace with anything, re-case, pad, retype. */
const mutation = (paths: string[][]) =>
  fc.record({
    path: fc.constantFrom(...paths),
    kind: fc.constantFrom('drop', 'any', 'upper', 'pad', 'string', 'keep'),
    value: anyJson,
  });
type Mutation = { path: string[]; kind: string; value: Json };

function mutate(base: Json, m: Mutation): Json {
  const copy = structuredClone(base) as { [k: string]: Json };
  let parent: { [k: string]: Json } | Json[] = copy;
  for (const k of m.path.slice(0, -1)) {
    const next = (parent as Record<string, Json>)[k];
    if (!next || typeof next !== 'object') return copy; // an earlier mutation removed the path
    parent = next as { [k: string]: Json };
  }
  const key = m.path[m.path.length - 1]!;
  const p = parent as Record<string, Json>;
  const old = p[key];
  if (m.kind === 'drop') delete p[key];
  else if (m.kind === 'any') p[key] = m.value;
  else if (m.kind === 'upper') p[key] = typeof old === 'string' ? old.toUpperCase() : m.value;
  else if (m.kind === 'pad') p[key] = typeof old === 'string' ? ` ${old}` : m.value;
  else if (m.kind === 'string') p[key] = JSON.stringify(old ?? null);
  return copy;
}

const get = (o: Json, path: string[]): Json | undefined => path.reduce<Json | undefined>((x, k) => (x && typeof x === 'object' ? (x as Record<string, Json>)[k] : undefined), o);
/**
 * Values as the gate compares them (src/text/identity.ts): strings by their identity key (NFKC,
 * case-folded, trimmed; run ids keep their case), so a re-cased or padded status is the same value.
 */
const identical = (v: Json | undefined, caseless: boolean): Json | undefined => {
  if (typeof v === 'string') {
    const id = identity(v, { caseless });
    return id.ok ? id.key : '\u0000unusable';
  }
  if (Array.isArray(v)) return v.map((x) => identical(x, caseless) ?? null);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, identical(x, caseless) ?? null]));
  return v;
};
const same = (a: Json | undefined, b: Json | undefined, path: string[] = []) => {
  const caseless = !path.includes('run_id');
  return JSON.stringify(identical(a, caseless)) === JSON.stringify(identical(b, caseless));
};

/** Output and every file in the workspace, checked for the endpoint. */
function assertNoEndpoint(dir: string, out: string): void {
  const texts = [out];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else texts.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  for (const t of texts) for (const piece of ENDPOINT_PIECES) expect(t).not.toContain(piece);
}

const ADMISSION_PATHS = [['decision_status'], ['provider_class'], ['admitted'], ['admitted', '0'], ['admitted', '0', 'provider'], ['admitted', '0', 'model'], ['admitted', '0', 'status']];
const REPORT_PATHS = Object.keys(GOOD_REPORT).map((k) => [k]).concat([['fake_baseline', 'run_id'], ['fake_baseline', 'status']]);

describe('the Stage 2 gate fails closed on mutated inputs', () => {
  it('run gate: a mutated admission file allows only if what it needs is unchanged', async () => {
    await runProperty('gate-admission', {
      arbitraries: [fc.array(mutation(ADMISSION_PATHS), { minLength: 1, maxLength: 3 }), fc.constantFrom('json', 'truncated', 'garbled')],
      runs: 12,
      predicate: (mutations: Mutation[], form: string) => {
        const ws = workspace();
        dirs.push(ws.dir);
        let adm: Json = GOOD_ADMISSION as unknown as Json;
        for (const m of mutations) adm = mutate(adm, m);
        let text = JSON.stringify(adm);
        if (form === 'truncated') text = text.slice(0, Math.floor(text.length / 2));
        if (form === 'garbled') text = text.replace(/"/g, "'");
        ws.write('admission.json', text);
        const r = gate(['--format', 'json'], goodEnv(ws), ws.dir);
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.json, r.stdout).toBeDefined();
        const intact = form === 'json' && ADMISSION_PATHS.every((p) => same(get(adm, p), get(GOOD_ADMISSION as unknown as Json, p), p));
        if (r.json!.verdict === 'allow') expect(intact, `allowed a changed admission: ${text}`).toBe(true);
        if (intact && Array.isArray((adm as Record<string, Json>).admitted) && ((adm as Record<string, Json[]>).admitted!.length === 1)) expect(r.json!.verdict).toBe('allow');
        assertNoEndpoint(ws.dir, r.stdout + r.stderr);
      },
    });
  }, 300_000 * FACTOR);

  it('pass gate: a mutated harness report passes only if every field the gate reads is unchanged', async () => {
    await runProperty('gate-report', {
      arbitraries: [fc.array(mutation(REPORT_PATHS), { minLength: 1, maxLength: 3 }), fc.boolean()],
      runs: 12,
      predicate: (mutations: Mutation[], plantEndpoint: boolean) => {
        const ws = workspace();
        dirs.push(ws.dir);
        let report: Json = GOOD_REPORT as unknown as Json;
        for (const m of mutations) report = mutate(report, m);
        if (plantEndpoint) (report as Record<string, Json>).notes = `base url ${ENDPOINT_PIECES[0]}`;
        const path = ws.write('report.json', JSON.stringify(report));
        const r = gate(['--report', path, '--admission', ws.admission, '--format', 'json'], {}, ws.dir);
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.json, r.stdout).toBeDefined();
        const intact = REPORT_PATHS.filter((p) => p[0] !== 'changed_files').every((p) => same(get(report, p), get(GOOD_REPORT as unknown as Json, p), p));
        if (r.json!.verdict === 'pass') {
          expect(intact, `passed a changed report: ${JSON.stringify(report)}`).toBe(true);
          expect(plantEndpoint, 'a report holding the endpoint never passes').toBe(false);
        }
        // Reading the report never writes it anywhere: only the report and admission files are in the workspace.
        rmSync(path);
        assertNoEndpoint(ws.dir, r.stdout + r.stderr);
      },
    });
  }, 300_000 * FACTOR);
});
