import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, TODAY, type JsonResult } from '../helpers/lint.js';
import { run, sotAsync } from './spawn.js';

/**
 * The benchmark corpus generator plants a private endpoint in about 1% of documents and lists
 * where (line:column) in its manifest. no-endpoint-leak must report exactly those: every planted
 * leak at its position, and nothing anywhere else in hundreds of realistic documents (commit
 * hashes, artifact paths, dates, env names, model names, work-item ids, ratios).
 */
const GENERATOR = join(repoRoot, '..', 'shared', 'bench', 'gen-corpus.mjs');

interface Manifest {
  files: { path: string; leaks?: { url: string; at: { line: number; column: number }[] }[] }[];
}

describe.skipIf(!existsSync(GENERATOR))('generated corpus (../shared/bench/gen-corpus.mjs)', () => {
  for (const [docs, seed] of [
    [400, 'sot'],
    [300, 'leaks-2'],
  ] as const) {
    it(`${docs} documents, seed ${seed}: every planted leak found where the manifest says, no other finding`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sot-gen-'));
      const manifestPath = join(dir, 'manifest.json');
      const gen = await run(process.execPath, [GENERATOR, '--out', dir, '--docs', String(docs), '--seed', seed, '--manifest', manifestPath], { cwd: dir });
      expect(gen.code, gen.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      const expected = manifest.files.flatMap((f) => (f.leaks ?? []).flatMap((l) => l.at.map((a) => `${f.path}:${a.line}:${a.column}`))).sort();
      expect(expected.length).toBeGreaterThan(0);

      const lint = await sotAsync(['lint', '.sot', '--context', 'paths', '--format', 'json', '--today', TODAY], { cwd: dir, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: '' } });
      const result = { results: JSON.parse(lint.stdout) as JsonResult[] };
      const found = result.results
        .flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-endpoint-leak').map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column}`))
        .sort();
      expect(found).toEqual(expected);
      // And no message of any rule repeats a planted value.
      const planted = manifest.files.flatMap((f) => (f.leaks ?? []).map((l) => l.url));
      const out = JSON.stringify(result.results);
      for (const url of planted) expect(out).not.toContain(url.replace(/^http:\/\//, '').split(':')[0]);
    });
  }
});
