#!/usr/bin/env node
/**
 * The hostile-input benchmark: every input of test/hostile/cases.mjs at full size (the 20 MB
 * document, 100,000 files in one folder, …) through the built CLI, with wall time and peak memory
 * (maxRSS, worker threads included), each checked against a time bound; then peak memory while
 * linting 1,250, 2,500, 3,750 and 5,000 generated documents (bar: under 500 MB, the heap held at the
 * end growing at most linearly).
 *
 *   npm run build && npm run bench:hostile                 # everything (several minutes)
 *   npm run bench:hostile -- --quick                       # 10,000 files, 1,000–2,000 documents
 *   npm run bench:hostile -- --only doc-20mb,memory        # some cases (`memory`: the 5,000 documents)
 *   npm run bench:hostile -- --markdown                    # also print the README table
 *
 * Time bounds are relative to this machine, so a loaded CI box does not fail them: a bound is
 * 4 × the time to lint the four real documents (start-up and a small run) plus 10 × this
 * machine's measured cost per byte of a normal document for the bytes the parser could see (a
 * file over limits.maxFileBytes counts as 1 MiB: it is refused unread). A case fails when
 * it is slower than its bound, gives another exit code, or misses its expected message.
 * Exit 1 when anything fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CASES, FM } from '../test/hostile/cases.mjs';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    'no-memory': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist/cli/sot.cjs');
const work = mkdtempSync(join(tmpdir(), 'sot-bench-hostile-'));
const TODAY = '2026-11-21';

// A preload that reports the process's peak resident memory (KB) on exit, on stderr.
const rssHook = join(work, 'rss-hook.mjs');
// With `retained`, also the heap still in use at the end after a full GC (what the run holds on
// to: the linear-growth measure; peak RSS depends on when V8 chose to collect).
writeFileSync(
  rssHook,
  "process.on('exit', () => { let h = -1; if (globalThis.gc) { globalThis.gc(); h = process.memoryUsage().heapUsed; } process.stderr.write(`\\n@@maxrss ${process.resourceUsage().maxRSS} ${h}\\n`); });\n",
);

/** Runs the CLI; wall time (ms), peak RSS (MB), exit code, output (without the RSS line). */
function run(args, { cwd, env = {}, retained = false }) {
  return new Promise((resolve) => {
    const nodeOptions = [env.NODE_OPTIONS, `--import=${pathToFileURL(rssHook).href}`, retained ? '--expose-gc' : ''].filter(Boolean).join(' ');
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env, NODE_OPTIONS: nodeOptions } });
    const out = [];
    const err = [];
    let outBytes = 0;
    child.stdout.on('data', (d) => {
      outBytes += d.length;
      if (outBytes < 4 * 1024 * 1024) out.push(d);
    });
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      let stderr = Buffer.concat(err).toString('utf8');
      const m = /\n@@maxrss (\d+) (-?\d+)\n/.exec(stderr);
      stderr = stderr.replace(/\n@@maxrss \d+ -?\d+\n/, '');
      const heap = m && Number(m[2]) >= 0 ? Number(m[2]) / 1024 / 1024 : NaN;
      resolve({ code: signal ? `signal ${signal}` : code, ms, rssMb: m ? Number(m[1]) / 1024 : NaN, heapMb: heap, stdout: Buffer.concat(out).toString('utf8'), stderr, outBytes });
    });
  });
}

/** Total bytes of the files under a folder (links not followed). */
function bytesUnder(dir) {
  return sizesUnder(dir).reduce((a, b) => a + b, 0);
}

/** Bytes the parser can see: a file over limits.maxFileBytes (default 1 MiB) is refused unread. */
function parsableBytes(dir) {
  return sizesUnder(dir).reduce((a, b) => a + Math.min(b, 1024 * 1024), 0);
}

function sizesUnder(dir) {
  const sizes = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) sizes.push(statSync(p).size);
    }
  };
  walk(dir);
  return sizes;
}

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (mb) => `${Math.round(mb)} MB`;
const fmtBytes = (b) => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : b >= 1024 ? `${Math.round(b / 1024)} KB` : `${b} B`);

