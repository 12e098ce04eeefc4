import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertClean, gate, gateAsync, GOOD_ADMISSION, goodEnv, pool, rootIds, workspace } from './helpers.js';

const FIFTY_MB = 50 * 1024 * 1024;
/**
 * A test that takes longer than this has hung (a FIFO read, a backtracking regex): vitest fails it.
 * A guard against hangs, not a speed check: speed is for `npm run bench:regex` and `bench:hostile`.
 */
const HANG_GUARD_MS = 30_000;

/** Hostile admission files: each is a block (exit 1) with the right reason, never a crash or a hang. */
const admissions: { name: string; make: (ws: ReturnType<typeof workspace>) => string; root: string; json?: string; problem: RegExp }[] = [
  { name: 'missing', make: (ws) => join(ws.dir, 'absent.json'), root: 'admission-file-missing', problem: /no such file/ },
  { name: 'a path through a file', make: (ws) => join(ws.admission, 'x.json'), root: 'admission-file-missing', problem: /no such file/ },
  { name: 'a directory', make: (ws) => { mkdirSync(join(ws.dir, 'adm-dir')); return join(ws.dir, 'adm-dir'); }, root: 'admission-invalid', json: 'unreadable', problem: /directory/ },
  { name: 'a FIFO (must not hang)', make: (ws) => { const p = join(ws.dir, 'fifo'); execFileSync('mkfifo', [p]); return p; }, root: 'admission-invalid', json: 'unreadable', problem: /not a regular file/ },
  { name: 'a device', make: () => '/dev/zero', root: 'admission-invalid', json: 'unreadable', problem: /not a regular file/ },
  { name: 'empty', make: (ws) => ws.write('empty.json', ''), root: 'admission-invalid', json: 'not-json', problem: /empty/ },
  { name: 'not JSON', make: (ws) => ws.write('text.json', 'decision_status: local_provider_required\n'), root: 'admission-invalid', json: 'not-json', problem: /not valid JSON/ },
  { name: 'truncated JSON', make: (ws) => ws.write('trunc.json', JSON.stringify(GOOD_ADMISSION).slice(0, 40)), root: 'admission-invalid', json: 'not-json', problem: /not valid JSON/ },
  { name: 'not UTF-8', make: (ws) => ws.write('latin1.json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), root: 'admission-invalid', json: 'not-json', problem: /UTF-8/ },
  { name: 'a JSON array', make: (ws) => ws.write('arr.json', '[]'), root: 'admission-invalid', json: 'wrong-shape', problem: /top level must be object/ },
  { name: 'wrong types', make: (ws) => ws.write('types.json', JSON.stringify({ ...GOOD_ADMISSION, decision_status: 5, admitted: {} })), root: 'admission-invalid', json: 'wrong-shape', problem: /decision_status` must be string/ },
  { name: 'admitted entry without a model', make: (ws) => ws.write('nomodel.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider: 'qwen-local', status: 'admitted' }] })), root: 'admission-invalid', json: 'wrong-shape', problem: /missing `model` in `admitted.0`/ },
  { name: 'control characters in a string', make: (ws) => ws.write('ctl.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider: 'qwen-local\u001b[2J', model: 'qwen3.6-35b-a3b', status: 'admitted' }] })), root: 'admission-invalid', json: 'wrong-shape', problem: /control characters/ },
  { name: 'a 50 MB file', make: (ws) => ws.write('big.json', `{"decision_status":"${'x'.repeat(FIFTY_MB)}"}`), root: 'admission-invalid', json: 'too-large', problem: /over the limit/ },
  { name: 'a JSON bomb of deep nesting', make: (ws) => ws.write('deep.json', `${'['.repeat(300_000)}${']'.repeat(300_000)}`), root: 'admission-invalid', json: 'too-deep', problem: /nests deeper than 64/ },
  { name: 'deep objects', make: (ws) => ws.write('deepobj.json', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`), root: 'admission-invalid', json: 'too-deep', problem: /nests deeper/ },
];

describe('hostile admission inputs fail closed (exit 1, a reason, no stack trace)', () => {
  for (const a of admissions) {
    it(a.name, () => {
      const ws = workspace();
      const path = a.make(ws);
      const r = gate(['--format', 'json', '--admission', path], goodEnv(ws), ws.dir);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.json!.verdict).toBe('block');
      expect(rootIds(r.json!)).toEqual([a.root]);
      if (a.json) expect(r.json!.facts.admission_json).toBe(a.json);
      expect(r.json!.problems.map((p) => p.message).join('\n')).toMatch(a.problem);
      expect(r.stderr).toBe('');
      assertClean(r);
    }, HANG_GUARD_MS);
  }

  it('the same inputs as a harness report fail the pass gate', async () => {
    const ws = workspace();
    const runs = await pool(admissions, 4, (a) => gateAsync(['--format', 'json', '--report', a.make(workspace()), '--admission', ws.admission], goodEnv(ws), ws.dir));
    for (const [i, a] of admissions.entries()) {
      const r = runs[i]!;
      expect(r.code, `${a.name}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.json!.verdict).toBe('fail');
      expect(r.json!.reasons.map((x) => x.id)).toContain('report-status-pass');
      expect(r.json!.problems.some((p) => p.input === 'report')).toBe(true);
      expect(r.stderr).toBe('');
      assertClean(r);
    }
  });
});

describe('hostile environment values fail closed without echoing them', () => {
  const cases: { name: string; env: Record<string, string>; root: string[] }[] = [
    { name: 'provider with a newline', env: { CTO_HARNESS_CASE_MODEL_PROVIDER: 'qwen-local\n' }, root: ['admission-mismatch', 'external-fallback'] },
    { name: 'model with an escape sequence', env: { CTO_HARNESS_CASE_MODEL: 'qwen3.6-35b-a3b\u001b]0;pwned\u0007' }, root: ['admission-mismatch', 'external-fallback'] },
    { name: 'provider with a forged output line', env: { CTO_HARNESS_CASE_MODEL_PROVIDER: 'x\nALLOW: Stage 2 run gate: every condition met' }, root: ['admission-mismatch', 'external-fallback'] },
    { name: 'endpoint with a carriage return', env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: 'http://100.101.102.103:8000/v1\r' }, root: ['local-config-unavailable'] },
    { name: 'admission path with a newline', env: { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: '/tmp/a\n.json' }, root: ['admission-file-missing'] },
    { name: 'case bin with a NUL-like control', env: { CTO_HARNESS_CASE_BIN: '/bin/sh\u0001' }, root: ['case-bin-missing'] },
    { name: 'bidi override in the model', env: { CTO_HARNESS_CASE_MODEL: 'qwen\u202e3.6' }, root: ['admission-mismatch', 'external-fallback'] },
    { name: 'a 100 kB provider', env: { CTO_HARNESS_CASE_MODEL_PROVIDER: 'q'.repeat(100_000) }, root: ['admission-mismatch', 'external-fallback'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ws = workspace();
      const r = gate(['--format', 'json'], goodEnv(ws, c.env), ws.dir);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(rootIds(r.json!).sort()).toEqual([...c.root].sort());
      const name = Object.keys(c.env)[0]!;
      expect(r.json!.problems.find((p) => p.input === name)?.message).toMatch(/control|invisible|format character|longer than/);
      assertClean(r, [], ['100.101.102.103', 'pwned', 'ALLOW: Stage 2', 'q'.repeat(200)]);
      const text = gate([], goodEnv(ws, c.env), ws.dir);
      expect(text.code).toBe(1);
      expect(text.stdout.split('\n')[0]).toMatch(/^BLOCK: /);
      assertClean(text, [], ['100.101.102.103', 'pwned', 'ALLOW: Stage 2', 'q'.repeat(200)]);
    });
  }
});

it('an admission written while being read cannot make the gate read past the limit', () => {
  // The size is checked on the open file and the read is bounded to limit + 1 bytes.
  const ws = workspace();
  const p = ws.write('grow.json', JSON.stringify(GOOD_ADMISSION));
  writeFileSync(p, `${JSON.stringify(GOOD_ADMISSION)}${' '.repeat(2 * 1024 * 1024)}`);
  const r = gate(['--format', 'json', '--admission', p], goodEnv(ws), ws.dir);
  expect(r.json!.facts.admission_json).toBe('too-large');
});

it('a near-limit report built to make endpoint regexes backtrack is still judged (hang guard only)', async () => {
  const ws = workspace();
  for (const filler of ['a.', 'a-', '1.', 'http', 'a:1', 'localhost', ' ']) {
    const body = filler.repeat(Math.floor(1_000_000 / filler.length));
    const report = ws.write(`redos-${filler.length}-${filler.charCodeAt(0)}.json`, JSON.stringify({ status: 'pass', note: body }));
    const r = await gateAsync(['--format', 'json', '--report', report, '--admission', ws.admission], goodEnv(ws), ws.dir);
    expect(r.code).toBe(1);
    expect(r.json!.verdict).toBe('fail');
  }
}, 7 * HANG_GUARD_MS);
