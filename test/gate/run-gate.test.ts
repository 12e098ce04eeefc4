import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sot } from '../helpers/lint.js';
import { allIds, assertClean, ENDPOINT, gate, GOOD_ADMISSION, goodEnv, rootIds, workspace } from './helpers.js';

const UNAVAILABLE = 'backend/provider-local-config-unavailable.txt';

describe('sot gate stage2 (run gate), real CLI, real env and files', () => {
  it('allows when every condition is met, shows the endpoint only as present, writes no file', () => {
    const ws = workspace();
    const r = gate(['--format', 'json'], goodEnv(ws), ws.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ gate: 'stage2-run', verdict: 'allow', reasons: [] });
    expect(r.json!.facts).toMatchObject({ endpoint_config: 'present', case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b', case_bin: 'present', admission_file: 'present', admission_json: 'valid', decision_status: 'local_provider_required', provider_class: 'local_case_compatible' });
    expect(existsSync(join(ws.dir, UNAVAILABLE))).toBe(false);
    assertClean(r);
    const text = gate([], goodEnv(ws), ws.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ALLOW: Stage 2 run gate/);
    assertClean(text);
  });

  describe('each block reason alone', () => {
    const cases: { id: string; env: (ws: ReturnType<typeof workspace>) => Record<string, string | undefined>; dependents?: string[]; contradicting?: string[]; missing?: string[] }[] = [
      { id: 'local-config-unavailable', env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined }), contradicting: ['endpoint_config'] },
      {
        id: 'admission-file-missing',
        env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: join(ws.dir, 'nope.json') }),
        dependents: ['admission-invalid', 'admission-mismatch', 'decision-not-local', 'provider-class-mismatch'],
      },
      {
        id: 'admission-invalid',
        env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.write('bad.json', '{"decision_status": ') }),
        dependents: ['admission-mismatch', 'decision-not-local', 'provider-class-mismatch'],
      },
      {
        id: 'admission-mismatch',
        env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.write('other.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider: 'qwen-local', model: 'qwen3-8b', status: 'admitted' }] })) }),
        contradicting: ['admitted', 'case_model_provider', 'case_model'],
      },
      {
        id: 'decision-not-local',
        env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.write('d.json', JSON.stringify({ ...GOOD_ADMISSION, decision_status: 'external_provider_approved' })) }),
        contradicting: ['decision_status'],
      },
      {
        id: 'provider-class-mismatch',
        env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.write('c.json', JSON.stringify({ ...GOOD_ADMISSION, provider_class: 'hosted_api' })) }),
        contradicting: ['provider_class'],
      },
      {
        // Even an admission that lists the external pair cannot let it run.
        id: 'external-fallback',
        env: (ws) => goodEnv(ws, {
          CTO_HARNESS_CASE_MODEL_PROVIDER: 'anthropic',
          CTO_HARNESS_CASE_MODEL: 'claude-sonnet-4-6',
          CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.write('x.json', JSON.stringify({ ...GOOD_ADMISSION, admitted: [{ provider: 'anthropic', model: 'claude-sonnet-4-6', status: 'admitted' }] })),
        }),
        contradicting: ['case_model_provider', 'case_model'],
      },
      { id: 'case-bin-missing', env: (ws) => goodEnv(ws, { CTO_HARNESS_CASE_BIN: undefined }), contradicting: ['case_bin'] },
    ];
    for (const c of cases) {
      it(c.id, () => {
        const ws = workspace();
        const r = gate(['--format', 'json'], c.env(ws), ws.dir);
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.json!.verdict).toBe('block');
        expect(rootIds(r.json!)).toEqual([c.id]);
        expect(allIds(r.json!).filter((id) => id !== c.id).sort()).toEqual([...(c.dependents ?? [])].sort());
        const reason = r.json!.reasons.find((x) => x.id === c.id)!;
        expect(reason.message.length).toBeGreaterThan(20);
        if (c.contradicting) expect(reason.contradicting.map((x) => x.fact).sort()).toEqual([...c.contradicting].sort());
        for (const d of r.json!.reasons.filter((x) => x.after)) expect(d.contradicting).toEqual([]);
        // The unavailable file exists exactly when the endpoint config is missing.
        expect(existsSync(join(ws.dir, UNAVAILABLE))).toBe(c.id === 'local-config-unavailable');
        assertClean(r, existsSync(join(ws.dir, UNAVAILABLE)) ? [join(ws.dir, UNAVAILABLE)] : []);
      });
    }
  });

  it('reports every reason at once when everything is wrong', () => {
    const ws = workspace();
    const admission = ws.write('all-wrong.json', JSON.stringify({ decision_status: 'deferred', provider_class: 'hosted_api', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] }));
    const env = { CTO_HARNESS_CASE_MODEL_PROVIDER: 'anthropic', CTO_HARNESS_CASE_MODEL: 'claude-sonnet-4-6', CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: admission, CTO_HARNESS_CASE_LOCAL_BASE_URL: '', CTO_HARNESS_CASE_BIN: join(ws.dir, 'no-case') };
    const r = gate(['--format', 'json'], env, ws.dir);
    expect(r.code).toBe(1);
    expect(allIds(r.json!).sort()).toEqual(['admission-mismatch', 'case-bin-missing', 'decision-not-local', 'external-fallback', 'local-config-unavailable', 'provider-class-mismatch']);
    expect(rootIds(r.json!).length).toBe(6);
    const file = join(ws.dir, UNAVAILABLE);
    const content = readFileSync(file, 'utf8');
    expect(content).toContain('CTO_HARNESS_CASE_LOCAL_BASE_URL');
    for (const id of allIds(r.json!)) expect(content).toContain(id);
    expect(content).toMatch(/time: \d{4}-\d{2}-\d{2}T/);
    assertClean(r, [file]);
    // Text output names every reason too.
    const text = gate([], env, ws.dir);
    for (const id of allIds(r.json!)) expect(text.stdout).toContain(`x ${id}`);
  });

  it('blocks with every input missing, reporting the admission cascade as dependents', () => {
    const ws = workspace();
    const r = gate(['--format', 'json'], {}, ws.dir);
    expect(r.code).toBe(1);
    expect(rootIds(r.json!).sort()).toEqual(['admission-file-missing', 'case-bin-missing', 'external-fallback', 'local-config-unavailable']);
    expect(allIds(r.json!)).toHaveLength(8);
    expect(r.json!.reasons.find((x) => x.id === 'external-fallback')!.missing.sort()).toEqual(['case_model', 'case_model_provider']);
    const content = readFileSync(join(ws.dir, UNAVAILABLE), 'utf8');
    for (const name of ['CTO_HARNESS_CASE_LOCAL_BASE_URL', 'CTO_HARNESS_CASE_MODEL_PROVIDER', 'CTO_HARNESS_CASE_MODEL', 'CTO_HARNESS_CASE_BIN', 'CTO_HARNESS_CASE_MODEL_ADMISSION_FILE']) expect(content).toContain(name);
  });

  describe('the unavailable file', () => {
    it('exists exactly when the endpoint config is unset, empty or blank; never holds the value', () => {
      const ws = workspace();
      const file = join(ws.dir, UNAVAILABLE);
      for (const value of [undefined, '', '   ', '\t']) {
        const r = gate(['--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: value }), ws.dir);
        expect(r.code).toBe(1);
        expect(r.json!.facts.endpoint_config).toBe('missing');
        expect(existsSync(file), `value ${JSON.stringify(value)}`).toBe(true);
        expect(r.json!.wrote).toBe(UNAVAILABLE);
        // Present again: the stale file from the blocked run goes away.
        const ok = gate(['--format', 'json'], goodEnv(ws), ws.dir);
        expect(ok.code).toBe(0);
        expect(existsSync(file)).toBe(false);
        assertClean(ok);
      }
    });

    it('goes to --backend-dir (created if needed), written atomically (no temp files left)', () => {
      const ws = workspace();
      const dir = join(ws.dir, 'runs', 'r1', 'backend');
      const r = gate(['--backend-dir', dir], goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined }), ws.dir);
      expect(r.code).toBe(1);
      const file = join(dir, 'provider-local-config-unavailable.txt');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/^provider-local-config-unavailable\ntime: /);
      expect(readdirSync(dir)).toEqual(['provider-local-config-unavailable.txt']);
      expect(existsSync(join(ws.dir, 'backend'))).toBe(false);
    });

    it('a backend dir that cannot be written is still a block, with the reason', () => {
      const ws = workspace();
      const notADir = ws.write('backend-file', 'x');
      const r = gate(['--format', 'json', '--backend-dir', notADir], goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined }), ws.dir);
      expect(r.code).toBe(1);
      expect(r.json!.problems.some((p) => p.input === '--backend-dir' && /could not write/.test(p.message))).toBe(true);
      assertClean(r);
    });
  });

  it('--admission overrides CTO_HARNESS_CASE_MODEL_ADMISSION_FILE', () => {
    const ws = workspace();
    const broken = ws.write('broken.json', 'not json');
    expect(gate([], goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: broken }), ws.dir).code).toBe(1);
    expect(gate(['--admission', ws.admission], goodEnv(ws, { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: broken }), ws.dir).code).toBe(0);
    const r = gate(['--admission', broken, '--format', 'json'], goodEnv(ws), ws.dir);
    expect(r.code).toBe(1);
    expect(rootIds(r.json!)).toEqual(['admission-invalid']);
  });

  it('a Case binary that is not executable, or names no file', () => {
    const ws = workspace();
    const plain = ws.write('plain', 'x');
    let r = gate(['--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_BIN: plain }), ws.dir);
    expect(rootIds(r.json!)).toEqual(['case-bin-missing']);
    expect(r.json!.facts.case_bin).toBe('not-executable');
    r = gate(['--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_BIN: ws.dir }), ws.dir);
    expect(r.json!.facts.case_bin).toBe('not-executable');
    r = gate(['--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_BIN: join(ws.dir, 'missing-bin') }), ws.dir);
    expect(r.json!.facts.case_bin).toBe('missing');
  });

  it('never prints the endpoint value, in any format, whatever else is wrong', () => {
    const ws = workspace();
    for (const args of [[], ['--format', 'json'], ['--format', 'text']]) {
      const r = gate(args, goodEnv(ws, { CTO_HARNESS_CASE_MODEL: ENDPOINT, CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ENDPOINT }), ws.dir);
      expect(r.code).toBe(1);
      assertClean(r);
      expect(r.stdout).toContain('(value withheld)');
    }
  });

  it('usage errors exit 2', () => {
    const ws = workspace();
    for (const args of [['gate'], ['gate', 'stage3'], ['gate', 'stage2', 'extra'], ['gate', 'stage2', '--format', 'xml'], ['gate', 'stage2', '--nope'], ['gate', 'stage2', '--report', 'r.json', '--backend-dir', 'b']]) {
      const r = sot(args, { cwd: ws.dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^sot: gate: /);
    }
    const help = sot(['gate', '--help'], { cwd: ws.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('provider-local-config-unavailable.txt');
  });

  it('a malformed endpoint value (control characters) blocks without echoing it and writes no file', () => {
    const ws = workspace();
    mkdirSync(join(ws.dir, 'backend'));
    writeFileSync(join(ws.dir, UNAVAILABLE), 'stale');
    const r = gate(['--format', 'json'], goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: `${ENDPOINT}\n\u001b[31m` }), ws.dir);
    expect(r.code).toBe(1);
    expect(rootIds(r.json!)).toEqual(['local-config-unavailable']);
    expect(r.json!.facts.endpoint_config).toBeNull();
    expect(r.json!.problems.find((p) => p.input === 'CTO_HARNESS_CASE_LOCAL_BASE_URL')!.message).toMatch(/control/);
    expect(existsSync(join(ws.dir, UNAVAILABLE))).toBe(false);
    assertClean(r);
  });
});
