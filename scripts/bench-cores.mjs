#!/usr/bin/env node
// Do the machine's cores scale? Runs the parse floor (scripts/bench-floor.mjs) on a folder alone,
// then two copies at once, and prints the wall times: on a machine whose two cores scale, the two
// concurrent runs take about as long as the single one.
//   node scripts/bench-cores.mjs [DIR]   (default: bench/.corpus/c1000/.sot, made by npm run bench)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = process.argv[2] ?? join(root, 'bench/.corpus/c1000/.sot');
if (!existsSync(dir)) {
  process.stderr.write(`bench-cores: ${dir} does not exist; run npm run bench first or name a folder of Markdown files\n`);
  process.exit(2);
}
const floor = join(root, 'scripts/bench-floor.mjs');
const run = () =>
  new Promise((resolve) => {
    const t = performance.now();
    spawn(process.execPath, [floor, dir], { stdio: 'ignore' }).on('exit', () => resolve(performance.now() - t));
  });
const alone = await run();
const [a, b] = await Promise.all([run(), run()]);
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`parse floor on ${dir}: alone ${s(alone)}; two at once ${s(a)} and ${s(b)} (${(Math.max(a, b) / alone).toFixed(2)}× the single run)`);