// ------------------------------------------------------------------ calibration
const realDocs = join(root, '.sot-fixtures/real/cto');
const startRuns = [];
for (let i = 0; i < 3; i++) startRuns.push((await run(['lint', realDocs, '--today', TODAY], { cwd: root })).ms);
const baseline = startRuns.sort((a, b) => a - b)[1];
const calDir = join(work, 'calibrate');
mkdirSync(join(calDir, '.sot'), { recursive: true });
const realIssues = readFileSync(join(realDocs, '.sot/03-PROTOCOLS/CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md'), 'utf8');
const body = realIssues.split('\n').slice(14).join('\n');
let calText = realIssues;
while (calText.length < 512 * 1024) calText += body.replace(/CTO-WORK-0(\d\d)/g, (_m, d) => `CTO-WORK-${1000 + Math.floor(calText.length / 100) + Number(d)}`);
writeFileSync(join(calDir, '.sot/CAL-ISSUES.md'), calText);
const cal = await run(['--today', TODAY, '--format', 'json'], { cwd: calDir });
const perByte = Math.max(0, cal.ms - baseline) / calText.length;
const bound = (bytes) => 4 * baseline + 10 * perByte * bytes;
process.stdout.write(`calibration: start-up run ${fmtMs(baseline)}; a normal document lints at ${Math.round(calText.length / Math.max(1, cal.ms - baseline))} KB/s (${fmtBytes(calText.length)} in ${fmtMs(cal.ms)})\n\n`);

