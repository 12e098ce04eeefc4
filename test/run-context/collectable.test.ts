import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realDocsDir, repoRoot } from '../helpers/lint.js';
import { tempDirs } from '../helpers/temp.js';

const tempDir = tempDirs('run-context');

/**
 * Run state lives in a run context, not in module globals: once a library caller drops a result
 * of `lintFiles()`, its documents can be collected (nothing in the package keeps the last run).
 */
describe('lintFiles(): a run keeps nothing after its result is dropped', () => {
  it('twice, results dropped, a forced GC: the documents are collected', () => {
    const script = join(tempDir('gc'), 'gc.mjs');
    writeFileSync(script, `
      import { lintFiles } from ${JSON.stringify(join(repoRoot, 'dist/index.js'))};
      const refs = [];
      async function once() {
        const run = await lintFiles({ cwd: ${JSON.stringify(realDocsDir)}, patterns: ['.'], today: '2026-11-21', concurrency: 1 });
        if (run.documents.length !== 4) throw new Error('expected 4 documents, got ' + run.documents.length);
        for (const d of run.documents) refs.push(new WeakRef(d));
        // The cross-file rules ran (the graph was built): the real documents have findings.
        if (!run.results.some((r) => r.messages.some((m) => m.ruleId === 'status-claim-conflict'))) throw new Error('no cross-file finding');
      }
      await once();
      await once();
      for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
      const alive = refs.filter((r) => r.deref() !== undefined).length;
      process.stdout.write(JSON.stringify({ total: refs.length, alive }));
    `);
    const r = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ total: 8, alive: 0 });
  });
});
