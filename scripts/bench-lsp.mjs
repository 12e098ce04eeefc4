#!/usr/bin/env node
// Benchmark of `sot lsp --stdio` on a generated 5,000-document workspace: the time from a
// `textDocument/didChange` to the `textDocument/publishDiagnostics` it causes,
//   (a) per-file: the changed document's own diagnostics (per-file rules), and
//   (b) cross-file: another open document's diagnostics, changed by the edit through the
//       cross-file rules over the whole workspace index (debounce included).
// Targets (issue 6): median (a) < 20 ms, median (b) < 100 ms.
//
// Usage: node scripts/bench-lsp.mjs [--docs 5000] [--runs 40] [--dir DIR] [--keep] [--debounce MS]
// Needs a build (`npm run build`). Not a test: it prints figures and exits 0 unless it fails to run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/cli/bin.js');
const gen = join(root, '../shared/bench/gen-corpus.mjs');

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '40' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    debounce: { type: 'string' },
  },
});
const docs = Number(args.docs);
const runs = Number(args.runs);
if (!existsSync(bin)) {
  console.error('bench-lsp: dist/cli/bin.js is missing; run `npm run build` first');
  process.exit(2);
}

// ------------------------------------------------------------------ corpus

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'sot-bench-lsp-'));
if (!existsSync(join(dir, '.sot'))) {
  const g = spawn(process.execPath, [gen, '--out', dir, '--docs', String(docs)], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise((r) => g.on('exit', r));
  if (code !== 0) process.exit(2);
}

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.md') ? [join(d, e.name)] : []));
}
const files = walk(join(dir, '.sot')).sort();

// A: a small Issues document defining X; B: another document that references X outside headings.
const defs = new Map();
const texts = new Map();
for (const f of files) {
  const t = readFileSync(f, 'utf8');
  texts.set(f, t);
  for (const m of t.matchAll(/^## (CTO-WORK-\d+) - /gm)) defs.set(m[1], f);
}
let pick;
for (const f of files) {
  if (pick) break;
  const t = texts.get(f);
  for (const m of t.matchAll(/^- .*?(CTO-WORK-\d+)(?!\d)/gm)) {
    const a = defs.get(m[1]);
    if (a && a !== f && texts.get(a).length < 8000) {
      pick = { id: m[1], a, b: f };
      break;
    }
  }
}
if (!pick) {
  console.error('bench-lsp: no cross-referenced work item found in the corpus');
  process.exit(2);
}

// ------------------------------------------------------------------ client

const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiters = [];
const serverLog = [];
let indexedResolve;
const indexed = new Promise((r) => (indexedResolve = r));
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const at = performance.now();
  for (let i = waiters.length - 1; i >= 0; i--) {
    if (waiters[i].test(p)) waiters.splice(i, 1)[0].resolve({ at, p });
  }
});
conn.onRequest('window/workDoneProgress/create', () => null);
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('$/progress', (p) => p.value?.kind === 'end' && indexedResolve());
conn.onNotification('window/logMessage', (p) => serverLog.push(p.message));
conn.listen();

const waitFor = (test, timeout = 30_000) =>
  new Promise((resolve, reject) => {
    const w = { test, resolve };
    waiters.push(w);
    setTimeout(() => {
      const i = waiters.indexOf(w);
      if (i >= 0) {
        waiters.splice(i, 1);
        reject(new Error('timed out waiting for publishDiagnostics'));
      }
    }, timeout);
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uriA = pathToFileURL(pick.a).href;
const uriB = pathToFileURL(pick.b).href;

const t0 = performance.now();
await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
  capabilities: { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
  initializationOptions: { timing: true, ...(args.debounce ? { debounceMs: Number(args.debounce) } : {}) },
});
await conn.sendNotification('initialized', {});
await indexed;
const indexMs = performance.now() - t0;

let versionA = 1;
let textA = texts.get(pick.a);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriA, languageId: 'markdown', version: 1, text: textA } });
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriB, languageId: 'markdown', version: 1, text: texts.get(pick.b) } });
await waitFor((p) => p.uri === uriB);
await sleep(500);

