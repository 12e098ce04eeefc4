import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sotJson } from './helpers/lint.js';

/**
 * The package's entry point, imported by its name as a dependent would (`import … from 'sot-lint'`,
 * resolved through package.json `exports` to the build), in a separate Node process.
 */
function runModule(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the library API (import from 'sot-lint')", () => {
  it('package.json names an entry point and types that the build writes', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string; types: string; exports: Record<string, string> };
    for (const file of [pkg.main, pkg.types, pkg.exports['.']!]) expect(existsSync(join(repoRoot, file)), file).toBe(true);
  });

  it('lintFiles gives the results sot lint gives on the real documents, and a formatter prints them', () => {
    const r = runModule(`
      import { lintFiles, loadFormatter } from 'sot-lint';
      const run = await lintFiles({ patterns: ['.sot-fixtures/real/cto'], today: '2026-11-21' });
      const json = (await loadFormatter('json'))(run.results, { cwd: process.cwd(), color: false });
      process.stdout.write(JSON.stringify({ json, documents: run.documents.length, internalErrors: run.internalErrors }));
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { json: string; documents: number; internalErrors: number };
    const cli = sotJson(['.sot-fixtures/real/cto'], { cwd: repoRoot });
    expect(JSON.parse(out.json)).toEqual(cli.results);
    const counts = cli.results.reduce((n, f) => [n[0]! + f.errorCount, n[1]! + f.warningCount], [0, 0]);
    expect(counts).toEqual([3, 13]);
    expect(out.documents).toBe(cli.results.length);
    expect(out.internalErrors).toBe(0);
  });

  it('bad input throws the errors the CLI reports: a path that matches nothing, a broken config', () => {
    const r = runModule(`
      import { lintFiles, NoSuchPathError, DataFileError } from 'sot-lint';
      const caught = async (p) => { try { await p; return 'no error'; } catch (e) { return e.constructor.name + ': ' + e.message; } };
      const missing = await caught(lintFiles({ patterns: ['no/such/file.md'] }));
      const config = await caught(lintFiles({ configFile: 'package.json' }));
      process.stdout.write(JSON.stringify({ missing, config, classes: [typeof NoSuchPathError, typeof DataFileError] }));
    `);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { missing: string; config: string; classes: string[] };
    expect(out.missing).toMatch(/^NoSuchPathError: .*no\/such\/file\.md/);
    expect(out.config).toMatch(/^DataFileError: .*package\.json/);
    expect(out.classes).toEqual(['function', 'function']);
  });
});
