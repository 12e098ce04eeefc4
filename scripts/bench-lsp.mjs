#!/usr/bin/env node
// Benchmark of `sot lsp --stdio` on a generated 5,000-document workspace: the time from a
// `textDocument/didChange` to the `textDocument/publishDiagnostics` it causes, measured by a
// client over stdio like an editor:
//   (a)  per-file: the changed document's own diagnostics (per-file rules, published at once);
//   (b1) cross-file, status edit: an item's status in A goes validated <-> blocked, and another
//        open document B whose validated item is blocked by it gains / loses
//        `validated-with-open-blocker` (the cross-file rules over the whole index, debounce
//        included) — the everyday cross-file edit;
//   (b2) cross-file, structural edit: the id of an item in A is renamed and back, so B's
//        reference dangles (`unknown-work-item`) — this also changes the blocked-by graph, so
//        cycles are searched again.
// Targets (issue 6): median (a) < 20 ms; median including the cross-file update < 100 ms.
// Between samples the script waits for the server's cross-file run to finish, so each change
// meets an idle server.
//
// Usage: node scripts/bench-lsp.mjs [--docs 5000] [--runs 30] [--dir DIR] [--keep] [--debounce MS] [--cache]
//   --cache: let the server index through the lint cache (DIR/.sot-cache), so a second run with
//   the same --dir starts in seconds; the measured edits are the same either way.
//   --two-folders: also open a second workspace folder (its own generated corpus, DIR-2) and
//   measure (c): status edits alternating between the two folders' documents. Each folder is its
//   own project with its own run context, so each keeps its incremental graph: (c) should cost
//   what (b1) costs. (A server sharing one memo between folders rebuilds on every switch.)
//   --bin PATH: the sot launcher to start (another build, for a side-by-side run).
// Needs a build (`npm run build`). Not a test: it prints figures and exits 0 unless it cannot run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let bin = join(root, 'dist/cli/sot.cjs');
const gen = join(root, '../shared/bench/gen-corpus.mjs');

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '30' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    debounce: { type: 'string' },
    cache: { type: 'boolean', default: false },
    'two-folders': { type: 'boolean', default: false },
    bin: { type: 'string' },
  },
});
const docs = Number(args.docs);
const runs = Number(args.runs);
const WARMUP = 10;
if (args.bin) bin = args.bin;
if (!existsSync(bin)) {
  console.error('bench-lsp: dist/cli/sot.cjs is missing; run `npm run build` first');
  process.exit(2);
}

// ------------------------------------------------------------------ corpus

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'sot-bench-lsp-'));
const dir2 = args['two-folders'] ? `${dir}-2` : undefined;

async function generate(into, seed) {
  if (existsSync(join(into, '.sot'))) return;
  const g = spawn(process.execPath, [gen, '--out', into, '--docs', String(docs), '--seed', String(seed)], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise((r) => g.on('exit', r));
  if (code !== 0) process.exit(2);
}

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.md') ? [join(d, e.name)] : []));
}

/** Work items of a document: id, status, its Blocked by ids. */
function itemsOf(text) {
  return text.split(/^(?=## )/m).flatMap((section) => {
    const head = /^## (CTO-WORK-\d+) - /.exec(section);
    if (!head) return [];
    const status = /^Status: (\w+)\./m.exec(section)?.[1];
    const blocked = /^Blocked by:\n\n((?:- .*\n)+)/m.exec(section)?.[1] ?? '';
    return [{ id: head[1], status, blockers: [...blocked.matchAll(/CTO-WORK-\d+(?!\d)/g)].map((m) => m[0]) }];
  });
}

/** A folder's A (small, defines X validated) and B (another file: a validated item blocked by X). */
function pickIn(folder) {
  const files = walk(join(folder, '.sot')).sort();
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const defs = new Map();
  for (const f of files) for (const it of itemsOf(texts.get(f))) defs.set(it.id, { file: f, ...it });
  for (const f of files) {
    for (const it of itemsOf(texts.get(f))) {
      if (it.status !== 'validated') continue;
      for (const x of it.blockers) {
        const d = defs.get(x);
        if (d && d.file !== f && d.status === 'validated' && texts.get(d.file).length < 8000) return { files, id: x, a: d.file, b: f, textA: texts.get(d.file), textB: texts.get(f) };
      }
    }
  }
  console.error(`bench-lsp: no validated item blocked by a validated item of another file in ${folder}`);
  process.exit(2);
}

