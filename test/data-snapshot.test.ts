import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../src/data/ajv.js';
import { loadDataFile } from '../src/data/load-data.js';
import { loadYamlRules } from '../src/gate/load-rules.js';

/**
 * The build snapshot (dist/data/snapshot.json + validators.cjs, written by `npm run build`) must
 * give exactly what loading the files at run time gives: the same data and the same schema errors.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const snapshotFile = join(root, 'dist/data/snapshot.json');
const validatorsFile = join(root, 'dist/data/validators.cjs');
const built = existsSync(snapshotFile) && existsSync(validatorsFile);

describe.skipIf(!built)('build snapshot of the rules data', () => {
  const snapshot = built ? (JSON.parse(readFileSync(snapshotFile, 'utf8')) as { data: Record<string, unknown>; validators: Record<string, string>; sources: Record<string, string> }) : { data: {}, validators: {}, sources: {} };

  it('holds the rules files the lint path loads', () => {
    const files = Object.keys(snapshot.data).map((k) => k.split('\0')[0]);
    expect(files).toEqual(expect.arrayContaining(['rules/claims.yaml', 'rules/documents.yaml', 'rules/stage2.yaml']));
  });

  it('holds the same data as loading and validating each file at run time', () => {
    for (const [key, data] of Object.entries(snapshot.data)) {
      const [file, schema] = key.split('\0') as [string, string];
      const name = file.replace(/^rules\//, '');
      // The gate's loader and the generic one validate alike; whichever recorded it, both agree.
      let runtime: unknown;
      try {
        runtime = loadYamlRules(name, schema);
      } catch {
        runtime = loadDataFile(name, schema);
      }
      expect(runtime, key).toEqual(data);
    }
  });

  it('has standalone validators that accept and reject exactly as ajv does, with the same errors', () => {
    const require = createRequire(import.meta.url);
    const compiled = require(validatorsFile) as Record<string, ((d: unknown) => boolean) & { errors?: unknown }>;
    const samples: Record<string, unknown[]> = {
      'frontmatter.schema.json': [
        { title: 'A PRD', status: 'active', lifecycle_classification: 'sot', owner: 'cto', created: '2026-01-01', last_reviewed: '2026-02-01', core_promotion_status: 'not-promoted', route: 'cto' },
        { title: '', status: 'live', created: '2026-13-45', extra: 1, route: 'Bad Route' },
        { title: 5 },
        [],
        null,
      ],
      'config.schema.json': [{}, { rules: { 'title-heading': 'off' } }, { rules: { 'frontmatter-dates': ['warn', { maxReviewAgeDays: 3 }] } }, { rules: { x: ['warn'] } }, { rules: { x: ['warn', 3, 4] } }, { rules: { x: 'loud' }, unknown: true }, { limits: { maxFileBytes: -1 } }, 'text'],
    };
    for (const [schema, exportName] of Object.entries(snapshot.validators)) {
      const fast = compiled[exportName]!;
      const slow = schemaValidator(schema);
      for (const sample of samples[schema] ?? []) {
        expect(fast(sample), `${schema} ${JSON.stringify(sample)}`).toBe(slow(sample));
        expect(fast.errors ?? null).toEqual(slow.errors ?? null);
      }
    }
  });

  it('is not used once a source file differs (the tool falls back to loading the files)', () => {
    // A copy of the package whose snapshot records a wrong hash for one file (the shared dist/ is
    // never written: other test files run the tool from it at the same time).
    const pkg = mkdtempSync(join(tmpdir(), 'sot-snapshot-'));
    try {
      for (const part of ['dist', 'rules', 'schemas', 'package.json']) cpSync(join(root, part), join(pkg, part), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
      const copy = join(pkg, 'dist/data/snapshot.json');
      const s = JSON.parse(readFileSync(copy, 'utf8')) as { sources: Record<string, string> };
      const first = Object.keys(s.sources)[0]!;
      const probe = (dir: string) => `
        const { snapshotData } = await import(${JSON.stringify(join(dir, 'dist/data/snapshot.js'))});
        const { rulesDir } = await import(${JSON.stringify(join(dir, 'dist/paths.js'))});
        process.stdout.write(String(snapshotData(rulesDir + 'claims.yaml', 'claims.schema.json') === undefined));`;
      const run = () => spawnSync(process.execPath, ['--input-type=module', '-e', probe(pkg)], { encoding: 'utf8' });
      // The copy serves its snapshot as it is...
      let r = run();
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('false');
      // ...and not once a recorded hash is wrong; lint still works, from the files.
      s.sources[first] = '0'.repeat(64);
      writeFileSync(copy, JSON.stringify(s));
      r = run();
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('true');
      const lint = spawnSync(process.execPath, [join(pkg, 'dist/cli/sot.cjs'), 'lint', '--format', 'json', join(root, '.sot-fixtures/real/cto')], { encoding: 'utf8' });
      expect(lint.status).toBe(1);
      expect((JSON.parse(lint.stdout) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});
