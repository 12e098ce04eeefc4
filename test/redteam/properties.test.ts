import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { inputValidator } from '../../src/gate/fast.js';
import { readJsonInput } from '../../src/gate/json-input.js';
import { loadStage2Rules } from '../../src/gate/load-rules.js';
import { Redactor } from '../../src/gate/redact.js';
import { passGateFacts, runGateFacts } from '../../src/gate/runtime-facts.js';
import { gateOf, PASS_GATE, RUN_GATE } from '../../src/gate/stage2-rules.js';
import { knownEnvValues } from '../../src/leaks/known-env.js';
import { leakPolicy } from '../../src/leaks/policy.js';
import { identity } from '../../src/text/identity.js';
import { findDuplicateKey, parseStrictJson } from '../../src/text/strict-json.js';
import { gateAsync, GOOD_ADMISSION, goodEnv, pool, workspace } from '../gate/helpers.js';
import { sotAsync } from '../leaks/spawn.js';
import { FACTOR } from '../property/arbitraries.js';
import { runProperty } from '../property/run.js';
import { everyOutput, frontmatter, project } from './helpers.js';

/**
 * The red-team suite as properties (issue 20): spellings of every identity field, duplicate keys at
 * every depth, and a planted secret in every place a document, a path, an environment variable or a
 * report can hold one, through every command and format. Allow/pass never happens for a fallback or
 * a broken input, and no output holds the value or a piece of it. Modest run counts (FC_FACTOR
 * scales them): the in-process properties run many cases, the CLI ones few.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'sot-redteam-prop-'));
  dirs.push(d);
  return d;
};

// ---------------------------------------------------------------- spellings

/** Characters that are default-ignorable or format characters, found from Unicode's properties (not listed by hand). */
const INVISIBLES: string[] = (() => {
  const re = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
  const out: string[] = [];
  for (let cp = 0; cp <= 0xe01ef; cp += cp < 0x3000 ? 1 : cp < 0xe0000 ? 0x101 : 7) {
    const ch = String.fromCodePoint(cp);
    if (re.test(ch)) out.push(ch);
  }
  return out;
})();

/** Look-alikes from other scripts (Cyrillic, Greek) for Latin letters: a value mixing them is unusable. */
const CONFUSABLE: Record<string, string[]> = { a: ['а', 'α'], c: ['с', 'ϲ'], e: ['е', 'ε'], o: ['о', 'ο'], p: ['р', 'ρ'], i: ['і', 'ι'], h: ['һ'], l: ['ӏ'], n: ['η'], u: ['υ'], d: ['ԁ'], t: ['τ'] };
const toFullWidth = (ch: string) => (ch >= '!' && ch <= '~' ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch);
const SPACES = [' ', '\t', '\u00a0', '\u3000', '\u2003'];

type Spell = { kind: 'case' | 'width' | 'invisible' | 'confusable' | 'pad'; at: number; pick: number; upper: boolean[] };
const spellStep: fc.Arbitrary<Spell> = fc.record({
  kind: fc.constantFrom('case', 'width', 'invisible', 'confusable', 'pad'),
  at: fc.nat(),
  pick: fc.nat(),
  upper: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
});

/** One spelling change of `value` (it stays the same identity, or becomes unusable). */
function respell(value: string, s: Spell): string {
  const chars = [...value];
  const i = s.at % Math.max(1, chars.length);
  switch (s.kind) {
    case 'case':
      return chars.map((c, k) => (s.upper[k % 40] ? c.toUpperCase() : c)).join('');
    case 'width':
      return chars.map((c, k) => (k >= i && k < i + 1 + (s.pick % chars.length) ? toFullWidth(c) : c)).join('');
    case 'invisible':
      chars.splice(i, 0, INVISIBLES[s.pick % INVISIBLES.length]!);
      return chars.join('');
    case 'confusable': {
      const at = chars.findIndex((c, k) => k >= i && CONFUSABLE[c.toLowerCase()]);
      const k = at === -1 ? chars.findIndex((c) => CONFUSABLE[c.toLowerCase()]) : at;
      if (k !== -1) {
        const options = CONFUSABLE[chars[k]!.toLowerCase()]!;
        chars[k] = options[s.pick % options.length]!;
      }
      return chars.join('');
    }
    case 'pad':
      return `${SPACES[s.pick % SPACES.length]}${value}${SPACES[(s.pick >> 3) % SPACES.length]}`;
  }
}

