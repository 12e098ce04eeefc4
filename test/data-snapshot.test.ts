import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
      'config.schema.json': [{}, { rules: { 'title-heading': 'off' } }, { rules: { x: 'loud' }, unknown: true }, { limits: { maxFileBytes: -1 } }, 'text'],
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
    // Run the built tool with a snapshot whose recorded hash of one file is wrong: lint must still work.
    const code = `
      import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
      const f = ${JSON.stringify(snapshotFile)};
      const saved = readFileSync(f, 'utf8');
      const s = JSON.parse(saved);
      const first = Object.keys(s.sources)[0];
      s.sources[first] = '0'.repeat(64);
      writeFileSync(f, JSON.stringify(s));
      try {
        const { snapshotData } = await import(${JSON.stringify(join(root, 'dist/data/snapshot.js'))});
        const { rulesDir } = await import(${JSON.stringify(join(root, 'dist/paths.js'))});
        process.stdout.write(String(snapshotData(rulesDir + 'claims.yaml', 'claims.schema.json') === undefined));
      } finally {
        writeFileSync(f, saved);
      }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true');
  });
});
