import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, sot, TODAY } from '../helpers/lint.js';
import { ENDPOINT, gate, goodEnv, workspace } from '../gate/helpers.js';
import { tempDirs } from '../helpers/temp.js';

/**
 * The bundled commands (scripts/bundle-cli.mjs, src/cli/code-cache.cts) are what `sot lint`, `sot
 * gate` and `sot scan` run after a build: they must behave exactly as the ES modules do
 * (SOT_NO_CODE_CACHE=1), and start with a code cache V8 accepts.
 */
const bundledDir = join(binPath, '..', 'bundled');
const esm = { SOT_NO_CODE_CACHE: '1' };
const tempDir = tempDirs('code-cache');

describe('bundled commands with a V8 code cache', () => {
  it('the build writes lint, gate and scan bundles, each with its code cache', () => {
    const files = readdirSync(bundledDir).sort();
    for (const name of ['lint', 'gate', 'scan']) {
      expect(files).toContain(`${name}.cjs`);
      const id = /^\/\/ sot-bundle ([0-9a-f]{16})\n/.exec(readFileSync(join(bundledDir, `${name}.cjs`), 'utf8'))?.[1];
      expect(id, name).toBeDefined();
      expect(files).toContain(`${name}.cjs.${id}.v8cache`);
    }
  });

  it('V8 accepts the cache (reported under --debug), and the ES modules are used when asked', () => {
    const bundled = sot(['lint', '--debug', '--today', TODAY, 'README.md']);
    expect(bundled.stderr).toContain('sot: lint bundle, code cache accepted');
    const plain = sot(['lint', '--debug', '--today', TODAY, 'README.md'], { env: esm });
    expect(plain.stderr).not.toContain('bundle');
    expect(plain.stdout).toBe(bundled.stdout);
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

  it('a command module rebuilt after its bundle (tsc alone) runs as ES modules, not the stale bundle', () => {
    const entry = join(binPath, '..', 'lint-command.js');
    const bundle = join(bundledDir, 'lint.cjs');
    const before = statSync(entry);
    const bundledAt = statSync(bundle).mtime;
    try {
      utimesSync(entry, before.atime, new Date(bundledAt.getTime() + 10_000));
      const r = sot(['lint', '--debug', '--today', TODAY, 'README.md']);
      expect(r.stderr).toContain('sot: lint bundle is older than lint-command.js; running the ES modules');
      expect(r.stderr).not.toContain('code cache accepted');
    } finally {
      utimesSync(entry, before.atime, before.mtime);
    }
    expect(sot(['lint', '--debug', '--today', TODAY, 'README.md']).stderr).toContain('code cache accepted');
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