const fallbackProvider = fc.tuple(fc.constantFrom('anthropic', 'Anthropic', 'anthropic-vertex', 'anthropic_bedrock'), fc.array(spellStep, { maxLength: 3 })).map(([v, steps]) => steps.reduce(respell, v));
const fallbackModel = fc
  .tuple(
    fc.constantFrom('claude-sonnet-4-6', 'claude-opus-4', 'claude-3-5-haiku', 'anthropic/claude-sonnet-4'),
    fc.constantFrom('plain', 'dated', 'dotted', 'latest'),
    fc.integer({ min: 20240101, max: 20271231 }),
    fc.array(spellStep, { maxLength: 3 }),
  )
  .map(([v, form, date, steps]) => {
    const base = form === 'dated' ? `${v}-${date}` : form === 'dotted' ? v.replace(/-(\d)-(\d)$/, '-$1.$2') : form === 'latest' ? `${v}@latest` : v;
    return steps.reduce(respell, base);
  });
const localProvider = fc.tuple(fc.constant('qwen-local'), fc.array(spellStep, { maxLength: 2 })).map(([v, steps]) => steps.reduce(respell, v));
const localModel = fc.tuple(fc.constant('qwen3.6-35b-a3b'), fc.array(spellStep, { maxLength: 2 })).map(([v, steps]) => steps.reduce(respell, v));
/** A provider/model pair at least one of which is an external fallback under some spelling. */
const fallbackPair = fc.oneof(fc.tuple(fallbackProvider, localModel), fc.tuple(localProvider, fallbackModel), fc.tuple(fallbackProvider, fallbackModel));

const RULES = loadStage2Rules();
const POLICY = leakPolicy();

async function inProcessRunGate(provider: string, model: string, admitted: { provider: string; model: string }): Promise<string> {
  const dir = scratch();
  const admission = join(dir, 'admission.json');
  writeFileSync(admission, JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ ...admitted, status: 'admitted' }] }));
  const bin = join(dir, 'case');
  writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  const env = { CTO_HARNESS_CASE_MODEL_PROVIDER: provider, CTO_HARNESS_CASE_MODEL: model, CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: admission, CTO_HARNESS_CASE_LOCAL_BASE_URL: 'present-value', CTO_HARNESS_CASE_BIN: bin };
  const redactor = new Redactor(POLICY, knownEnvValues([RULES.env.endpoint], POLICY, env).values);
  const gathered = runGateFacts({ rules: RULES, env, validateAdmission: await inputValidator('admission'), redactor });
  return evaluateGate(gateOf(RULES, RUN_GATE), gathered.facts).verdict;
}

const RUN = '20260601T030000Z-r1-string-slugify-1';
const GOOD_REPORT = {
  run_id: RUN, status: 'pass', backend: 'case', case_process_started: true, case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b',
  case_model_admission_status: 'admitted', tests_passed: true, required_events_passed: true, changed_files: ['src/slugify.py'],
  fake_baseline: { run_id: RUN, status: 'pass' },
};

async function inProcessPassGate(reportText: string, admissionText: string, env: Record<string, string> = {}): Promise<string> {
  const dir = scratch();
  writeFileSync(join(dir, 'report.json'), reportText);
  writeFileSync(join(dir, 'admission.json'), admissionText);
  const redactor = new Redactor(POLICY, knownEnvValues([RULES.env.endpoint], POLICY, env).values);
  const gathered = passGateFacts({ rules: RULES, env, admissionPath: join(dir, 'admission.json'), validateAdmission: await inputValidator('admission'), redactor, reportPath: join(dir, 'report.json'), validateReport: await inputValidator('harness-report') });
  return evaluateGate(gateOf(RULES, PASS_GATE), gathered.facts).verdict;
}

