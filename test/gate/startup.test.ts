import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot } from '../helpers/lint.js';

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
    for (const f of files) expect(f).not.toMatch(/dist\/(parse|lint|model|rules|format|lsp|data|vendor)\//);
    // The leak detector and the one redactor (report-has-no-endpoint, every value printed); the
    // policy is loaded with import() (its fallback may read YAML and compile schemas).
    const leaks = files.filter((f) => f.includes('dist/leaks/')).sort();
    expect(leaks).toEqual(['dist/leaks/detect.js', 'dist/leaks/hosts.js', 'dist/leaks/ip.js', 'dist/leaks/known-env.js', 'dist/leaks/normalize.js', 'dist/leaks/redactor.js']);
  });
});
