import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertClean, ENDPOINT, gate, GOOD_ADMISSION, goodEnv, workspace } from './helpers.js';

const RUN = '20260601T030000Z-r1-string-slugify-1';
const GOOD_REPORT = {
  run_id: RUN, status: 'pass', backend: 'case', case_process_started: true, case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b',
  case_model_admission_status: 'admitted', tests_passed: true, required_events_passed: true, changed_files: ['src/slugify.py'],
  fake_baseline: { run_id: RUN, status: 'pass' },
};

describe('sot gate stage2 --report (pass-evidence gate)', () => {
  it('passes a complete report, exit 0, JSON per SPEC', () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    const r = gate(['--report', report, '--admission', ws.admission, '--format', 'json'], {}, ws.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Object.keys(r.json!)).toEqual(['gate', 'verdict', 'reasons', 'facts', 'problems']);
    expect(r.json).toMatchObject({ gate: 'stage2-pass', verdict: 'pass', reasons: [], problems: [] });
    expect(r.json!.facts).toMatchObject({ status: 'pass', backend: 'case', run_id: RUN, 'fake_baseline.run_id': RUN, report_endpoint: 'absent' });
    const text = gate(['--report', report, '--admission', ws.admission], {}, ws.dir);
    expect(text.stdout).toMatch(/^PASS: Stage 2 pass-evidence gate: every condition met/);
  });

  it('reads the admission from CTO_HARNESS_CASE_MODEL_ADMISSION_FILE when --admission is not given', () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    expect(gate(['--report', report], { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.admission }, ws.dir).code).toBe(0);
  });

  it('without any admission JSON, provider and model cannot be admitted (fail closed)', () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    const r = gate(['--report', report, '--format', 'json'], {}, ws.dir);
    expect(r.code).toBe(1);
    // The admission's decision and class are not known either (admission-decision-local, admission-class-local).
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['admission-decision-local', 'admission-class-local', 'provider-admitted', 'model-admitted']);
    expect(r.json!.reasons[2]!.missing).toEqual(['admitted']);
    expect(r.json!.problems[0]!.message).toMatch(/no admission JSON named/);
    const bad = ws.write('bad-admission.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: 'qwen-local' }));
    const r2 = gate(['--report', report, '--admission', bad, '--format', 'json'], {}, ws.dir);
    expect(r2.json!.reasons.map((x) => x.id)).toEqual(['admission-decision-local', 'admission-class-local', 'provider-admitted', 'model-admitted']);
    expect(r2.json!.problems.some((p) => p.input === 'admission' && /admitted` must be array/.test(p.message))).toBe(true);
  });

  it('an admission entry that is not `admitted` does not admit', () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    const pending = ws.write('pending.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'pending' }] }));
    const r = gate(['--report', report, '--admission', pending, '--format', 'json'], {}, ws.dir);
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['provider-admitted', 'model-admitted']);
    expect(r.json!.reasons[0]!.contradicting.map((c) => c.fact)).toContain('admitted');
  });

  it('endpoint presence is never pass evidence: a report that only says the endpoint was present fails everything', () => {
    const ws = workspace();
    const report = ws.write('endpoint-only.json', JSON.stringify({ endpoint_config: 'present' }));
    const r = gate(['--report', report, '--admission', ws.admission, '--format', 'json'], goodEnv(ws), ws.dir);
    expect(r.code).toBe(1);
    expect(r.json!.reasons).toHaveLength(10);
    expect(r.json!.reasons.map((x) => x.id)).not.toContain('report-has-no-endpoint');
  });

  it('a report holding the runtime endpoint value fails report-has-no-endpoint and never repeats it', () => {
    const ws = workspace();
    for (const [name, text] of [
      ['plain', JSON.stringify({ ...GOOD_REPORT, backend_log: `connected to ${ENDPOINT}` })],
      ['escaped slashes', JSON.stringify({ ...GOOD_REPORT, backend_log: `connected to ${ENDPOINT}` }).replace(/\//g, '\\/')],
      ['as a key', JSON.stringify({ ...GOOD_REPORT, extra: { [ENDPOINT]: 1 } })],
      ['unicode-escaped', JSON.stringify({ ...GOOD_REPORT, note: ENDPOINT.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('') }).replace(/\\\\u/g, '\\u')],
    ] as const) {
      const report = ws.write(`leak-${name.replace(/ /g, '-')}.json`, text);
      const r = gate(['--report', report, '--admission', ws.admission, '--format', 'json'], { CTO_HARNESS_CASE_LOCAL_BASE_URL: ENDPOINT }, ws.dir);
      expect(r.code, name).toBe(1);
      expect(r.json!.reasons.map((x) => x.id), name).toEqual(['report-has-no-endpoint']);
      expect(r.json!.facts.report_endpoint).toBe('present');
      assertClean(r);
    }
  });

  it('an endpoint-shaped value is caught even when the endpoint variable is not set', () => {
    const ws = workspace();
    const report = ws.write('shaped.json', JSON.stringify({ ...GOOD_REPORT, case_model: 'http://10.0.0.5:8000/v1' }));
    const r = gate(['--report', report, '--admission', ws.admission, '--format', 'json'], {}, ws.dir);
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['model-admitted', 'report-has-no-endpoint']);
    expect(r.json!.facts.case_model).toBe('(value withheld)');
    expect(r.stdout).not.toContain('10.0.0.5');
  });

  it('fields of the wrong type are not known (and say so); other fields still count', () => {
    const ws = workspace();
    const report = ws.write('types.json', JSON.stringify({ ...GOOD_REPORT, tests_passed: 'true', fake_baseline: [RUN, 'pass'] }));
    const r = gate(['--report', report, '--admission', ws.admission, '--format', 'json'], {}, ws.dir);
    expect(r.json!.reasons.map((x) => x.id)).toEqual(['tests-passed', 'fake-baseline-same-run']);
    expect(r.json!.reasons[0]!.missing).toEqual(['tests_passed']);
    expect(r.json!.problems.map((p) => p.message).join('\n')).toMatch(/`tests_passed` must be boolean/);
    expect(r.json!.problems.map((p) => p.message).join('\n')).toMatch(/`fake_baseline` must be object/);
  });

  it('--backend-dir is a usage error with --report; the pass gate writes nothing', () => {
    const ws = workspace();
    const report = ws.write('report.json', JSON.stringify(GOOD_REPORT));
    expect(gate(['--report', report, '--backend-dir', 'x'], {}, ws.dir).code).toBe(2);
    gate(['--report', report], {}, ws.dir);
    expect(readdirSync(ws.dir).sort()).toEqual(['admission.json', 'case', 'report.json']);
  });
});