await generate(dir, 1);
if (dir2) await generate(dir2, 2);
const pick = pickIn(dir);
const pick2 = dir2 ? pickIn(dir2) : undefined;
const files = pick.files;

// ------------------------------------------------------------------ client

const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiters = [];
const serverLog = [];
let crossRuns = 0;
const crossWaiters = [];
let indexedResolve;
let indexed2Resolve;
let progressEnds = 0;
const indexed = new Promise((r) => (indexedResolve = r));
const indexed2 = new Promise((r) => (indexed2Resolve = r));
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const at = performance.now();
  for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].test(p)) waiters.splice(i, 1)[0].resolve({ at, p });
});
conn.onRequest('window/workDoneProgress/create', () => null);
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('$/progress', (p) => {
  if (p.value?.kind !== 'end') return;
  progressEnds++;
  if (progressEnds >= 1) indexedResolve();
  if (progressEnds >= 2) indexed2Resolve();
});
conn.onNotification('window/logMessage', (p) => {
  serverLog.push(p.message);
  if (/cross-file over/.test(p.message)) {
    crossRuns++;
    for (const w of crossWaiters.splice(0)) w();
  }
});
conn.listen();

const waitFor = (test, timeout = 60_000) =>
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
/** Resolves after the next cross-file run the server reports (or after 10 s). */
const nextCrossRun = () => Promise.race([new Promise((r) => crossWaiters.push(r)), sleep(10_000)]);
const t0 = performance.now();
await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }, ...(dir2 ? [{ uri: pathToFileURL(dir2).href, name: 'bench-2' }] : [])],
  capabilities: { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
  initializationOptions: { timing: true, cache: args.cache, ...(args.debounce ? { debounceMs: Number(args.debounce) } : {}) },
});
await conn.sendNotification('initialized', {});
await indexed;
if (dir2) await indexed2;
const indexMs = performance.now() - t0;

/** An open A (the document edited) and its B (the document whose cross-file findings follow). */
const opened = (p) => ({ id: p.id, uri: pathToFileURL(p.a).href, uriB: pathToFileURL(p.b).href, text: p.textA, version: 1 });
const A1 = opened(pick);
const A2 = pick2 ? opened(pick2) : undefined;
for (const [doc, p] of [[A1, pick], ...(A2 ? [[A2, pick2]] : [])]) {
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'markdown', version: 1, text: doc.text } });
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uriB, languageId: 'markdown', version: 1, text: p.textB } });
  await waitFor((x) => x.uri === doc.uriB);
}
await sleep(3000); // let the collector finish with what indexing left behind

/** Sends one incremental edit to `doc` (offsets into its current text); resolves with the send time. */
async function change(doc, start, end, newText) {
  doc.version++;
  const before = doc.text.slice(0, start).split('\n');
  const upTo = doc.text.slice(0, end).split('\n');
  const range = {
    start: { line: before.length - 1, character: before[before.length - 1].length },
    end: { line: upTo.length - 1, character: upTo[upTo.length - 1].length },
  };
  doc.text = doc.text.slice(0, start) + newText + doc.text.slice(end);
  const sent = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ range, text: newText }] });
  return sent;
}

/**
 * Runs `runs` samples (after warm-up) of an edit: `step(i)` names the document edited and makes
 * the edit; the sample is its own publish and, with `bTest`, its B's publish that passes it.
 */
async function measure(step, bTest, period = 2) {
  const own = [];
  const other = [];
  // Whole periods of the edit, so every document ends as it began (the next case starts from it).
  const total = Math.ceil((runs + WARMUP) / period) * period;
  for (let i = 0; i < total; i++) {
    const doc = step.doc(i);
    const v = doc.version + 1;
    const settled = nextCrossRun();
    const ownP = waitFor((p) => p.uri === doc.uri && p.version === v);
    const otherP = bTest ? waitFor((p) => p.uri === doc.uriB && bTest(i, p.diagnostics, doc)) : undefined;
    const sent = await step.edit(i, doc);
    const [{ at: ownAt }, otherR] = await Promise.all([ownP, otherP]);
    if (i >= WARMUP && own.length < runs) {
      own.push(ownAt - sent);
      if (otherR) other.push(otherR.at - sent);
    }
    await settled;
    await sleep(50);
  }
  return { own, other };
}

// (a) per-file: type a character into a bullet of A and delete it again.
const bullet = A1.text.indexOf('\n- ') + 3;
const a = await measure({ doc: () => A1, edit: (i, d) => (i % 2 === 0 ? change(d, bullet, bullet, 'x') : change(d, bullet, bullet + 1, '')) });

