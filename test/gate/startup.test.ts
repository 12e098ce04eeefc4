import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot } from '../helpers/lint.js';
import { writeTracer, type Trace } from '../helpers/package-copy.js';
import { tempDirs } from '../helpers/temp.js';
import { goodEnv, workspace } from './helpers.js';

const tempDir = tempDirs('startup');

/**
 * Static imports (and top-level CommonJS requires: the `sot` program is CommonJS) of a compiled module
 * and, recursively, of the modules it imports (dynamic import() is not followed).
 */
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const imports = code.matchAll(/^\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]/gm);
    const requires = code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g);
    for (const m of [...imports, ...requires]) {
      const spec = m[1]!;
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  }
  return { files: [...seen].map((f) => f.slice(repoRoot.length)).sort(), packages: [...packages].sort() };
}

// How fast it starts is measured by `npm run bench -- --only gate` (a script that prints figures,
// not a timed test that flakes on a loaded machine); this test holds what makes it fast.
describe('sot gate stage2 starts fast', () => {
  it('loads no package, no Markdown parser and no lint engine: only node built-ins and its own modules', () => {
    const bin = staticGraph(binPath);
    expect(bin.files, 'the program alone (it requires a command bundle by its computed path)').toEqual(['dist/cli/sot.cjs']);
    const gate = staticGraph(join(repoRoot, 'dist/cli/gate-command.js'));
    const all = [...bin.packages, ...gate.packages];
    expect(all.filter((p) => !p.startsWith('node:'))).toEqual([]);
    const files = [...bin.files, ...gate.files];
    for (const f of files) expect(f).not.toMatch(/dist\/(parse|lint|model|rules|format|lsp|vendor)\//);
    // Of the data layer, only the reader of the generated module (Node built-ins and paths.ts).
    expect(files.filter((f) => f.includes('dist/data/'))).toEqual(['dist/data/generated.js']);
    // The leak detector and the one redactor (report-has-no-endpoint, every value printed); the
    // policy is loaded with import() (without the generated module it reads YAML and compiles schemas).
    const leaks = files.filter((f) => f.includes('dist/leaks/')).sort();
    expect(leaks).toEqual(['dist/leaks/detect.js', 'dist/leaks/hosts.js', 'dist/leaks/ip.js', 'dist/leaks/known-env.js', 'dist/leaks/normalize.js', 'dist/leaks/redactor.js']);
  });

  it('at run time reads its rules and validators from the generated module: no YAML, no ajv, no rules file or schema (and without the module, it does read them)', () => {
    const dir = tempDir('trace');
    const tracer = writeTracer(dir);
    const out = join(dir, 'trace.json');
    const ws = workspace();
    const trace = (extra: Record<string, string>): Trace => {
      const env = { ...process.env, NO_COLOR: '1', SOT_TRACE_OUT: out, ...goodEnv(ws), ...extra };
      const r = spawnSync(process.execPath, ['--require', tracer, binPath, 'gate', 'stage2', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8', env });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as Trace;
    };
    const packages = (t: Trace) => t.loads.filter((l) => /^(ajv|ajv-formats|yaml)(\/|$)|yaml\.cjs$/.test(l));
    const data = (t: Trace) => t.reads.filter((p) => p.startsWith(join(repoRoot, 'rules')) || p.startsWith(join(repoRoot, 'schemas')));
    const built = trace({});
    expect(built.loads.filter((l) => l.endsWith('package-data.cjs'))).toHaveLength(1);
    expect(packages(built)).toEqual([]);
    expect(data(built)).toEqual([]);
    // The same probe sees the run-time loaders when the module is ignored.
    const files = trace({ SOT_NO_SNAPSHOT: '1' });
    expect(packages(files).length).toBeGreaterThan(0);
    expect(data(files)).toEqual(expect.arrayContaining([join(repoRoot, 'rules/stage2.yaml'), join(repoRoot, 'schemas/admission.schema.json')]));
  });
});
