#!/usr/bin/env node
// Benchmark of `sot lint --staged` as a pre-commit hook runs it: a git repository of N generated
// SOT documents (../shared/bench/gen-corpus.mjs), one staged change, cold and warm cache.
//
//   node scripts/bench-staged.mjs [--docs 5000] [--runs 5] [--bin dist/cli/sot.cjs] [--keep]
//
// Prints the wall time of: no cache; cold cache (empty); warm cache with the staged blob already
// cached; warm cache with a new staged version of the file (the usual commit: one miss).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values: v } = parseArgs({
  options: {
    docs: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '5' },
    bin: { type: 'string', default: join(root, 'dist/cli/sot.cjs') },
    gen: { type: 'string', default: join(root, '../shared/bench/gen-corpus.mjs') },
    keep: { type: 'boolean', default: false },
  },
});
const bin = resolve(v.bin);
if (!existsSync(bin)) throw new Error(`${bin} not found: run npm run build first`);
if (!existsSync(v.gen)) throw new Error(`${v.gen} not found (the corpus generator of ../shared/bench)`);

const env = { ...process.env, NO_COLOR: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.invalid' };
for (const k of Object.keys(env)) if (k.startsWith('GIT_') && !/^GIT_(AUTHOR|COMMITTER)_/.test(k)) delete env[k];
const sh = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && cmd === 'git') throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r;
};

const dir = mkdtempSync(join(tmpdir(), 'sot-bench-staged-'));
console.log(`corpus: ${v.docs} documents in ${dir}`);
sh(process.execPath, [v.gen, '--out', dir, '--docs', v.docs], root);
sh('git', ['init', '-q'], dir);
sh('git', ['add', '-A'], dir);
sh('git', ['commit', '-q', '--no-verify', '-m', 'corpus'], dir);
const file = sh('git', ['ls-files', '*.md'], dir).stdout.split('\n')[0];
let edits = 0;
const stageEdit = () => {
  appendFileSync(join(dir, file), `\n- Benchmark edit ${++edits}.\n`);
  sh('git', ['add', file], dir);
};
stageEdit();
console.log(`staged: ${file}`);

const time = (args) => {
  const t0 = performance.now();
  const r = sh(process.execPath, [bin, 'lint', '--staged', '--format', 'json', ...args], dir);
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`sot exited ${r.status}: ${r.stderr}`);
  return ms;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(v.runs);
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const noCache = time([]);
console.log(`no cache:                        ${fmt(noCache)}`);
rmSync(join(dir, '.sot-cache'), { recursive: true, force: true });
const cold = time(['--cache']);
console.log(`cold cache (empty):              ${fmt(cold)}`);
const warm = Array.from({ length: runs }, () => time(['--cache']));
console.log(`warm cache, staged blob cached:  median ${fmt(median(warm))} of ${runs} (${warm.map(fmt).join(', ')})`);
const edited = Array.from({ length: runs }, () => {
  stageEdit();
  return time(['--cache']);
});
console.log(`warm cache, new staged version:  median ${fmt(median(edited))} of ${runs} (${edited.map(fmt).join(', ')})`);
if (!v.keep) rmSync(dir, { recursive: true, force: true });
