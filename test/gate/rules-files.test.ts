import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStage2Rules } from '../../src/gate/load-rules.js';
import { repoRoot, type CliRun } from '../helpers/lint.js';
import { GENERATED, packageCopy } from '../helpers/package-copy.js';
import { tempDirs } from '../helpers/temp.js';
import { GOOD_ADMISSION, goodEnv, workspace } from './helpers.js';

const tempDir = tempDirs('pkg');
let copies = 0;
const copy = () => packageCopy(tempDir(String(copies++)));

interface Generated {
  data: Record<string, string>;
  validator: (name: string) => unknown;
}

describe('the generated module the gate starts from', () => {
  const generated = createRequire(import.meta.url)(join(repoRoot, GENERATED)) as Generated;

  it('holds exactly the validated rules (as the run-time loader gives them)', () => {
    // The tests run the TypeScript sources, which have no generated module: this is the loader.
    expect(JSON.parse(generated.data['rules/stage2.yaml\0stage2.schema.json']!)).toEqual(loadStage2Rules());
  });

  it('holds the validators of the gate\'s inputs', () => {
    for (const name of ['admission.schema.json', 'harness-report.schema.json']) expect(typeof generated.validator(name), name).toBe('function');
    expect(generated.validator('stage2.schema.json')).toBeUndefined();
  });
});

/** A failed build's message and sot's, without the program's name: `invalid FILE:\n  - reason…`. */
const problems = (r: CliRun, program: string) => r.stderr.replace(new RegExp(`^${program}: `), '');

