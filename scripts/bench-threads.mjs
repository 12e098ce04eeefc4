#!/usr/bin/env node
// In-process measurement of the per-file phase on 1, 2, 3… threads (main thread + workers), to
// choose sot-lint's worker defaults. Not the benchmark (that is scripts/bench.mjs): it times only
// read + per-file phase + cross-file phase, in a fresh process per setting, and prints JSON lines.
//
// Usage: node scripts/bench-threads.mjs DIR [--threads 1,2,3] [--runs 3]

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '1,2,3' }, runs: { type: 'string', default: '3' }, child: { type: 'string' } },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: node scripts/bench-threads.mjs DIR [--threads 1,2,3] [--runs 3]');
  process.exit(2);
}

if (args.child) {
  const dist = new URL('../dist/', import.meta.url);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { loadConfig } = await import(new URL('config/config.js', dist));
  const { collectFiles, readInputs } = await import(new URL('files/collect.js', dist));
  const { RunContext, lintAnalyses } = await import(new URL('lint/engine.js', dist));
  const { analyzeAll } = await import(new URL('lint/parallel.js', dist));
  const { ruleIds } = await import(new URL('lint/registry.js', dist));
  const config = loadConfig({ cwd: dir, knownRules: ruleIds() });
  const ctx = new RunContext(config, { today: '2026-11-21' });
  const files = await collectFiles({ cwd: dir, patterns: [], config, projectContext: true });
  const inputs = await readInputs(files, { maxFileBytes: config.limits.maxFileBytes });
  const t1 = performance.now();
  const analyses = await analyzeAll(inputs, ctx, Number(args.child));
  const t2 = performance.now();
  const heapAfterPerFile = process.memoryUsage().heapUsed;
  globalThis.gc?.();
  const liveAfterPerFile = process.memoryUsage().heapUsed;
  const run = lintAnalyses(analyses, ctx);
  const t3 = performance.now();
  const heapAfterCrossFile = process.memoryUsage().heapUsed;
  globalThis.gc?.();
  const liveAfterCrossFile = process.memoryUsage().heapUsed;
  const { loadFormatter } = await import(new URL('format/index.js', dist));
  const out = (await loadFormatter('json'))(run.results, { cwd: dir, color: false });
  const heapAfterFormat = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage(cpu0);
  const messages = run.results.reduce((n, r) => n + r.messages.length, 0);
  process.stdout.write(
    `${JSON.stringify({ threads: Number(args.child), files: inputs.length, messages, loadReadMs: Math.round(t1 - t0), perFileMs: Math.round(t2 - t1), crossFileMs: Math.round(t3 - t2), totalMs: Math.round(t3 - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMB: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterPerFileMB: Math.round(heapAfterPerFile / 1e6), liveAfterPerFileMB: Math.round(liveAfterPerFile / 1e6), heapAfterCrossFileMB: Math.round(heapAfterCrossFile / 1e6), liveAfterCrossFileMB: Math.round(liveAfterCrossFile / 1e6), heapAfterFormatMB: Math.round(heapAfterFormat / 1e6), outputMB: Math.round(out.length / 1e6) })}\n`,
  );
  process.exit(0);
}

const settings = args.threads.split(',').map(Number);
for (let r = 0; r < Number(args.runs); r++) {
  for (const t of settings) {
    const res = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), dir, '--child', String(t)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(res.stdout);
  }
}
