#!/usr/bin/env node
// Time per line of the leak detector on 50,000-character adversarial lines (every trigger of
// every scanner, repeated with no terminator), and on ordinary lines for comparison.
//
//   npm run build && node scripts/bench-regex.mjs [--length N] [--runs R] [--check]
//
// Three paths per line: the plain detector (what `sot scan` and quote() run), a whole document
// through `no-endpoint-leak` (Markdown parse not included: the tree is given), and the streaming
// scanner. Prints milliseconds per line: CPU time of this process (process.cpuUsage, best of R
// runs: what the algorithm costs, unaffected by other processes competing for the machine) and
// wall time (best of R). With --check, exits 1 when any line takes 50 ms of CPU or more.
import { parseArgs } from 'node:util';
import { Readable } from 'node:stream';

const { values } = parseArgs({ options: { length: { type: 'string', default: '50000' }, runs: { type: 'string', default: '5' }, check: { type: 'boolean', default: false } } });
const length = Number(values.length);
const runs = Math.max(1, Number(values.runs));
const LIMIT_MS = 50;

const dist = new URL('../dist/', import.meta.url);
const { detectLeaks } = await import(new URL('leaks/detect.js', dist));
const { leakPolicy } = await import(new URL('leaks/policy.js', dist));
const { findDocumentLeaks } = await import(new URL('leaks/markdown.js', dist));
const { scanStream } = await import(new URL('leaks/stream.js', dist));
const { adversarialLines } = await import(new URL('leaks/adversarial.js', dist));
const { parseDocument } = await import(new URL('parse/document.js', dist));
const { buildDocument } = await import(new URL('model/build.js', dist));
const { buildModelOptions } = await import(new URL('model/options.js', dist));

const policy = leakPolicy();
const modelOptions = buildModelOptions('CTO-WORK-[0-9]{3,}');

/** Best CPU and best wall time over `runs` calls, in ms. */
async function time(fn) {
  let cpu = Infinity;
  let wall = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall = Math.min(wall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { cpu, wall };
}

const ordinary = [
  { name: 'ordinary prose (real-document line)', text: '- Non-secret readiness check on 2026-06-01 showed `CTO_HARNESS_CASE_LOCAL_BASE_URL=missing`. '.repeat(Math.ceil(length / 96)).slice(0, length) },
  { name: 'ordinary log line with leaks', text: 'GET http://100.101.102.103:8000/v1/models 200 ssh jp@spark1 Bearer 9f8e7d6c5b4a3 '.repeat(Math.ceil(length / 84)).slice(0, length) },
];

const rows = [];
for (const line of [...adversarialLines(length), ...ordinary]) {
  detectLeaks(line.text, { policy }); // warm up
  const plain = await time(() => detectLeaks(line.text, { policy }));
  const parsed = parseDocument(line.text);
  const { tree } = parsed;
  const doc = buildDocument('/bench/LINE.md', line.text, parsed, modelOptions);
  // A fresh document object each time: the scan is remembered per document (shared with the engine).
  const document = await time(() => findDocumentLeaks({ ...doc }, tree, policy));
  const stream = await time(() => scanStream(Readable.from([Buffer.from(line.text)]), { policy }));
  rows.push({ name: line.name, plain, document, stream, worst: Math.max(plain.cpu, document.cpu, stream.cpu), worstWall: Math.max(plain.wall, document.wall, stream.wall) });
}

const w = Math.max(...rows.map((r) => r.name.length));
const ms = (x) => `${x.cpu.toFixed(1).padStart(6)} ${`(${x.wall.toFixed(1)})`.padStart(8)}`;
process.stdout.write(`ms per ${length}-character line: CPU (wall), best of ${runs}\n`);
process.stdout.write(`${'line'.padEnd(w)}  ${'detector'.padEnd(15)}  ${'document rule'.padEnd(15)}  stream scan\n`);
for (const r of rows) process.stdout.write(`${r.name.padEnd(w)}  ${ms(r.plain)}  ${ms(r.document)}  ${ms(r.stream)}${r.worst >= LIMIT_MS ? '   OVER LIMIT' : ''}\n`);
const worst = rows.reduce((a, b) => (b.worst > a.worst ? b : a));
const worstWall = rows.reduce((a, b) => (b.worstWall > a.worstWall ? b : a));
process.stdout.write(`\nworst CPU: ${worst.name} at ${worst.worst.toFixed(2)} ms per line (limit ${LIMIT_MS} ms); worst wall: ${worstWall.name} at ${worstWall.worstWall.toFixed(2)} ms\n`);
if (values.check && worst.worst >= LIMIT_MS) process.exitCode = 1;
