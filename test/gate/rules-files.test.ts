import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashFile, STAGE2_SOURCES, VALIDATOR_SOURCES } from '../../src/gate/compile.js';
import * as compiledRules from '../../src/gate/compiled/stage2.js';
import * as compiledValidators from '../../src/gate/compiled/validators.js';
import { loadStage2Rules } from '../../src/gate/load-rules.js';
import { repoRoot } from '../helpers/lint.js';
import { GOOD_ADMISSION, goodEnv, workspace } from './helpers.js';

describe('the compiled copy the gate starts from', () => {
  it('is fresh: its recorded sha256 match the rules and schemas (run `npm run gen:gate` after editing them)', () => {
    for (const f of STAGE2_SOURCES) expect(compiledRules.SOURCES[f], f).toBe(hashFile(f));
    for (const f of VALIDATOR_SOURCES) expect((compiledValidators.SOURCES as Record<string, string>)[f], f).toBe(hashFile(f));
  });

  it('holds exactly the validated rules', () => {
    expect(compiledRules.STAGE2).toEqual(loadStage2Rules());
  });
});

/**
 * A copy of the package whose rules and schemas a test may break: the gate must then validate the
 * files themselves (their hash no longer matches the compiled copy) and stop with exit 2.
 */
function packageCopy(): { root: string; edit: (file: string, change: (text: string) => string) => void; run: (args: string[], env?: Record<string, string | undefined>, cwd?: string) => { code: number | null; stdout: string; stderr: string } } {
  const root = mkdtempSync(join(tmpdir(), 'sot-pkg-'));
  for (const d of ['dist', 'rules', 'schemas']) cpSync(join(repoRoot, d), join(root, d), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    root,
    edit: (file, change) => writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8'))),
    run: (args, env = {}, cwd = root) => {
      const full: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
      for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/sot.cjs'), ...args], { cwd, env: full as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

describe('a broken rules file stops the gate with exit 2 and a precise message', () => {
  let ws: ReturnType<typeof workspace>;
  let env: Record<string, string | undefined>;
  beforeAll(() => {
    ws = workspace();
    env = goodEnv(ws);
  });

  const broken: { name: string; file: string; change: (t: string) => string; message: RegExp }[] = [
    { name: 'YAML syntax', file: 'rules/stage2.yaml', change: (t) => t.replace('version: 1', 'version: [1'), message: /stage2\.yaml/ },
    { name: 'a misspelled test form', file: 'rules/stage2.yaml', change: (t) => t.replace('test: { fact: endpoint_config, equals: present }', 'test: { fact: endpoint_config, equal: present }'), message: /`gates\.0\.conditions\.0\.test` is not a valid test \(it has key\(s\) `fact`, `equal`\); use one of \{fact, equals\}/ },
    { name: 'an unknown key', file: 'rules/stage2.yaml', change: (t) => t.replace('version: 1', 'version: 1\nverison: 2'), message: /unknown key `verison`/ },
    { name: '`reads` that does not match the test', file: 'rules/stage2.yaml', change: (t) => t.replace('reads: [case_bin]', 'reads: [case_bin, backend]'), message: /`gates\.0\.conditions\.7\.reads` lists `backend`, which the test does not read/ },
    { name: 'an undeclared fact', file: 'rules/stage2.yaml', change: (t) => t.replace('test: { fact: case_bin, equals: present }', 'test: { fact: case_binary, equals: present }').replace('reads: [case_bin]', 'reads: [case_binary]'), message: /reads fact `case_binary`, which `facts` does not declare/ },
    { name: 'a contract condition removed', file: 'rules/stage2.yaml', change: (t) => t.replace(/      - id: case-bin-missing[\s\S]*?test: \{ fact: case_bin, equals: present \}\n/, ''), message: /gate `stage2-run` must define the contract condition\(s\) `case-bin-missing`/ },
    { name: 'a constant that is not an identity key', file: 'rules/stage2.yaml', change: (t) => t.replace('test: { fact: backend, equals: case }', 'test: { fact: backend, equals: Case }'), message: /`Case` is compared after NFKC and case folding; write it as `case`/ },
    { name: 'a broken stage2 schema', file: 'schemas/stage2.schema.json', change: (t) => t.replace('"version": { "const": 1 }', '"version": { "const": 2 }'), message: /`version` must be `2`/ },
  ];
  for (const b of broken) {
    it(b.name, () => {
      const pkg = packageCopy();
      pkg.edit(b.file, b.change);
      const r = pkg.run(['gate', 'stage2'], env, ws.dir);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^sot: invalid .*rules\/stage2\.yaml:\n {2}- /);
      expect(r.stderr).toMatch(b.message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }

  it('an edited but valid rules file is obeyed (validated at run time, not the stale compiled copy)', () => {
    const pkg = packageCopy();
    pkg.edit('rules/stage2.yaml', (t) => t.replace('CTO_HARNESS_CASE_BIN must name an executable Case binary.', 'Edited: the Case binary is required.'));
    const r = pkg.run(['gate', 'stage2'], { ...env, CTO_HARNESS_CASE_BIN: undefined }, ws.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x case-bin-missing: Edited: the Case binary is required.');
  });

  it('an edited admission schema applies at once (ajv at run time)', () => {
    const pkg = packageCopy();
    pkg.edit('schemas/admission.schema.json', (t) => t.replace('"required": ["decision_status", "provider_class", "admitted"]', '"required": ["decision_status", "provider_class", "admitted", "decided_by"]').replace('"properties": {\n', '"properties": {\n    "decided_by": { "type": "string" },\n'));
    const r = pkg.run(['gate', 'stage2', '--format', 'json'], env, ws.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing `decided_by`');
    const ok = workspace().write('signed.json', JSON.stringify({ ...GOOD_ADMISSION, decided_by: 'jp' }));
    expect(pkg.run(['gate', 'stage2', '--admission', ok], env, ws.dir).code).toBe(0);
  });

  it('a schema ajv cannot compile is named, exit 2', () => {
    const pkg = packageCopy();
    pkg.edit('schemas/admission.schema.json', (t) => t.replace('"required": ["decision_status", "provider_class", "admitted"]', '"required": ["decision_status", "provider_class", "admitted", "undeclared"]'));
    const r = pkg.run(['gate', 'stage2'], env, ws.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sot: invalid .*schemas\/admission\.schema\.json:\n {2}- strict mode: required property "undeclared" is not defined/);
  });

  it('a broken label table or requirement vocabulary stops `sot lint` with exit 2', () => {
    const docs = join(repoRoot, '.sot-fixtures/real/cto');
    let pkg = packageCopy();
    pkg.edit('rules/evidence-labels.yaml', (t) => t.replace('facts: [backend]', 'facts: [backend_kind]'));
    let r = pkg.run(['lint', docs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/evidence-labels\.yaml:\n {2}- `labels\.1\.facts` names `backend_kind`, which rules\/stage2\.yaml does not declare/);

    pkg = packageCopy();
    pkg.edit('rules/requirements.yaml', (t) => t.replace('requires: { gate: stage2-pass }', 'requires: { gate: stage3-pass }'));
    r = pkg.run(['lint', docs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\/stage2\.yaml has no gate `stage3-pass`/);

    pkg = packageCopy();
    pkg.edit('rules/requirements.yaml', (t) => t.replace('requires: { condition: decision-not-local }', 'requires: { condition: decision-not-locale }'));
    r = pkg.run(['lint', docs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\/stage2\.yaml has no condition `decision-not-locale`/);
  });
});
