import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planThreads } from '../src/lint/parallel.js';
import { binPath, repoRoot, TODAY } from './helpers/lint.js';

/**
 * Worker threads (lint/parallel.ts) must not change a byte of the output: the same files give the
 * same report, in the same order, whatever the number of threads, with or without the cache.
 */
describe('sot lint on several threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sot-parallel-'));
    const real = join(repoRoot, '.sot-fixtures/real/cto/.sot');
    // Twelve copies of the real documents: plenty of cross-file findings (duplicate ids, claims)
    // between files that different threads analyse.
    for (let k = 0; k < 12; k++) cpSync(real, join(dir, '.sot', `copy-${String(k).padStart(2, '0')}`), { recursive: true });
    mkdirSync(join(dir, '.sot', 'odd'), { recursive: true });
    writeFileSync(join(dir, '.sot', 'odd', 'BINARY.md'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(join(dir, '.sot', 'odd', 'LATIN1.md'), Buffer.from('---\ntitle: Caf\xe9 PRD\n---\n# Caf\xe9 PRD\n', 'latin1'));
    writeFileSync(join(dir, '.sot', 'odd', 'EMPTY.md'), '');
  });

  // Asynchronous (unlike the shared helper): several long runs in a row must not block the test worker.
  const lint = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [binPath, 'lint', '--today', TODAY, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, stdout, stderr });
      });
    });

  it('gives byte-identical JSON and stylish output on 1, 2 and 3 threads', async () => {
    const files = readdirSync(join(dir, '.sot'), { recursive: true }).filter((f) => String(f).endsWith('.md'));
    expect(files.length).toBeGreaterThan(40);
    const json1 = await lint('--format', 'json', '--concurrency', '1');
    expect(json1.code).toBe(1);
    expect(JSON.parse(json1.stdout).length).toBe(files.length);
    for (const n of ['2', '3']) {
      const r = await lint('--format', 'json', '--concurrency', n);
      expect(r.code).toBe(json1.code);
      expect(r.stdout).toBe(json1.stdout);
    }
    const stylish1 = await lint('--concurrency', '1');
    const stylish3 = await lint('--concurrency', '3');
    expect(stylish3.stdout).toBe(stylish1.stdout);
    expect(stylish3.stderr).toBe(stylish1.stderr);
  }, 300_000);

  it('composes with --cache: a warm run on threads equals a cold one on the main thread', async () => {
    const cold = await lint('--format', 'json', '--concurrency', 'off');
    const cacheDir = join(dir, 'cache');
    const fill = await lint('--format', 'json', '--concurrency', '3', '--cache', '--cache-location', cacheDir);
    expect(fill.stdout).toBe(cold.stdout);
    writeFileSync(join(dir, '.sot', 'copy-03', 'NOTE.md'), '# Note\n');
    const after = await lint('--format', 'json', '--concurrency', 'off');
    const warm = await lint('--format', 'json', '--concurrency', '3', '--cache', '--cache-location', cacheDir);
    expect(warm.stdout).toBe(after.stdout);
  }, 300_000);

  it('rejects a bad --concurrency', async () => {
    const r = await lint('--concurrency', 'many');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--concurrency/);
  });
});

describe('planThreads', () => {
  const file = (bytes: number) => ({ path: '/x.md', bytes: new Uint8Array(bytes) });
  it('stays on the main thread for one file, small sets and "off"', () => {
    expect(planThreads([file(50_000_000)], 'auto')).toBe(1);
    expect(planThreads(Array.from({ length: 20 }, () => file(4000)), 'auto')).toBe(1);
    expect(planThreads(Array.from({ length: 5000 }, () => file(4000)), 'off')).toBe(1);
  });
  it('takes an explicit number of threads, at most one per file', () => {
    expect(planThreads([file(10), file(10)], 4)).toBe(2);
    expect(planThreads(Array.from({ length: 10 }, () => file(10)), 3)).toBe(3);
  });
  it('uses more threads only when the bytes pay for them', () => {
    const many = Array.from({ length: 5000 }, () => file(4500));
    expect(planThreads(many, 'auto')).toBeGreaterThanOrEqual(1);
    expect(planThreads(many, 'auto')).toBeLessThanOrEqual(8);
  });
});
