#!/usr/bin/env node
// Leak-scanning throughput on a generated corpus, in process, for one build; run it for two
// builds in alternation to compare them (the same machine, the same corpus, turns interleaved):
//
//   node ../shared/bench/gen-corpus.mjs --out /tmp/corpus --docs 2000 --big 2 --force
//   npm run build && cp -r dist /tmp/new-dist      # and an older build's dist in /tmp/old-dist
//   for i in 1 2 3 4 5; do for d in /tmp/old-dist /tmp/new-dist; do
//     node scripts/bench-leaks.mjs --corpus /tmp/corpus --dist $d; done; done
//
// Three paths, each timed over every document (best CPU of --runs, parse excluded): the document
// scan of `no-endpoint-leak` (findDocumentLeaks, with the visible-text pass), the plain detector
// on the raw text (what `sot scan` runs on a log), and the streaming scanner over the bytes.
// A build's dist must sit beside its rules/ and schemas/ (the package layout) to load its policy.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, dist: { type: 'string', default: new URL('../dist/', import.meta.url).pathname }, runs: { type: 'string', default: '3' } } });
if (!values.corpus) {
  process.stderr.write('usage: node scripts/bench-leaks.mjs --corpus DIR [--dist DIR] [--runs N]\n');
  process.exit(2);
}
const dist = pathToFileURL(`${resolve(values.dist)}/`);
const load = (p) => import(new URL(p, dist).href);
const { detectLeaks } = await load('leaks/detect.js');
const { leakPolicy } = await load('leaks/policy.js');
const { findDocumentLeaks } = await load('leaks/markdown.js');
const { scanStream } = await load('leaks/stream.js');
const { buildDocument } = await load('model/build.js');
// Builds before the parse step read the frontmatter (parse/document.js) took the tree alone.
const { parseMarkdown } = await load('parse/markdown.js');
const parseDocument = await load('parse/document.js').then((m) => m.parseDocument, () => undefined);
const { buildModelOptions } = await load('model/options.js');

const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
});
const files = walk(values.corpus).sort();
const policy = leakPolicy();
// Builds before the project's facts moved into its config took the id pattern; later ones a config.
const { defaultConfig } = await load('config/config.js');
const options = /^function buildModelOptions\(workItemIdPattern\b/.test(buildModelOptions.toString()) ? buildModelOptions('CTO-WORK-[0-9]{3,}') : buildModelOptions(defaultConfig(process.cwd()));
const docs = files.map((f) => {
  const bytes = readFileSync(f);
  const text = bytes.toString('utf8');
  if (!parseDocument) {
    const tree = parseMarkdown(text);
    return { bytes, text, tree, doc: buildDocument(f, text, tree, options) };
  }
  const parsed = parseDocument(text);
  return { bytes, text, tree: parsed.tree, doc: buildDocument(f, text, parsed, options) };
});
const mb = docs.reduce((n, d) => n + d.bytes.length, 0) / 1e6;

async function best(fn) {
  let cpu = Infinity;
  let count = 0;
  for (let r = 0; r < Number(values.runs); r++) {
    const c0 = process.cpuUsage();
    count = await fn();
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { cpu, count };
}

// A fresh document object each time: the document scan is remembered per document.
const documentScan = await best(() => docs.reduce((n, d) => n + findDocumentLeaks({ ...d.doc }, d.tree, policy).length, 0));
const plain = await best(() => docs.reduce((n, d) => n + detectLeaks(d.text, { policy }).length, 0));
const stream = await best(async () => {
  let n = 0;
  for (const d of docs) n += (await scanStream(Readable.from([d.bytes]), { policy })).findings.length;
  return n;
});
const row = (name, r) => `${name.padEnd(14)} ${r.cpu.toFixed(0).padStart(6)} ms CPU  ${(mb / (r.cpu / 1000)).toFixed(1).padStart(6)} MB/s  ${String(r.count).padStart(4)} findings`;
process.stdout.write(`${values.dist}: ${files.length} documents, ${mb.toFixed(1)} MB, best of ${values.runs}\n${row('document scan', documentScan)}\n${row('detector', plain)}\n${row('stream', stream)}\n`);
