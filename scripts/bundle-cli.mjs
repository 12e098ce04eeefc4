#!/usr/bin/env node
// Build step after tsc and bundle-vendor: writes the commands people start most often (lint, gate,
// scan) as one CommonJS bundle each in dist/cli/bundled/, then runs each bundle on a small
// training workspace and saves V8's code cache of that run beside it. The launcher
// (src/cli/code-cache.cts) runs the bundle with the cache, so a cold `sot lint FILE` or
// `sot gate stage2` skips compiling sot-lint's modules. The bundles are made from the tsc output,
// so they are the same code; without esbuild (devDependencies skipped) no bundle is written and
// the ES modules run, slower to start, same behaviour.
//
//   node scripts/bundle-cli.mjs             bundle and train every command below
//   node scripts/bundle-cli.mjs --train X   (internal) train command X's bundle in this process
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outDir = join(dist, 'cli', 'bundled');

/**
 * The commands that get a bundle, and the training run whose compiled code the cache keeps: the
 * paths a cold start takes (every rule over a few documents, the gate's evaluation). The training
 * documents are written here and hold no endpoint or secret: the cache is code, but nothing a
 * user would not want on disk goes near it.
 */
const COMMANDS = [
  // Three runs: no cache, then --cache cold and warm (the pre-commit hook's usual path is warm).
  { name: 'lint', exportName: 'lintCommand', runs: (ws) => [['--today', '2026-01-15', '--format', 'json'], ...[1, 2].map(() => ['--today', '2026-01-15', '--format', 'json', '--cache', '--cache-location', join(ws, 'cache')])] },
  { name: 'gate', exportName: 'gateCommand', runs: (ws) => [['stage2', '--backend-dir', join(ws, 'backend'), '--format', 'json']], env: (ws) => ({ CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: join(ws, 'admission.json'), CTO_HARNESS_CASE_MODEL_PROVIDER: 'qwen-local', CTO_HARNESS_CASE_MODEL: 'qwen3.6-35b-a3b', CTO_HARNESS_CASE_LOCAL_BASE_URL: '' }) },
  { name: 'scan', exportName: 'scanCommand', runs: () => [['--format', 'json', '.sot']] },
];

const TRAINING_DOCS = {
  '.sot/PLAN-PRD.md': `---\ntitle: Plan\nstatus: active\nowner: planning\nupdated: 2026-01-10\n---\n\n# Plan\n\n## Goals\n\n- Ship the planner.\n- Keep the runbook current.\n\n## Work items\n\nSee TRAIN-ISSUES.md for CTO-WORK-90001 and CTO-WORK-90002.\n`,
  '.sot/TRAIN-ISSUES.md': `---\ntitle: Train issues\nstatus: active\nowner: planning\nupdated: 2026-01-10\n---\n\n# Train issues\n\n## CTO-WORK-90001: Write the planner\n\nStatus: in progress\nBlocked by: CTO-WORK-90002\n\n### Acceptance\n\n- [ ] The planner runs.\n\n### Evidence\n\n- Validated on 2026-01-09 with the unit tests.\n\n## CTO-WORK-90002: Review the planner\n\nStatus: open\nBlocked by: CTO-WORK-90001, CTO-WORK-90003\n\n- **Status:** validated\n- Depends on CTO-WORK-90004.\n`,
};

if (process.argv[2] === '--train') {
  await train(process.argv[3]);
} else {
  await build();
}

async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('bundle-cli: esbuild is not installed; no command bundles (cold starts are slower)\n');
    return;
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const c of COMMANDS) {
    const outfile = join(outDir, `${c.name}.cjs`);
    const result = await esbuild.build({
      entryPoints: [join(dist, 'cli', `${c.name}-command.js`)],
      bundle: true,
      write: false,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // import() of Node's own modules becomes require(): vm.Script has no ES module loader.
      supported: { 'dynamic-import': false },
      legalComments: 'inline',
      plugins: [moduleUrls(outDir)],
      banner: { js: 'var __sotModuleUrl = (rel) => require("node:url").pathToFileURL(require("node:path").join(__dirname, rel)).href;' },
      logLevel: 'warning',
    });
    const code = result.outputFiles[0].text;
    const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
    writeFileSync(outfile, `// sot-bundle ${id}\n${code}`);
    const trained = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--train', c.name], { encoding: 'utf8' });
    if (trained.status !== 0) {
      // Not fatal (an install must not fail here): without its bundle the command runs from the ES modules.
      process.stderr.write(`bundle-cli: training the ${c.name} bundle failed, so \`sot ${c.name}\` will run from the ES modules (slower to start):\n${trained.stderr}${trained.stdout}`);
      for (const f of readdirSync(outDir)) if (f.startsWith(`${c.name}.cjs`)) rmSync(join(outDir, f));
      continue;
    }
    process.stdout.write(trained.stdout);
  }
}

/**
 * tsc's modules find their data through `import.meta.url` (rules/, schemas/, the worker script,
 * the compiled gate rules), which a CommonJS bundle does not have: each use becomes the URL the
 * module had in dist/, computed from the bundle's own location at run time.
 */
function moduleUrls(bundleDir) {
  return {
    name: 'sot-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(dist)) return undefined;
        const code = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `__sotModuleUrl(${JSON.stringify(relative(bundleDir, args.path))})`);
        return { contents: code, loader: 'js' };
      });
    },
  };
}

async function train(name) {
  const c = COMMANDS.find((x) => x.name === name);
  const { loadBundledCommand, writeCodeCache } = await import(pathToFileURL(join(dist, 'cli', 'code-cache.cjs')).href);
  const ws = mkdtempSync(join(tmpdir(), 'sot-train-'));
  try {
    for (const [file, text] of Object.entries(TRAINING_DOCS)) {
      mkdirSync(dirname(join(ws, file)), { recursive: true });
      writeFileSync(join(ws, file), text);
    }
    mkdirSync(join(ws, 'backend'));
    writeFileSync(join(ws, 'admission.json'), JSON.stringify({ decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] }));
    Object.assign(process.env, c.env?.(ws) ?? {});
    process.chdir(ws);
    const loaded = loadBundledCommand(c.name, c.exportName);
    if (!loaded) throw new Error(`no bundle for ${c.name}`);
    const write = process.stdout.write;
    process.stdout.write = () => true; // the training run's report is not the build's output
    try {
      for (const args of c.runs(ws)) {
        const code = await loaded.main(args);
        if (code !== 0 && code !== 1) throw new Error(`training run of ${c.name} ${args.join(' ')} exited ${code}`);
      }
    } finally {
      process.stdout.write = write;
    }
    const bytes = writeCodeCache(loaded);
    process.stdout.write(`bundle-cli: ${c.name}: ${(readFileSync(join(outDir, `${c.name}.cjs`)).length / 1024).toFixed(0)} KiB bundle, ${(bytes / 1024).toFixed(0)} KiB code cache\n`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
