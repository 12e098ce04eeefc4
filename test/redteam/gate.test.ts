import { describe, expect, it } from 'vitest';
import { assertClean, gateAsync, GOOD_ADMISSION, goodEnv, pool, workspace, type GateRun } from '../gate/helpers.js';
import { sotAsync } from '../leaks/spawn.js';

/**
 * Issue 20, the gate half of "Why": each example as the red team ran it, through the real CLI. On
 * the code before the issue each of these allowed, passed or exited 0; now each blocks, fails or is
 * a usage error, and nothing printed or written holds a value.
 */

const RUN = '20260601T030000Z-r1-string-slugify-1';
const GOOD_REPORT = {
  run_id: RUN, status: 'pass', backend: 'case', case_process_started: true, case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b',
  case_model_admission_status: 'admitted', tests_passed: true, required_events_passed: true, changed_files: ['src/slugify.py'],
  fake_baseline: { run_id: RUN, status: 'pass' },
};

const admissionFor = (provider: string, model: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...GOOD_ADMISSION, ...extra, admitted: [{ provider, model, status: 'admitted' }] });

/** The run gate with env and an admission that admit exactly this provider/model spelling. */
async function runGate(provider: string, model: string, env: Record<string, string | undefined> = {}): Promise<GateRun & { dir: string }> {
  const ws = workspace();
  ws.write('admission.json', admissionFor(provider, model));
  const r = await gateAsync(['--backend-dir', `${ws.dir}/backend`, '--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_MODEL_PROVIDER: provider, CTO_HARNESS_CASE_MODEL: model, ...env }), ws.dir);
  return { ...r, dir: ws.dir };
}

/** The pass gate on a report (and an admission admitting the report's own pair). */
async function passGate(report: Record<string, unknown> | string, admission?: string, env: Record<string, string | undefined> = {}): Promise<GateRun> {
  const ws = workspace();
  const text = typeof report === 'string' ? report : JSON.stringify(report);
  const file = ws.write('report.json', text);
  const adm = admission ?? (typeof report === 'string' ? JSON.stringify(GOOD_ADMISSION) : admissionFor(String(report.case_model_provider), String(report.case_model)));
  return gateAsync(['--report', file, '--admission', ws.write('admission-r.json', adm), '--format', 'json'], env, ws.dir);
}

describe('the run gate fails closed on every spelling of an external fallback', () => {
  const spellings: [string, string, string][] = [
    ['Anthropic / dated model id', 'Anthropic', 'claude-sonnet-4-6-20250101'],
    ['trailing space / dotted model id', 'anthropic ', 'claude-sonnet-4.6'],
    ['full-width', 'ａｎｔｈｒｏｐｉｃ', 'ＣＬＡＵＤＥ-sonnet-4-6'],
    ['upper case', 'ANTHROPIC', 'CLAUDE-SONNET-4-6'],
  ];
  it.each(spellings)('%s: blocked by external-fallback', async (_name, provider, model) => {
    const r = await runGate(provider, model);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json!.verdict).toBe('block');
    expect(r.json!.reasons.map((x) => x.id)).toContain('external-fallback');
  });

  it.each([
    ['a Cyrillic а', 'аnthropic'],
    ['a U+2060 word joiner', 'anthro\u2060pic'],
    ['a soft hyphen', 'anthro\u00adpic'],
    ['a tag character', 'anthropic\u{E0041}'],
  ])('%s in the provider: the value is unusable, listed as a problem, and every condition reading it is unmet', async (_name, provider) => {
    const r = await runGate(provider, 'claude-sonnet-4-6');
    expect(r.code).toBe(1);
    expect(r.json!.facts.case_model_provider).toBeNull();
    expect(r.json!.problems.some((p) => p.input === 'CTO_HARNESS_CASE_MODEL_PROVIDER')).toBe(true);
    const ids = r.json!.reasons.map((x) => x.id);
    expect(ids).toContain('external-fallback');
    expect(ids).toContain('admission-mismatch');
  });

  it('provider `qwen-local` with a trailing U+2060 on both sides is not allowed', async () => {
    const r = await runGate('qwen-local\u2060', 'qwen3.6-35b-a3b');
    expect(r.json!.verdict).toBe('block');
    expect(r.json!.problems.map((p) => p.message).join('\n')).toMatch(/U\+2060/);
  });

  it('the clean setup is still allowed, and a differently cased admitted pair matches (identity after case folding)', async () => {
    const ws = workspace();
    const ok = await gateAsync(['--backend-dir', `${ws.dir}/backend`, '--format', 'json'], goodEnv(ws), ws.dir);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json!.verdict).toBe('allow');
    const r = await runGate('Qwen-Local', 'QWEN3.6-35B-A3B');
    expect(r.json!.verdict).toBe('allow');
  });
});

