import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, sot, TODAY } from '../helpers/lint.js';
import { ENDPOINT, gate, goodEnv, workspace } from '../gate/helpers.js';
import { tempDirs } from '../helpers/temp.js';

/**
 * The bundled commands (scripts/bundle-cli.mjs, required by src/cli/sot.cts) are what `sot lint`,
 * `sot gate` and `sot scan` run after a build: they must behave exactly as the ES modules do
 * (SOT_NO_BUNDLE=1).
 */
const bundledDir = join(binPath, '..', 'bundled');
const esm = { SOT_NO_BUNDLE: '1' };
const tempDir = tempDirs('bundles');

describe('bundled commands', () => {
  it('the build writes lint, gate and scan bundles, and nothing else there (no V8 code cache)', () => {
    expect(readdirSync(bundledDir).sort()).toEqual(['gate.cjs', 'lint.cjs', 'scan.cjs']);
  });

  it('the bundle runs (reported under --debug), and the ES modules when asked (SOT_NO_BUNDLE=1, or its earlier name)', () => {
    const bundled = sot(['lint', '--debug', '--today', TODAY, 'README.md']);
    expect(bundled.stderr).toContain('sot: lint bundle\n');
    for (const env of [esm, { SOT_NO_CODE_CACHE: '1' }]) {
      const plain = sot(['lint', '--debug', '--today', TODAY, 'README.md'], { env });
      expect(plain.stderr).not.toContain('bundle');
      expect(plain.stdout).toBe(bundled.stdout);
    }
  });

  it('the lint bundle and the ES modules give the cache one key (the code id the build wrote in is the digest the modules compute)', () => {
    const code = `const { cacheKey } = await import(${JSON.stringify(join(repoRoot, 'dist/cache/cache.js'))}); const { defaultConfig } = await import(${JSON.stringify(join(repoRoot, 'dist/config/config.js'))}); process.stdout.write(cacheKey(defaultConfig('/p'), '2026-01-01'));`;
    const esmKey = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout;
    expect(esmKey).toMatch(/^[0-9a-f]{64}$/);
    const dir = tempDir('key');
    writeFileSync(join(dir, 'A.md'), '# A\n');
    for (const env of [{}, esm]) {
      sot(['lint', '--cache', '--today', TODAY, 'A.md'], { cwd: dir, env });
      expect(readdirSync(join(dir, '.sot-cache')).filter((d) => d.startsWith('v'))).toHaveLength(1);
    }
  });

  const lintCases: { name: string; args: string[] }[] = [
    { name: 'lint of the real documents, JSON', args: ['lint', '--format', 'json', '--today', TODAY, '.sot-fixtures/real/cto'] },
    { name: 'lint, stylish', args: ['lint', '--today', TODAY, '.sot-fixtures/real/cto'] },
    { name: 'lint, SARIF', args: ['lint', '--format', 'sarif', '--today', TODAY, '.sot-fixtures/real/cto'] },
    { name: 'an unknown option (usage error)', args: ['lint', '--bogus'] },
    { name: 'a path that matches nothing', args: ['lint', 'no/such/file.md'] },
    { name: 'lint --help', args: ['lint', '--help'] },
    { name: 'scan of the regression fixtures', args: ['scan', '--format', 'json', '.sot-fixtures/regressions'] },
    { name: 'scan --help', args: ['scan', '--help'] },
  ];
  for (const c of lintCases) {
    it(`same output and exit code as the ES modules: ${c.name}`, () => {
      const bundled = sot(c.args);
      const plain = sot(c.args, { env: esm });
      expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0);
      expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
    });
  }

  it('same gate verdicts as the ES modules, and neither prints the endpoint', () => {
    const ws = workspace();
    for (const env of [goodEnv(ws), goodEnv(ws, { CTO_HARNESS_CASE_LOCAL_BASE_URL: '' }), goodEnv(ws, { CTO_HARNESS_CASE_MODEL: 'other' })]) {
      const bundled = gate(['--format', 'json'], env, ws.dir);
      const plain = gate(['--format', 'json'], { ...env, ...esm }, ws.dir);
      expect(bundled.code).toBe(plain.code);
      expect(bundled.stdout).toBe(plain.stdout);
      expect(bundled.stdout + bundled.stderr).not.toContain(ENDPOINT);
    }
  });

  it('runs from another working directory (data files are found from the bundle, not the cwd)', () => {
    const elsewhere = tempDir('cwd');
    const args = ['lint', '--format', 'json', '--today', TODAY, join(repoRoot, '.sot-fixtures/real/cto')];
    const r = sot(args, { cwd: elsewhere });
    const plain = sot(args, { cwd: elsewhere, env: esm });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(plain.stdout);
  });

  it('a damaged bundle is not used: the command runs from the ES modules, same output', () => {
    // A copy of the built package, so the damage stays out of the tree other tests run.
    const pkg = tempDir('damaged');
    for (const part of ['dist', 'rules', 'schemas', 'package.json']) cpSync(join(repoRoot, part), join(pkg, part), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
    const lint = join(pkg, 'dist', 'cli', 'bundled', 'lint.cjs');
    const text = readFileSync(lint, 'utf8');
    writeFileSync(lint, text.slice(0, Math.floor(text.length / 2))); // cut mid-code: a syntax error
    const args = ['lint', '--format', 'json', '--today', TODAY, join(repoRoot, '.sot-fixtures/real/cto')];
    const damaged = spawnSync(process.execPath, [join(pkg, 'dist', 'cli', 'sot.cjs'), ...args, '--debug'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(damaged.stderr).toMatch(/^sot: lint bundle not used: /m);
    expect(damaged.status).toBe(1);
    expect(damaged.stdout).toBe(sot(args, { env: esm }).stdout);
  });
});