describe('identity: no spelling of an external fallback is ever allowed or passed', () => {
  it('the run gate, in process: env and admission naming the same fallback spelling block', async () => {
    await runProperty('redteam-run-gate-spelling', {
      arbitraries: [fallbackPair],
      runs: 60,
      predicate: async ([provider, model]: [string, string]) => {
        expect(await inProcessRunGate(provider, model, { provider, model }), `${JSON.stringify(provider)} / ${JSON.stringify(model)}`).toBe('block');
      },
    });
  }, 120_000 * FACTOR);

  it('the pass gate, in process: a report naming a fallback spelling its admission admits fails', async () => {
    await runProperty('redteam-pass-gate-spelling', {
      arbitraries: [fallbackPair],
      runs: 60,
      predicate: async ([provider, model]: [string, string]) => {
        const report = JSON.stringify({ ...GOOD_REPORT, case_model_provider: provider, case_model: model });
        const admission = JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider, model, status: 'admitted' }] });
        expect(await inProcessPassGate(report, admission)).toBe('fail');
      },
    });
  }, 120_000 * FACTOR);

  it('a local pair spelled with invisible characters or mixed scripts is unusable; one spelled in another case or width is the same pair', async () => {
    await runProperty('redteam-local-spelling', {
      arbitraries: [localProvider, localModel],
      runs: 60,
      predicate: async (provider: string, model: string) => {
        const verdict = await inProcessRunGate(provider, model, { provider: 'qwen-local', model: 'qwen3.6-35b-a3b' });
        const same = identity(provider).ok && identity(model).ok && (identity(provider) as { key: string }).key === 'qwen-local' && (identity(model) as { key: string }).key === 'qwen3.6-35b-a3b';
        expect(verdict, `${JSON.stringify(provider)} / ${JSON.stringify(model)}`).toBe(same ? 'allow' : 'block');
        if (/[\p{Default_Ignorable_Code_Point}\p{Cf}]/u.test(provider + model)) expect(verdict).toBe('block');
      },
    });
  }, 120_000 * FACTOR);

  it('through the CLI too (few runs): never allow, and the pass gate never passes', async () => {
    const pairs = fc.sample(fallbackPair, { numRuns: 6 * FACTOR, seed: 20 });
    await pool(pairs, 2, async ([provider, model]) => {
      const ws = workspace();
      ws.write('admission.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider, model, status: 'admitted' }] }));
      const r = await gateAsync(['--backend-dir', `${ws.dir}/backend`, '--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_MODEL_PROVIDER: provider, CTO_HARNESS_CASE_MODEL: model }), ws.dir);
      expect(r.json?.verdict, r.stdout + r.stderr).toBe('block');
      const report = ws.write('report.json', JSON.stringify({ ...GOOD_REPORT, case_model_provider: provider, case_model: model }));
      const p = await gateAsync(['--report', report, '--admission', ws.admission, '--format', 'json'], {}, ws.dir);
      expect(p.json?.verdict).toBe('fail');
    });
  }, 120_000 * FACTOR);
});

// ---------------------------------------------------------------- duplicate keys

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** JSON text of `value` with the `target`-th object (in document order) given its first key twice, the first time with `decoy`. */
function withDuplicate(value: Json, target: number, decoy: Json): { text: string; done: boolean } {
  let n = 0;
  let done = false;
  const ser = (v: Json): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
    const entries = Object.entries(v);
    const mine = n++ === target && entries.length > 0;
    const body = entries.map(([k, x]) => `${JSON.stringify(k)}:${ser(x)}`);
    if (mine) {
      done = true;
      body.unshift(`${JSON.stringify(entries[0]![0])}:${JSON.stringify(decoy)}`);
    }
    return `{${body.join(',')}}`;
  };
  return { text: ser(value), done };
}