describe('an endpoint config that is only invisible characters is missing', () => {
  it.each([['U+2060', '\u2060'], ['U+00AD', '\u00ad'], ['U+180E', '\u180e'], ['a tag character', '\u{E0020}'], ['a BOM and spaces', '\ufeff  ']])('%s: block, and the unavailable file is written', async (_name, value) => {
    const ws = workspace();
    const r = await gateAsync(['--backend-dir', `${ws.dir}/backend`, '--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: value }), ws.dir);
    expect(r.code).toBe(1);
    expect(r.json!.facts.endpoint_config).toBe('missing');
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['local-config-unavailable']);
    expect(r.json!.wrote).toMatch(/provider-local-config-unavailable\.txt$/);
  });
});

describe('the pass gate', () => {
  it('passes the clean report', async () => {
    const r = await passGate(GOOD_REPORT);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json!.verdict).toBe('pass');
  });

  it('fails a report that records `external_fallback: true` (and one whose flag is not a boolean)', async () => {
    for (const flag of [true, 'false', 0]) {
      const r = await passGate({ ...GOOD_REPORT, external_fallback: flag });
      expect(r.json!.verdict, JSON.stringify(flag)).toBe('fail');
      expect(r.json!.reasons.map((x) => x.id)).toContain('no-external-fallback');
    }
    expect((await passGate({ ...GOOD_REPORT, external_fallback: false })).json!.verdict).toBe('pass');
  });

  it('fails every spelling of an external fallback even when the admission admits it', async () => {
    for (const [provider, model] of [['Anthropic', 'claude-sonnet-4-6-20250101'], ['anthropic ', 'claude-sonnet-4.6'], ['qwen-local', 'Claude-3-Opus'], ['аnthropic', 'qwen3.6-35b-a3b']]) {
      const r = await passGate({ ...GOOD_REPORT, case_model_provider: provider, case_model: model });
      expect(r.json!.verdict, `${provider} / ${model}`).toBe('fail');
      expect(r.json!.reasons.map((x) => x.id)).toContain('no-external-fallback');
    }
  });

  it('blank run ids never match: `run_id: " "` with `fake_baseline.run_id: " "` fails fake-baseline-same-run', async () => {
    for (const blank of [' ', '', '\u2060', '\u3000']) {
      const r = await passGate({ ...GOOD_REPORT, run_id: blank, fake_baseline: { run_id: blank, status: 'pass' } });
      expect(r.json!.verdict, JSON.stringify(blank)).toBe('fail');
      expect(r.json!.reasons.map((x) => x.id)).toContain('fake-baseline-same-run');
    }
  });

  it('reads the admission decision: a decision that is not local, or a class that is not local, fails', async () => {
    const decision = await passGate(GOOD_REPORT, JSON.stringify({ ...GOOD_ADMISSION, decision_status: 'external_allowed' }));
    expect(decision.json!.verdict).toBe('fail');
    expect(decision.json!.reasons.map((x) => x.id)).toEqual(['admission-decision-local']);
    const cls = await passGate(GOOD_REPORT, JSON.stringify({ ...GOOD_ADMISSION, provider_class: 'external_fallback' }));
    expect(cls.json!.reasons.map((x) => x.id)).toEqual(['admission-class-local']);
  });

  const ENV_URL = 'http://100.88.12.7:8000/v1';
  const planted: [string, string, string][] = [
    ['a single-label host with a port', 'notes: spark1:8000', ENV_URL],
    ['a redis URL', 'redis://gpu-box:6379', ENV_URL],
    ['a bracketed IPv6 with a port', '[fd7a:115c:a1e0::5]:8000', ENV_URL],
    ['a percent-encoded URL', 'http%3A%2F%2F100.88.12.7%3A8000%2Fv1', ENV_URL],
    ['the env value without its scheme', 'reached spark-gpu:8443/v1', 'http://spark-gpu:8443/v1'],
    ['the env host glued to a word', 'run_100.88.12.7', ENV_URL],
  ];
  it.each(planted)('a report holding %s fails report-has-no-endpoint, and the output never prints it', async (_name, value, env) => {
    const r = await passGate({ ...GOOD_REPORT, notes: value }, undefined, { CTO_HARNESS_CASE_LOCAL_BASE_URL: env });
    expect(r.json!.verdict).toBe('fail');
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['report-has-no-endpoint']);
    assertClean(r, [], [value, 'spark1', 'gpu-box', 'fd7a:115c', '100.88.12.7', 'spark-gpu']);
  });

  it('a key of the report holding the value is found too', async () => {
    const r = await passGate({ ...GOOD_REPORT, extra: { 'spark1:8000': 'seen' } });
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['report-has-no-endpoint']);
    assertClean(r, [], ['spark1']);
  });
});

