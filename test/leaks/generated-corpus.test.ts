import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, TODAY, type JsonResult } from '../helpers/lint.js';

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
    it(`${docs} documents, seed ${seed}: every planted leak found where the manifest says, no other finding`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sot-gen-'));
      const manifestPath = join(dir, 'manifest.json');
      const gen = spawnSync(process.execPath, [GENERATOR, '--out', dir, '--docs', String(docs), '--seed', seed, '--manifest', manifestPath], { encoding: 'utf8' });
      expect(gen.status, gen.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      const expected = manifest.files.flatMap((f) => (f.leaks ?? []).flatMap((l) => l.at.map((a) => `${f.path}:${a.line}:${a.column}`))).sort();
      expect(expected.length).toBeGreaterThan(0);

      // Hundreds of documents give megabytes of JSON: more than spawnSync's default buffer.
      const lint = spawnSync(process.execPath, [binPath, 'lint', '.sot', '--context', 'paths', '--format', 'json', '--today', TODAY], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, CTO_HARNESS_CASE_LOCAL_BASE_URL: '' },
      });
      const run = { results: JSON.parse(lint.stdout) as JsonResult[] };
      const found = run.results
        .flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-endpoint-leak').map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column}`))
        .sort();
      expect(found).toEqual(expected);
      // And no message of any rule repeats a planted value.
      const planted = manifest.files.flatMap((f) => (f.leaks ?? []).map((l) => l.url));
      const out = JSON.stringify(run.results);
      for (const url of planted) expect(out).not.toContain(url.replace(/^http:\/\//, '').split(':')[0]);
    });
  }
});
