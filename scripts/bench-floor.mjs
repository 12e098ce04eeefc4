#!/usr/bin/env node
// The parse floor of the benchmark: read every Markdown file under the given folders and parse it
// once with the stock packages sot-lint parses with (unified + remark-parse + remark-frontmatter +
// remark-gfm, unbundled and unpatched: GitHub Flavored Markdown with YAML frontmatter, as sot-lint
// parses), on one core, doing nothing else. Any remark-based linter of GFM pays at least this.
//
// Usage: node scripts/bench-floor.mjs DIR… [--no-gfm] [--read-only] [--events-only [--micromark-4.0.3]]
//   --no-gfm           CommonMark and frontmatter only (remark-gfm not used): what GFM costs
//   --read-only        read the files, parse nothing (the I/O floor)
//   --events-only      run only micromark's tokenizer (preprocess → parse → postprocess), no mdast
//   --micromark-4.0.3  with --events-only: use micromark 4.0.3 (devDependency alias) instead of the
//                      pinned 4.0.2, to show the quadratic container-exit regression on 1 MiB docs
// Prints one JSON line: {files, bytes, readMs, parseMs}.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontmatter } from 'micromark-extension-frontmatter';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const args = process.argv.slice(2);
const readOnly = args.includes('--read-only');
const eventsOnly = args.includes('--events-only');
const gfm = !args.includes('--no-gfm');
const micromarkPkg = args.includes('--micromark-4.0.3') ? 'micromark-4.0.3' : 'micromark';
const dirs = args.filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

const files = dirs.flatMap((d) => walk(d, [])).sort();
const t0 = performance.now();
const texts = files.map((f) => readFileSync(f, 'utf8'));
const t1 = performance.now();
const extensions = [frontmatter(['yaml'])];
const base = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
const processor = (gfm ? base.use(remarkGfm) : base).freeze();
let nodes = 0;
if (!readOnly && eventsOnly) {
  const { parse, postprocess, preprocess } = await import(micromarkPkg);
  for (const text of texts) {
    const events = postprocess(parse({ extensions }).document().write(preprocess()(text, undefined, true)));
    nodes += events.length;
  }
} else if (!readOnly) {
  for (const text of texts) {
    const tree = processor.parse(text);
    nodes += tree.children.length;
  }
}
const t2 = performance.now();
const version = eventsOnly ? JSON.parse(readFileSync(new URL(`../node_modules/${micromarkPkg}/package.json`, import.meta.url), 'utf8')).version : undefined;
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, readMs: +(t1 - t0).toFixed(1), parseMs: +(t2 - t1).toFixed(1), ...(version ? { micromark: version, events: nodes } : { gfm, topLevelNodes: nodes }) })}\n`);