describe('duplicate JSON keys are refused, never last-wins', () => {
  it('an admission with `decision_status` twice blocks (admission-invalid), naming the key and its line', async () => {
    const ws = workspace();
    ws.write('admission.json', '{"decision_status":"x",\n"decision_status":"local_provider_required","provider_class":"local_case_compatible","admitted":[{"provider":"qwen-local","model":"qwen3.6-35b-a3b","status":"admitted"}]}');
    const r = await gateAsync(['--backend-dir', `${ws.dir}/backend`, '--format', 'json'], goodEnv(ws), ws.dir);
    expect(r.json!.verdict).toBe('block');
    expect(r.json!.facts.admission_json).toBe('duplicate-key');
    expect(r.json!.reasons.map((x) => x.id)).toContain('admission-invalid');
    expect(r.json!.problems.map((p) => p.message).join('\n')).toMatch(/the key "decision_status" appears twice in one object \(line 2\)/);
  });

  it('a report with `"status":"fail","status":"pass"` fails, and so does a duplicate deep inside', async () => {
    const top = await passGate(JSON.stringify(GOOD_REPORT).replace('"status":"pass"', '"status":"fail","status":"pass"'));
    expect(top.json!.verdict).toBe('fail');
    expect(top.json!.problems.map((p) => p.message).join('\n')).toMatch(/"status" appears twice/);
    const deep = await passGate(JSON.stringify(GOOD_REPORT).replace('"fake_baseline":{"run_id"', '"fake_baseline":{"run_id":"other","run_id"'));
    expect(deep.json!.verdict).toBe('fail');
    const escaped = await passGate(JSON.stringify(GOOD_REPORT).replace('"backend":"case"', '"backend":"fake","b\\u0061ckend":"case"'));
    expect(escaped.json!.verdict).toBe('fail');
  });
});

describe('usage errors, never a silent choice', () => {
  it('a repeated --admission or --report is exit 2, and so is --help with gate inputs', async () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    const runs = await pool([
      ['--admission', ws.admission, '--admission', ws.admission],
      ['--report', report, '--report', report],
      ['--report', report, '--report=other.json'],
      ['--format', 'json', '--format', 'text'],
      ['--backend-dir', 'a', '--backend-dir', 'b'],
      ['--report', report, '--help'],
      ['--admission', ws.admission, '-h'],
    ], 2, (args) => gateAsync(args, goodEnv(ws), ws.dir));
    for (const r of runs) {
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    }
    const help = await gateAsync(['--help'], {}, ws.dir);
    expect(help.code).toBe(0);
  });

  it('every command refuses a single-valued option given twice', async () => {
    const ws = workspace();
    const cases = [
      ['lint', '--format', 'json', '--format', 'stylish'],
      ['lint', '--config', 'a', '--config', 'b'],
      ['graph', '--format', 'json', '--format', 'dot'],
      ['graph', '--root', 'A', '--root', 'B'],
      ['explain', 'CTO-WORK-1', '--config', 'a', '-c', 'b'],
      ['scan', '--format', 'json', '--format', 'github', '.'],
      ['lint', '--today', '2026-01-01', '--today', '2026-01-02'],
      ['scan', '--config', 'a', '-c', 'b', '.'],
    ];
    const runs = await pool(cases, 2, (args) => sotAsync(args, { cwd: ws.dir }));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i]!.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/more than once/);
    });
  });
});
