#!/usr/bin/env node
// The parser sot-lint ships (unified + remark-parse + remark-frontmatter + remark-gfm, bundled with
// the patches of scripts/vendor-patches.mjs) against the same packages bundled the same way with
// one patch or none, and against the same processor without remark-gfm, on the same documents.
// Checks that every patched bundle gives the stock bundle's trees; then each variant parses the
// documents in a process of its own (once to warm up, then measured: CPU time, user + system),
// the variants in a new order each round. Prints the medians: what GFM costs, what each patch saves.
// (In one process, bundles loaded after the first two measured up to 1.7x slower whatever they
// held: each variant gets a fresh process.)
//
//   node scripts/bench-parser-patch.mjs [DIR (default bench/.corpus/c1000)] [--rounds N (default 4)]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { patches, vendorPatchPlugin } from './vendor-patches.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '4' }, child: { type: 'string' }, gfm: { type: 'boolean', default: false } } });
const dir = positionals[0] ?? join(root, 'bench/.corpus/c1000');

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
const texts = files.sort().map((f) => readFileSync(f, 'utf8'));

const processor = (m, gfm) => {
  const p = m.unified().use(m.remarkParse).use(m.remarkFrontmatter, ['yaml']);
  return (gfm ? p.use(m.remarkGfm) : p).freeze();
};
/** CPU time (user + system) of parsing every text once, in ms: less disturbed by other load than wall time. */
const time = (p) => {
  const t0 = process.cpuUsage();
  for (const t of texts) p.parse(t);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

if (values.child) {
  // One variant in this process: a warm-up pass, then the measured one.
  const p = processor(await import(pathToFileURL(values.child).href), values.gfm);
  time(p);
  process.stdout.write(`${time(p)}\n`);
  process.exit(0);
}

const esbuild = await import('esbuild');
const tmp = mkdtempSync(join(tmpdir(), 'sot-parser-bench-'));
/** The vendor module bundled with the patches named (the build's bundle when every patch is named). */
async function bundle(name, names) {
  const outfile = join(tmp, `${name}.mjs`);
  await esbuild.build({ entryPoints: [join(root, 'src/vendor/markdown.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', plugins: [vendorPatchPlugin(names)] });
  return outfile;
}
const all = patches.map((p) => p.name);
const bundles = { stock: await bundle('stock', []), patched: await bundle('patched', all) };
for (const p of all) bundles[p] = await bundle(p, [p]);

const variants = {
  'CommonMark, stock': [bundles.stock, false],
  'CommonMark, every patch': [bundles.patched, false],
  'GFM, stock': [bundles.stock, true],
  ...Object.fromEntries(all.map((p) => [`GFM, only ${p}`, [bundles[p], true]])),
  'GFM, every patch (the build)': [bundles.patched, true],
};

let differing = 0;
for (const [name, [file, gfm]] of Object.entries(variants)) {
  if (file === bundles.stock) continue;
  const stock = processor(await import(pathToFileURL(bundles.stock).href), gfm);
  const p = processor(await import(pathToFileURL(file).href), gfm);
  const n = texts.filter((t) => JSON.stringify(stock.parse(t)) !== JSON.stringify(p.parse(t))).length;
  if (n) console.log(`${name}: ${n} trees differ from the stock bundle's`);
  differing += n;
}
console.log(`${texts.length} documents from ${dir}; trees differing from the stock bundle's: ${differing}`);

const names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, []]));
const rounds = Number(values.rounds);
const self = fileURLToPath(import.meta.url);
for (let r = 0; r < rounds; r++) {
  // A new order each round (rotated), so load changes hit every variant alike.
  const order = names.map((_, i) => names[(i + r) % names.length]);
  const row = [];
  for (const n of order) {
    const [file, gfm] = variants[n];
    const ms = Number(execFileSync(process.execPath, [self, dir, '--child', file, ...(gfm ? ['--gfm'] : [])], { encoding: 'utf8' }).trim());
    times[n].push(ms);
    row.push(`${n} ${ms.toFixed(0)}`);
  }
  console.log(`round ${r + 1} (CPU ms): ${row.join(', ')}`);
}
rmSync(tmp, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log('\nmedian CPU ms over the rounds:');
for (const n of names) console.log(`  ${n.padEnd(40)} ${median(times[n]).toFixed(0).padStart(7)}  (${times[n].map((t) => t.toFixed(0)).join(', ')})`);
const m = (n) => median(times[n]);
console.log(`GFM / CommonMark, both stock: ${(m('GFM, stock') / m('CommonMark, stock')).toFixed(2)}x; both with every patch: ${(m('GFM, every patch (the build)') / m('CommonMark, every patch')).toFixed(2)}x`);
for (const p of all) console.log(`GFM, only ${p} / GFM stock: ${(m(`GFM, only ${p}`) / m('GFM, stock')).toFixed(2)}x`);
console.log(`GFM, every patch / GFM stock: ${(m('GFM, every patch (the build)') / m('GFM, stock')).toFixed(2)}x`);
if (differing) process.exitCode = 1;