// (b1) status edit: X validated -> blocked -> validated; B gains / loses validated-with-open-blocker.
const statusAt = (d) => d.text.indexOf('Status: ', d.text.indexOf(`## ${d.id} - `)) + 'Status: '.length;
const flipStatus = (d, toBlocked) => (toBlocked ? change(d, statusAt(d), statusAt(d) + 'validated'.length, 'blocked') : change(d, statusAt(d), statusAt(d) + 'blocked'.length, 'validated'));
const blockerOpen = (ds, d) => ds.some((x) => x.code === 'validated-with-open-blocker' && x.message.includes(`\`${d.id}\``));
const b1 = await measure({ doc: () => A1, edit: (i, d) => flipStatus(d, i % 2 === 0) }, (i, ds, d) => blockerOpen(ds, d) === (i % 2 === 0));

// (b2) structural edit: rename X (append digits) and back; B's reference dangles / resolves.
const idEnd = A1.text.indexOf(`## ${A1.id} - `) + 3 + A1.id.length;
const dangling = (ds, d) => ds.some((x) => x.code === 'unknown-work-item' && x.message.includes(`\`${d.id}\``));
const b2 = await measure(
  { doc: () => A1, edit: (i, d) => (i % 2 === 0 ? change(d, idEnd, idEnd, '99999') : change(d, idEnd, idEnd + 5, '')) },
  (i, ds, d) => dangling(ds, d) === (i % 2 === 0),
);

// (c) two folders: the status edit of (b1), alternating between the folders' documents (each
// document's status flips on every other of its own edits).
const c = A2
  ? await measure(
      { doc: (i) => (i % 2 === 0 ? A1 : A2), edit: (i, d) => flipStatus(d, Math.floor(i / 2) % 2 === 0) },
      (i, ds, d) => blockerOpen(ds, d) === (Math.floor(i / 2) % 2 === 0),
      4,
    )
  : undefined;

await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
await new Promise((r) => child.on('exit', r));
if (!args.keep && !args.dir) for (const d of [dir, dir2]) if (d) rmSync(d, { recursive: true, force: true });

// ------------------------------------------------------------------ report

const stats = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
};
const fmt = (x) => `${x.toFixed(1).padStart(7)} ms`;
const row = (name, xs, target) => {
  if (!xs.length) return `${name.padEnd(50)} (no samples)`;
  const s = stats(xs);
  return `${name.padEnd(50)} median ${fmt(s.median)}  min ${fmt(s.min)}  max ${fmt(s.max)}${target ? `   target < ${target} ms: ${s.median < target ? 'met' : 'NOT met'}` : ''}`;
};
const fromLog = (re) => serverLog.flatMap((l) => {
  const m = re.exec(l);
  return m ? [m.slice(1).reduce((n, x) => n + Number(x), 0)] : [];
});
console.log(`\nsot lsp benchmark (${bin}): ${files.length} documents${dir2 ? ` in each of 2 workspace folders` : ''}; ${runs} measured changes per case after ${WARMUP} warm-up; node ${process.version}; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const cacheLine = serverLog.find((l) => /cache: \d+ of/.test(l));
console.log(`index built (initialize to the end of the indexing progress): ${(indexMs / 1000).toFixed(1)} s${cacheLine ? ` (${cacheLine.replace(/^sot: /, '').replace(/ from .*/, '')})` : ' (no cache)'}`);
console.log(`A: ${pick.a.slice(dir.length + 1)} defines ${pick.id}; B: ${pick.b.slice(dir.length + 1)} has a validated item blocked by it`);
console.log(row('(a)  didChange -> A publishDiagnostics (per-file)', a.own, 20));
console.log(row('(b1) status edit -> B publishDiagnostics (cross-file)', b1.other, 100));
console.log(row('     same edits, A per-file publish', b1.own));
console.log(row('(b2) id rename -> B publishDiagnostics (cross-file)', b2.other, 100));
console.log(row('     same edits, A per-file publish', b2.own));
if (c) console.log(row('(c)  status edits alternating between 2 folders -> B', c.other, 100));
console.log(row('server: per-file lint + publish (all edits)', fromLog(/per-file .*: ([\d.]+) ms$/)));
console.log(row('server: cross-file run (rules + finish, all edits)', fromLog(/cross-file over \d+ documents: rules ([\d.]+) ms, finish ([\d.]+) ms/)));