describe('a broken rules file fails the build, and the run-time loaders (no generated module) report the same', () => {
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
    { name: 'a contract condition removed', file: 'rules/stage2.yaml', change: (t) => t.replace(/ {6}- id: case-bin-missing[\s\S]*?test: \{ fact: case_bin, equals: present \}\n/, ''), message: /gate `stage2-run` must define the contract condition\(s\) `case-bin-missing`/ },
    { name: 'a constant that is not an identity key', file: 'rules/stage2.yaml', change: (t) => t.replace('test: { fact: backend, equals: case }', 'test: { fact: backend, equals: Case }'), message: /`Case` is compared after NFKC and case folding; write it as `case`/ },
    { name: 'a broken stage2 schema', file: 'schemas/stage2.schema.json', change: (t) => t.replace('"version": { "const": 1 }', '"version": { "const": 2 }'), message: /`version` must be `2`/ },
  ];
  for (const b of broken) {
    it(b.name, () => {
      const pkg = copy();
      pkg.edit(b.file, b.change);
      // The build step refuses it, naming the file and each problem, and leaves no generated module.
      const build = pkg.buildData();
      expect(build.code, build.stdout + build.stderr).toBe(1);
      expect(build.stderr).toMatch(/^build-data: invalid .*rules\/stage2\.yaml:\n {2}- /);
      expect(build.stderr).toMatch(b.message);
      expect(build.stderr).not.toMatch(/\n\s+at /);
      expect(pkg.generated()).toBe(false);
      // Without the module (as after `tsc` alone) the gate validates the file at run time: exit 2, the same words.
      const r = pkg.run(['gate', 'stage2'], env, ws.dir);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^sot: invalid .*rules\/stage2\.yaml:\n {2}- /);
      expect(r.stderr).toMatch(b.message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
      expect(problems(r, 'sot')).toBe(problems(build, 'build-data'));
    });
  }

  it('an edited rules file is obeyed once the package is built again: the generated module is authoritative, and SOT_NO_SNAPSHOT=1 reads the files', () => {
    const pkg = copy();
    pkg.edit('rules/stage2.yaml', (t) => t.replace('CTO_HARNESS_CASE_BIN must name an executable Case binary.', 'Edited: the Case binary is required.'));
    const noBin = { ...env, CTO_HARNESS_CASE_BIN: undefined };
    // Built before the edit: the build's data, not the file (nothing is read or hashed at run time).
    let r = pkg.run(['gate', 'stage2'], noBin, ws.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x case-bin-missing: CTO_HARNESS_CASE_BIN must name an executable Case binary.');
    // Ignoring the module, the file is loaded and validated at run time.
    r = pkg.run(['gate', 'stage2'], { ...noBin, SOT_NO_SNAPSHOT: '1' }, ws.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x case-bin-missing: Edited: the Case binary is required.');
    // Built again, the module holds the edit.
    const build = pkg.buildData();
    expect(build.code, build.stderr).toBe(0);
    r = pkg.run(['gate', 'stage2'], noBin, ws.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x case-bin-missing: Edited: the Case binary is required.');
  });

  it('an edited admission schema applies once built (the generated validator), or at run time without the module (ajv)', () => {
    const pkg = copy();
    pkg.edit('schemas/admission.schema.json', (t) => t.replace('"required": ["decision_status", "provider_class", "admitted"]', '"required": ["decision_status", "provider_class", "admitted", "decided_by"]').replace('"properties": {\n', '"properties": {\n    "decided_by": { "type": "string" },\n'));
    const signed = workspace().write('signed.json', JSON.stringify({ ...GOOD_ADMISSION, decided_by: 'jp' }));
    const check = (extra: Record<string, string>, when: string) => {
      const r = pkg.run(['gate', 'stage2', '--format', 'json'], { ...env, ...extra }, ws.dir);
      expect(r.code, when).toBe(1);
      expect(r.stdout, when).toContain('missing `decided_by`');
      expect(pkg.run(['gate', 'stage2', '--admission', signed], { ...env, ...extra }, ws.dir).code, when).toBe(0);
    };
    // Not yet built: the build's validator, which does not ask for `decided_by`.
    expect(pkg.run(['gate', 'stage2', '--format', 'json'], env, ws.dir).code).toBe(0);
    check({ SOT_NO_SNAPSHOT: '1' }, 'the schema compiled at run time');
    expect(pkg.buildData().code).toBe(0);
    check({}, 'the generated validator, built again');
  });

  it('a schema ajv cannot compile fails the build naming it; without the module the gate names it, exit 2', () => {
    const pkg = copy();
    pkg.edit('schemas/admission.schema.json', (t) => t.replace('"required": ["decision_status", "provider_class", "admitted"]', '"required": ["decision_status", "provider_class", "admitted", "undeclared"]'));
    const build = pkg.buildData();
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/^build-data: invalid .*schemas\/admission\.schema\.json:\n {2}- strict mode: required property "undeclared" is not defined/);
    expect(pkg.generated()).toBe(false);
    const r = pkg.run(['gate', 'stage2'], env, ws.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sot: invalid .*schemas\/admission\.schema\.json:\n {2}- strict mode: required property "undeclared" is not defined/);
    expect(problems(r, 'sot')).toBe(problems(build, 'build-data'));
  });

  it('a broken label table or requirement vocabulary fails the build; without the module `sot lint` stops with exit 2, the same words', () => {
    const docs = join(repoRoot, '.sot-fixtures/real/cto');
    const cases: [string, (t: string) => string, RegExp][] = [
      ['rules/evidence-labels.yaml', (t) => t.replace('facts: [backend]', 'facts: [backend_kind]'), /evidence-labels\.yaml:\n {2}- `labels\.1\.facts` names `backend_kind`, which rules\/stage2\.yaml does not declare/],
      ['rules/requirements.yaml', (t) => t.replace('requires: { gate: stage2-pass }', 'requires: { gate: stage3-pass }'), /rules\/stage2\.yaml has no gate `stage3-pass`/],
      ['rules/requirements.yaml', (t) => t.replace('requires: { condition: decision-not-local }', 'requires: { condition: decision-not-locale }'), /rules\/stage2\.yaml has no condition `decision-not-locale`/],
    ];
    for (const [file, change, message] of cases) {
      const pkg = copy();
      pkg.edit(file, change);
      const build = pkg.buildData();
      expect(build.code, `${file}: ${build.stderr}`).toBe(1);
      expect(build.stderr).toMatch(message);
      expect(pkg.generated()).toBe(false);
      const r = pkg.run(['lint', docs]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(problems(r, 'sot')).toBe(problems(build, 'build-data'));
    }
  });
});