/** Sends one incremental edit to A; resolves with the send time. */
async function change(start, end, newText) {
  versionA++;
  const lines = textA.slice(0, start).split('\n');
  const endLines = textA.slice(0, end).split('\n');
  const range = {
    start: { line: lines.length - 1, character: lines[lines.length - 1].length },
    end: { line: endLines.length - 1, character: endLines[endLines.length - 1].length },
  };
  textA = textA.slice(0, start) + newText + textA.slice(end);
  const sent = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriA, version: versionA }, contentChanges: [{ range, text: newText }] });
  return sent;
}

// (a) per-file: type into and out of a bullet of A (no cross-file effect).
const bullet = textA.indexOf('\n- ') + 3;
const perFile = [];
for (let i = 0; i < runs + 5; i++) {
  const v = versionA + 1;
  const published = waitFor((p) => p.uri === uriA && p.version === v);
  const sent = i % 2 === 0 ? await change(bullet, bullet, 'x') : await change(bullet, bullet + 1, '');
  const { at } = await published;
  if (i >= 5) perFile.push(at - sent);
  await sleep(150); // let the cross-file run that follows settle
}

// (b) cross-file: rename X's definition in A so B's reference dangles, then rename it back.
const idEnd = textA.indexOf(`## ${pick.id} - `) + 3 + pick.id.length;
const crossFile = [];
const perFileInB = [];
let expectUnknown = true;
for (let i = 0; i < runs + 5; i++) {
  const v = versionA + 1;
  const own = waitFor((p) => p.uri === uriA && p.version === v);
  const other = waitFor((p) => p.uri === uriB && p.diagnostics.some((d) => d.code === 'unknown-work-item' && d.message.includes(pick.id)) === expectUnknown);
  const sent = expectUnknown ? await change(idEnd, idEnd, '99999') : await change(idEnd, idEnd + 5, '');
  const [{ at: ownAt }, { at }] = await Promise.all([own, other]);
  if (i >= 5) {
    crossFile.push(at - sent);
    perFileInB.push(ownAt - sent);
  }
  expectUnknown = !expectUnknown;
  await sleep(150);
}

await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
await new Promise((r) => child.on('exit', r));
if (!args.keep && !args.dir) rmSync(dir, { recursive: true, force: true });

// ------------------------------------------------------------------ report

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
};
const fmt = (x) => `${x.toFixed(1).padStart(7)} ms`;
const row = (name, xs, target) => {
  const s = stats(xs);
  return `${name.padEnd(44)} median ${fmt(s.median)}  min ${fmt(s.min)}  max ${fmt(s.max)}${target ? `   target < ${target} ms: ${s.median < target ? 'met' : 'NOT met'}` : ''}`;
};
const serverCross = serverLog.flatMap((l) => {
  const m = /cross-file over (\d+) documents: rules ([\d.]+) ms, finish ([\d.]+) ms/.exec(l);
  return m ? [Number(m[2]) + Number(m[3])] : [];
});
const serverPerFile = serverLog.flatMap((l) => {
  const m = /per-file .*: ([\d.]+) ms$/.exec(l);
  return m ? [Number(m[1])] : [];
});
console.log(`\nsot lsp benchmark: ${files.length} documents, ${runs} measured changes per case (after 5 warm-up), node ${process.version}`);
console.log(`index built (initialize to end of indexing progress): ${(indexMs / 1000).toFixed(1)} s`);
console.log(`changed document A: ${pick.a.slice(dir.length + 1)} (${textA.length} chars); B references ${pick.id}: ${pick.b.slice(dir.length + 1)}`);
console.log(row('(a) didChange -> publishDiagnostics (per-file)', perFile, 20));
console.log(row('(b) didChange -> B publishDiagnostics (cross-file)', crossFile, 100));
console.log(row('    same changes, A per-file publish', perFileInB));
if (serverPerFile.length) console.log(row('    server: per-file lint + publish', serverPerFile));
if (serverCross.length) console.log(row('    server: cross-file pass (rules + finish)', serverCross));
