import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../src/data/ajv.js';
import { loadDataFile } from '../src/data/load-data.js';
import { loadYamlRules } from '../src/gate/load-rules.js';
import { realDocsDir, repoRoot, sot, TODAY } from './helpers/lint.js';
import { GENERATED, packageCopy, writeTracer, type Trace } from './helpers/package-copy.js';
import { tempDirs } from './helpers/temp.js';

/**
 * The generated module (dist/data/package-data.cjs, written by `npm run build`:
 * src/data/build-data.ts) must give exactly what loading the files at run time gives: the same
 * data and the same schema errors. The tests run the TypeScript sources, which have no generated
 * module, so the loaders here read the files.
 */
const tempDir = tempDirs('generated');
const generated = createRequire(import.meta.url)(join(repoRoot, GENERATED)) as { format: number; data: Record<string, string>; validatorNames: string[]; validator: (name: string) => ((d: unknown) => boolean) & { errors?: unknown } };
const realDocs = join(repoRoot, '.sot-fixtures/real/cto');
const oneDoc = join(realDocsDir, 'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md');

describe('the generated module of the package data', () => {
  it('holds every rules file of the package', () => {
    const files = Object.keys(generated.data).map((k) => k.split('\0')[0]).sort();
    const rules = readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.yaml')).map((f) => `rules/${f}`).sort();
    expect(rules.length).toBeGreaterThanOrEqual(6);
    expect(files).toEqual(rules);
  });

  it('holds the same data as loading and validating each file at run time', () => {
    for (const [key, text] of Object.entries(generated.data)) {
      const [file, schema] = key.split('\0') as [string, string];
      const name = file.replace(/^rules\//, '');
      // The gate's loader and the generic one validate alike; whichever recorded it, both agree.
      let runtime: unknown;
      try {
        runtime = loadYamlRules(name, schema);
      } catch {
        runtime = loadDataFile(name, schema);
      }
      expect(runtime, key).toEqual(JSON.parse(text));
    }
  });

  it('has standalone validators that accept and reject exactly as ajv does, with the same errors', () => {
    const admission = { decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] };
    const samples: Record<string, unknown[]> = {
      'frontmatter.schema.json': [
        { title: 'A PRD', status: 'active', lifecycle_classification: 'sot', owner: 'cto', created: '2026-01-01', last_reviewed: '2026-02-01', core_promotion_status: 'not-promoted', route: 'cto' },
        { title: '', status: 'live', created: '2026-13-45', extra: 1, route: 'Bad Route' },
        { title: 5 },
        [],
        null,
      ],
      'config.schema.json': [{}, { rules: { 'title-heading': 'off' } }, { rules: { 'frontmatter-dates': ['warn', { maxReviewAgeDays: 3 }] } }, { rules: { x: ['warn'] } }, { rules: { x: ['warn', 3, 4] } }, { rules: { x: 'loud' }, unknown: true }, { limits: { maxFileBytes: -1 } }, 'text'],
      'admission.schema.json': [admission, { ...admission, admitted: [{ provider: '', model: 'm\u0007', status: 'x'.repeat(201) }] }, { decision_status: 1 }, { ...admission, admitted: 'all' }, '\u{1F600}'],
      'harness-report.schema.json': [{}, { run_id: 'r1', status: 'pass' }, { run_id: '\u{1F600}'.repeat(200), status: 7 }, [], null],
    };
    expect(generated.validatorNames.sort()).toEqual(Object.keys(samples).sort());
    for (const [schema, list] of Object.entries(samples)) {
      const fast = generated.validator(schema);
      const slow = schemaValidator(schema);
      for (const sample of list) {
        expect(fast(sample), `${schema} ${JSON.stringify(sample)}`).toBe(slow(sample));
        expect(fast.errors ?? null).toEqual(slow.errors ?? null);
      }
    }
  });

  it('is what `sot lint` reads: no rules file or schema of the package is read at run time (and without it, they are; the gate: test/gate/startup.test.ts)', () => {
    const dir = tempDir('trace');
    const tracer = writeTracer(dir);
    const out = join(dir, 'trace.json');
    const trace = (env: Record<string, string>): Trace => {
      const r = spawnSync(process.execPath, ['--require', tracer, join(repoRoot, 'dist/cli/sot.cjs'), 'lint', '--today', TODAY, oneDoc], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SOT_TRACE_OUT: out, ...env } });
      expect([0, 1], r.stderr).toContain(r.status);
      return JSON.parse(readFileSync(out, 'utf8')) as Trace;
    };
    const data = (t: Trace) => t.reads.filter((p) => p.startsWith(join(repoRoot, 'rules')) || p.startsWith(join(repoRoot, 'schemas')));
    const built = trace({});
    expect(built.loads.filter((l) => l.endsWith('package-data.cjs'))).toHaveLength(1);
    expect(data(built)).toEqual([]);
    const files = trace({ SOT_NO_SNAPSHOT: '1' });
    expect(files.loads.filter((l) => l.endsWith('package-data.cjs'))).toEqual([]);
    expect(data(files)).toEqual(expect.arrayContaining([join(repoRoot, 'rules/claims.yaml'), join(repoRoot, 'schemas/frontmatter.schema.json')]));
  });

  it('is authoritative: an edited rules file of a built package is not read (nothing is hashed); SOT_NO_SNAPSHOT=1 reads and validates it', () => {
    const pkg = packageCopy(tempDir('edited'));
    pkg.edit('rules/claims.yaml', (t) => `${t}\nnot: [valid\n`);
    const args = ['lint', '--format', 'json', '--today', TODAY, realDocs];
    // From the repository (fingerprints hash paths relative to where the run starts).
    const r = pkg.run(args, {}, repoRoot);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(sot(args).stdout);
    const fromFiles = pkg.run(args, { SOT_NO_SNAPSHOT: '1' }, repoRoot);
    expect(fromFiles.code).toBe(2);
    expect(fromFiles.stderr).toMatch(/^sot: invalid .*rules\/claims\.yaml:\n {2}- /);
  });

  it('a tsc-only build (no generated module) lints and gates exactly as the built package', () => {
    const pkg = packageCopy(tempDir('tsc-only'));
    const args = ['lint', '--format', 'json', '--today', TODAY, realDocs];
    const built = pkg.run(args);
    const builtGate = pkg.run(['gate', 'stage2', '--format', 'json'], { CTO_HARNESS_CASE_MODEL: 'm' });
    pkg.removeGenerated();
    const plain = pkg.run(args);
    expect(plain.code).toBe(1);
    expect(plain).toEqual(built);
    expect((JSON.parse(plain.stdout) as unknown[]).length).toBeGreaterThan(0);
    const gated = pkg.run(['gate', 'stage2', '--format', 'json'], { CTO_HARNESS_CASE_MODEL: 'm' });
    expect(gated.code).toBe(1);
    expect(JSON.parse(gated.stdout)).toMatchObject({ gate: 'stage2-run', verdict: 'block' });
    expect(gated).toEqual(builtGate);
  });
});
