import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot } from '../helpers/lint.js';
import { goodEnv, workspace } from './helpers.js';

/** Static imports of a compiled module and, recursively, of the modules it imports (dynamic import() is not followed). */
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  }
  return { files: [...seen].map((f) => f.slice(repoRoot.length)).sort(), packages: [...packages].sort() };
}

describe('sot gate stage2 starts fast', () => {
  it('loads no package, no Markdown parser and no lint engine: only node built-ins and its own modules', () => {
    const bin = staticGraph(binPath);
    const gate = staticGraph(join(repoRoot, 'dist/cli/gate-command.js'));
    const all = [...bin.packages, ...gate.packages];
    expect(all.filter((p) => !p.startsWith('node:'))).toEqual([]);
    const files = [...bin.files, ...gate.files];
    for (const f of files) expect(f).not.toMatch(/dist\/(parse|lint|model|rules|format|lsp|leaks)\//);
  });

  it('median cold start of an allowing run stays close to an empty node process', async () => {
    const ws = workspace();
    const env = { ...process.env, ...goodEnv(ws) } as NodeJS.ProcessEnv;
    // Async, one process at a time: timing is per process, and the test worker is not blocked.
    const time = (args: string[]) =>
      new Promise<{ ms: number; code: number | null }>((resolvePromise, reject) => {
        const t = process.hrtime.bigint();
        const child = spawn(process.execPath, args, { cwd: ws.dir, env, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => resolvePromise({ ms: Number(process.hrtime.bigint() - t) / 1e6, code }));
      });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // The fair baseline is an empty ES module (node -e 0 skips the ES module loader).
    const empty = ws.write('empty.mjs', '');
    const N = 11;
    const gate: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < N; i++) {
      const g = await time([binPath, 'gate', 'stage2']);
      expect(g.code).toBe(0);
      gate.push(g.ms);
      bare.push((await time([empty])).ms);
    }
    const overhead = median(gate) - median(bare);
    process.stdout.write(`sot gate stage2: median ${median(gate).toFixed(0)} ms over ${N} cold runs; empty ES module ${median(bare).toFixed(0)} ms; overhead ${overhead.toFixed(0)} ms\n`);
    // Loose on purpose (shared CI machines): the figure that matters is printed above.
    expect(overhead).toBeLessThan(100);
  });
});