describe('duplicate keys at every depth are refused', () => {
  it('the strict parser (every JSON input goes through it) refuses a duplicate in any object of any JSON', async () => {
    await runProperty('redteam-duplicate-any', {
      arbitraries: [fc.jsonValue({ maxDepth: 5 }) as fc.Arbitrary<Json>, fc.nat(20), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>],
      runs: 200,
      predicate: (value: Json, target: number, decoy: Json) => {
        const { text, done } = withDuplicate(value, target, decoy);
        const r = parseStrictJson(text);
        if (done) {
          expect(r.ok, text).toBe(false);
          expect(findDuplicateKey(text)).toBeDefined();
        } else expect(r.ok, text).toBe(true);
      },
    });
  });

  const ADMISSION_OBJECTS = 2; // the top object, admitted[0]
  const REPORT_OBJECTS = 2; // the top object, fake_baseline
  it('the admission and the report, read by the gate, with a duplicate in any of their objects never allow or pass', async () => {
    await runProperty('redteam-duplicate-gate', {
      arbitraries: [fc.nat(ADMISSION_OBJECTS + REPORT_OBJECTS - 1), fc.constantFrom<Json>('x', 'fail', null, 0, true, 'admitted', 'pass')],
      runs: 24,
      predicate: async (target: number, decoy: Json) => {
        const onAdmission = target < ADMISSION_OBJECTS;
        const admission = withDuplicate(GOOD_ADMISSION as unknown as Json, onAdmission ? target : -1, decoy).text;
        const report = withDuplicate(GOOD_REPORT as unknown as Json, onAdmission ? -1 : target - ADMISSION_OBJECTS, decoy).text;
        expect(await inProcessPassGate(report, admission)).toBe('fail');
        if (onAdmission) expect(await inProcessRunGateText(admission)).toBe('block');
        const dir = scratch();
        writeFileSync(join(dir, 'in.json'), onAdmission ? admission : report);
        expect(readJsonInput(join(dir, 'in.json'), RULES.limits)).toMatchObject({ ok: false, problem: 'duplicate-key' });
      },
    });
  });

  it('a JSON config file with a duplicate key at any depth is a config error (exit 2), never last-wins', async () => {
    const config = { rules: { 'filename-title': 'off', 'unknown-work-item': 'warn' }, leaks: { allowedHosts: ['github.com'], knownEnv: ['CTO_HARNESS_CASE_LOCAL_BASE_URL'] }, limits: { maxFileBytes: 100000 } };
    for (let target = 0; target < 4; target++) {
      const dir = scratch();
      writeFileSync(join(dir, '.sotrc.json'), withDuplicate(config as unknown as Json, target, 'error').text);
      expect(() => loadConfig({ cwd: dir, knownRules: ['filename-title', 'unknown-work-item'] }), `object ${target}`).toThrow(/appears twice in one object \(line 1\)/);
    }
    const dir = scratch();
    writeFileSync(join(dir, '.sotrc.json'), '{"rules": {"no-endpoint-leak": "off",\n "no-endpoint-leak": "error"}}');
    const r = await sotAsync(['lint'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"no-endpoint-leak" appears twice in one object \(line 2\)/);
  });
});

async function inProcessRunGateText(admissionText: string): Promise<string> {
  const dir = scratch();
  const admission = join(dir, 'admission.json');
  writeFileSync(admission, admissionText);
  const bin = join(dir, 'case');
  writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  const env = { CTO_HARNESS_CASE_MODEL_PROVIDER: 'qwen-local', CTO_HARNESS_CASE_MODEL: 'qwen3.6-35b-a3b', CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: admission, CTO_HARNESS_CASE_LOCAL_BASE_URL: 'present-value', CTO_HARNESS_CASE_BIN: bin };
  const redactor = new Redactor(POLICY, []);
  const gathered = runGateFacts({ rules: RULES, env, validateAdmission: await inputValidator('admission'), redactor });
  return evaluateGate(gateOf(RULES, RUN_GATE), gathered.facts).verdict;
}

// ---------------------------------------------------------------- repeated options

describe('every single-valued option of every command, given twice, is a usage error', () => {
  const OPTIONS: Record<string, [string, string][]> = {
    lint: [['--format', 'json'], ['--config', 'x.json'], ['--print-config', 'a.md'], ['--max-warnings', '1'], ['--context', 'paths'], ['--concurrency', '1'], ['--cache-location', 'c'], ['--cache-strategy', 'content'], ['--today', '2026-01-01']],
    graph: [['--format', 'json'], ['--root', 'CTO-WORK-001'], ['--depth', '1'], ['--config', 'x.json'], ['--context', 'paths']],
    explain: [['--config', 'x.json'], ['--context', 'paths']],
    'gate stage2': [['--admission', 'a.json'], ['--backend-dir', 'b'], ['--report', 'r.json'], ['--format', 'json']],
    scan: [['--format', 'json'], ['--config', 'x.json']],
  };
  it('exit 2, stdout empty, for each', async () => {
    const cases = Object.entries(OPTIONS).flatMap(([cmd, opts]) => opts.map(([o, v]) => [...cmd.split(' '), ...(cmd === 'explain' ? ['CTO-WORK-001'] : []), o, v, `${o}=${v}`]));
    const dir = scratch();
    const runs = await pool(cases, 2, (args) => sotAsync(args, { cwd: dir }));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i]!.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/given more than once/);
    });
  }, 180_000);
});

// ---------------------------------------------------------------- planted secrets

const octet = fc.integer({ min: 10, max: 250 });
/** A secret, what it is planted as, and the pieces no output may hold. */
const secret = fc.oneof(
  fc.tuple(octet, octet, octet).map(([a, b, c]) => ({ planted: `100.${64 + (a % 60)}.${b}.${c}`, pieces: [`100.${64 + (a % 60)}.${b}`, `${64 + (a % 60)}.${b}.${c}`], host: `100.${64 + (a % 60)}.${b}.${c}` })),
  fc.tuple(fc.stringMatching(/^[a-z]{4,8}[0-9]$/), fc.stringMatching(/^tail[0-9]{4}$/)).map(([h, t]) => ({ planted: `${h}.${t}.ts.net`, pieces: [`${h}.${t}`], host: `${h}.${t}.ts.net` })),
  fc.tuple(fc.stringMatching(/^[a-z]{4,8}[0-9]$/), fc.integer({ min: 2000, max: 9999 })).map(([h, p]) => ({ planted: `http://${h}:${p}/v1`, pieces: [`${h}:${p}`], host: h })),
  fc.stringMatching(/^[A-Za-z0-9]{36}$/).filter((s) => /\d/.test(s) && /[a-z]/i.test(s)).map((s) => ({ planted: `ghp_${s}`, pieces: [s.slice(0, 16), s.slice(20)], host: `ghp_${s}` })),
);