// ------------------------------------------------------------------ the hostile cases
const selected = CASES.filter((c) => !opts.only || opts.only.split(',').includes(c.id));
const rows = [];
let failures = 0;
for (const c of selected) {
  const dir = join(work, c.id);
  mkdirSync(dir, { recursive: true });
  const n = c.id === 'many-files' ? (opts.quick ? 10_000 : 100_000) : undefined;
  const t0 = performance.now();
  const s = c.setup(dir, n);
  const setupMs = performance.now() - t0;
  const bytes = bytesUnder(s.cwd ?? dir);
  const r = await run([...s.args, '--today', TODAY], { cwd: s.cwd ?? dir, env: s.env ?? {} });
  const out = `${r.stdout}${r.stderr}`;
  const problems = [];
  if (r.code !== c.code) problems.push(`exit ${r.code}, expected ${c.code}`);
  for (const re of c.expect) if (!re.test(out)) problems.push(`no match for ${re}`);
  for (const re of c.absent ?? []) if (re.test(out)) problems.push(`unexpected ${re}`);
  if (/^\s+at .+:\d+:\d+\)?$/m.test(out)) problems.push('stack trace in the output');
  const limit = bound(parsableBytes(s.cwd ?? dir));
  if (r.ms > limit) problems.push(`took ${fmtMs(r.ms)}, over the bound ${fmtMs(limit)}`);
  if (problems.length) failures++;
  const input = n ? c.input.replace('100,000', n.toLocaleString('en-US')) : c.input;
  rows.push({ id: c.id, input, outcome: c.outcome, bytes, ms: r.ms, rssMb: r.rssMb, bound: limit, ok: problems.length === 0, problems });
  process.stdout.write(`${problems.length ? 'FAIL' : 'ok  '} ${c.id.padEnd(20)} ${fmtBytes(bytes).padStart(9)}  ${fmtMs(r.ms).padStart(7)} (bound ${fmtMs(limit)})  ${fmtMb(r.rssMb).padStart(7)}  setup ${fmtMs(setupMs)}${problems.length ? `\n     ${problems.join('; ')}\n     ${out.slice(0, 400).replace(/\n/g, '\n     ')}` : ''}\n`);
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ memory over many documents
const memory = [];
if (!opts['no-memory'] && (!opts.only || opts.only.split(',').includes('memory'))) {
  process.stdout.write('\npeak memory linting generated documents (4 Issues : 1 PRD, cross-file blockers):\n');
  const sizes = opts.quick ? [500, 1000, 1500, 2000] : [1250, 2500, 3750, 5000];
  for (const n of sizes) {
    const dir = join(work, `docs-${n}`);
    generateProject(dir, n);
    const bytes = bytesUnder(dir);
    const r = await run(['--today', TODAY, '--format', 'json'], { cwd: dir, retained: true });
    memory.push({ n, bytes, ms: r.ms, rssMb: r.rssMb, heapMb: r.heapMb, code: r.code, outBytes: r.outBytes });
    process.stdout.write(`  ${String(n).padStart(5)} documents  ${fmtBytes(bytes).padStart(8)}  ${fmtMs(r.ms).padStart(7)}  peak ${fmtMb(r.rssMb).padStart(7)}  retained heap ${fmtMb(r.heapMb).padStart(6)}  output ${fmtBytes(r.outBytes)}  exit ${r.code}\n`);
    if (r.code !== 0 && r.code !== 1) {
      failures++;
      process.stdout.write(`     ${r.stderr.slice(0, 400)}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const last = memory[memory.length - 1];
  // At most linear: the heap still held at the end grows no faster than the number of documents
  // (25% and 16 MB of slack for when V8 collected). A run that lets its documents go before it
  // formats holds about the same at every size, which passes.
  const perDoc = memory.map((m) => (m.heapMb - memory[0].heapMb) / (m.n - memory[0].n)).slice(1);
  const first = memory[0];
  const linear = memory.every((m) => m.heapMb <= ((first.heapMb * m.n) / first.n) * 1.25 + 16);
  process.stdout.write(`  retained heap per 1,000 more documents: ${perDoc.map((x) => `${(x * 1000).toFixed(1)} MB`).join(', ')} (${linear ? 'at most linear' : 'MORE than linear'}); peak at ${last.n}: ${fmtMb(last.rssMb)} (${last.rssMb < 500 ? 'under' : 'OVER'} 500 MB)\n`);
  if (!linear || !(last.rssMb < 500)) failures++;
}

if (opts.markdown) {
  process.stdout.write('\n| input | expected outcome | size | time | bound | peak memory |\n|---|---|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.input} | ${r.outcome} | ${fmtBytes(r.bytes)} | ${fmtMs(r.ms)} | ${fmtMs(r.bound)} | ${fmtMb(r.rssMb)} |\n`);
  if (memory.length) {
    process.stdout.write('\n| documents | size | time | peak memory (RSS) | retained heap after GC |\n|---|---|---|---|---|\n');
    for (const m of memory) process.stdout.write(`| ${m.n.toLocaleString('en-US')} | ${fmtBytes(m.bytes)} | ${fmtMs(m.ms)} | ${fmtMb(m.rssMb)} | ${fmtMb(m.heapMb)} |\n`);
  }
}

if (!opts.keep) rmSync(work, { recursive: true, force: true });
process.stdout.write(`\n${failures ? `${failures} failed` : 'all within bounds'}\n`);
process.exit(failures ? 1 : 0);

/** `n` documents under .sot/ folders of 100: Issues with five items blocked by items of other files, and PRDs. */
function generateProject(dir, n) {
  const sections = ['Problem Statement', 'Solution', 'Scope', 'Non-Goals', 'Acceptance Criteria', 'Validation', 'Risks And Dependencies', 'Success Definition'];
  for (let i = 0; i < n; i++) {
    const folder = join(dir, `area-${String(Math.floor(i / 100)).padStart(3, '0')}`, '.sot');
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const name = `DOC-${String(i).padStart(5, '0')}`;
    if (i % 5 === 4) {
      writeFileSync(join(folder, `${name}-PRD.md`), `${FM(`${name} PRD`)}${sections.map((h) => `## ${h}\n\n- ${h} for document ${i}, with \`CTO-WORK-${String(i * 5).padStart(4, '0')}\` mentioned.\n- A second point about ${h.toLowerCase()}.\n`).join('\n')}`);
      continue;
    }
    let text = FM(`${name} Issues`);
    for (let k = 0; k < 5; k++) {
      const id = i * 5 + k;
      const blocker = Math.max(0, id - 7);
      text += `## CTO-WORK-${String(id).padStart(4, '0')} - Item ${id}\n\nStatus: ${k % 3 === 0 ? 'blocked' : 'open'}.\n\nAcceptance:\n\n- Item ${id} does its part.\n- Item ${id} is tested.\n\n`;
      if (k % 3 === 0) text += `Blocked by:\n\n- \`CTO-WORK-${String(blocker).padStart(4, '0')}\`.\n\n`;
      text += `Current evidence:\n\n- Report status: \`fail\`.\n- Run artifact directory: \`runs/${id}\`.\n\n`;
    }
    writeFileSync(join(folder, `${name}-ISSUES.md`), text);
  }
  writeFileSync(join(dir, '.sotrc.json'), JSON.stringify({ workItemIdPattern: 'CTO-WORK-[0-9]{3,}' }));
}
