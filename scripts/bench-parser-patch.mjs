#!/usr/bin/env node
// The bundled, patched parser (dist/vendor/markdown.js, see scripts/bundle-vendor.mjs) against the
// same packages bundled the same way without the patch (built here into a temporary file), on the
// same documents in the same process, alternating: checks the trees are identical, then prints the
// parse time of each per round. Only the patch differs between the two.
//
//   node scripts/bench-parser-patch.mjs [DIR (default bench/.corpus/c1000)] [--rounds N (default 4)]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '4' } } });
const dir = positionals[0] ?? join(root, 'bench/.corpus/c1000');
const bundled = await import(join(root, 'dist/vendor/markdown.js'));
const tmp = mkdtempSync(join(tmpdir(), 'sot-parser-bench-'));
const unpatchedFile = join(tmp, 'markdown.mjs');
await esbuild.build({ entryPoints: [join(root, 'src/vendor/markdown.ts')], outfile: unpatchedFile, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' });
const unpatched = await import(pathToFileURL(unpatchedFile).href);
rmSync(tmp, { recursive: true, force: true });

const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.md')) files.push(p);
  }
};
walk(dir);
if (!files.length) throw new Error(`no .md files under ${dir} (npm run bench generates bench/.corpus)`);
const texts = files.map((f) => readFileSync(f, 'utf8'));
const parser = (m) => (t) => m.fromMarkdown(t, { extensions: [m.frontmatter(['yaml'])], mdastExtensions: [m.frontmatterFromMarkdown(['yaml'])] });
const stock = parser(unpatched);
const patched = parser(bundled);

const differing = texts.filter((t) => JSON.stringify(stock(t)) !== JSON.stringify(patched(t))).length;
console.log(`${texts.length} documents from ${dir}; trees differing: ${differing}`);
const time = (parse) => {
  const t0 = performance.now();
  for (const t of texts) parse(t);
  return performance.now() - t0;
};
for (let r = 0; r < Number(values.rounds); r++) {
  // Alternate which goes first, so JIT warm-up and load changes hit both alike.
  let stockMs, patchedMs;
  if (r % 2) {
    patchedMs = time(patched);
    stockMs = time(stock);
  } else {
    stockMs = time(stock);
    patchedMs = time(patched);
  }
  console.log(`round ${r + 1}: unpatched bundle ${stockMs.toFixed(0)} ms, patched bundle ${patchedMs.toFixed(0)} ms`);
}
if (differing) process.exitCode = 1;