type Place = 'title' | 'heading-tail' | 'status' | 'list' | 'code' | 'link' | 'folder' | 'file' | 'env-glued' | 'report';
const PLACES: Place[] = ['title', 'heading-tail', 'status', 'list', 'code', 'link', 'folder', 'file', 'env-glued', 'report'];

/** The project (and env, and report) with the secret in one place. */
function plant(place: Place, value: string): { files: Record<string, string>; env: Record<string, string>; report?: string } {
  const safeName = value.replace(/\//g, '_');
  const item = (status = 'open', extra = '') => `## CTO-WORK-800 - Planted\n\nStatus: ${status}.\n\nAcceptance:\n\n- \`CTO-WORK-801\` holds.\n${extra}\n## CTO-WORK-801 - Other\n\nStatus: blocked.\n\nAcceptance:\n\n- b\n\nBlocked by:\n\n- \`CTO-WORK-800\`\n`;
  const doc = (title: string, body: string) => `${frontmatter(title)}${body}`;
  switch (place) {
    case 'title':
      return { files: { '.sot/OTHER-NAME-ISSUES.md': doc(`Spark ${value} Issues`, item()) }, env: {} };
    case 'heading-tail':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item().replace('## CTO-WORK-800 - Planted', `## CTO-WORK-800 - Planted ${value} tail`)) }, env: {} };
    case 'status':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item(value)) }, env: {} };
    case 'list':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item('open', `- Reached ${value} once.\n`)) }, env: {} };
    case 'code':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item('open', `\n\`\`\`\ncurl ${value}\n\`\`\`\n`)) }, env: {} };
    case 'link':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item('open', `\nSee [the box](https://${value.replace(/^https?:\/\//, '')}/x).\n`)) }, env: {} };
    case 'folder':
      return { files: { [`.sot/${safeName}/P-ISSUES.md`]: doc('P Issues', item()) }, env: {} };
    case 'file':
      return { files: { [`.sot/${safeName}-ISSUES.md`]: doc('P Issues', item()) }, env: {} };
    case 'env-glued':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item('open', `- Ran run_${value}x once.\n`)) }, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: value } };
    case 'report':
      return { files: { '.sot/P-ISSUES.md': doc('P Issues', item()) }, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: value }, report: JSON.stringify({ ...GOOD_REPORT, notes: `reached ${value.replace(/^https?:\/\//, '')}` }) };
  }
}

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

describe('a planted secret in any place, through every command and format, is never printed, and the gate never passes', () => {
  it('lint (4 formats), graph (3 formats), explain, and the gate on a report', async () => {
    await runProperty('redteam-planted', {
      arbitraries: [secret, fc.constantFrom(...PLACES)],
      runs: 8,
      predicate: async (s: { planted: string; pieces: string[]; host: string }, place: Place) => {
        const { files, env, report } = plant(place, s.planted);
        const dir = project(files);
        dirs.push(dir);
        const outputs = await everyOutput(dir, ['CTO-WORK-800', 'CTO-WORK-801'], env);
        if (report !== undefined) {
          const ws = workspace();
          const file = ws.write('report.json', report);
          const r = await gateAsync(['--report', file, '--admission', ws.admission, '--format', 'json'], env, ws.dir);
          expect(r.json?.verdict, r.stdout).toBe('fail');
          outputs.push({ what: 'gate --report', text: r.stdout + r.stderr });
          const t = await gateAsync(['--report', file, '--admission', ws.admission], env, ws.dir);
          outputs.push({ what: 'gate --report text', text: t.stdout + t.stderr });
        }
        for (const o of outputs) {
          for (const v of [s.planted, s.host, ...s.pieces]) {
            expect(o.text, `${place}: ${o.what} holds ${v}`).not.toContain(v);
            expect(o.text.toLowerCase(), `${place}: ${o.what} holds ${v}`).not.toContain(v.toLowerCase());
          }
          // Re-shaped (a title turned into a file name): compared with punctuation removed.
          if (fold(s.host).length >= 8) expect(fold(o.text), `${place}: ${o.what} holds a re-shaped ${s.host}`).not.toContain(fold(s.host));
        }
      },
    });
  }, 600_000 * FACTOR);
});
