#!/usr/bin/env node
/**
 * Deeper property runs than `npm test`: the same properties (test/property) with many more runs and
 * a fresh seed each time, saving every shrunk counterexample to .sot-fixtures/regressions/fuzz/
 * (replayed by every `npm test` from then on).
 *
 *   npm run fuzz                         # 20× the default runs, random seed
 *   npm run fuzz -- --runs 5000          # runs per property
 *   npm run fuzz -- --seed 123 -t graph  # replay a seed; -t filters properties by name
 *   npm run fuzz -- --cli                # also the CLI and gate properties (slow: each run spawns sot)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    seed: { type: 'string' },
    t: { type: 'string' },
    cli: { type: 'boolean', default: false },
  },
});
const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
const env = { ...process.env, FC_SEED: seed, FC_SAVE: '1', FC_FACTOR: '20' };
if (values.runs) env.FC_RUNS = values.runs;
const root = fileURLToPath(new URL('..', import.meta.url));
const files = ['test/property/api.test.ts', ...(values.cli ? ['test/property/cli.test.ts', 'test/property/gate.test.ts'] : [])];
process.stdout.write(`fuzz: seed ${seed}, ${values.runs ? `${values.runs} runs` : '20x the default runs'} per property\n`);
const r = spawnSync(process.execPath, [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run', ...files, ...(values.t ? ['-t', values.t] : [])], { cwd: root, env, stdio: 'inherit' });
if (r.status !== 0) process.stdout.write(`fuzz: failures with seed ${seed}; shrunk counterexamples are in .sot-fixtures/regressions/fuzz/ (commit them with the fix)\n`);
process.exit(r.status ?? 1);
