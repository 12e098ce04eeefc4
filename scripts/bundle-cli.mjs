#!/usr/bin/env node
// Build step after tsc and bundle-vendor: writes the commands people start most often (lint, gate,
// scan) as one CommonJS bundle each in dist/cli/bundled/, which the launcher (src/cli/sot.cts)
// requires: a cold `sot lint FILE` or `sot gate stage2` reads and compiles one file instead of
// ~170 ES modules. The bundles are made from the tsc output, so they are the same code; without
// esbuild (devDependencies skipped) no bundle is written and the ES modules run, slower to start,
// same behaviour.
//
// Each bundle carries the identity of the code it was made from: `__SOT_BUNDLE_ID__`
// (src/cache/cache.ts `buildId`) is the digest of the compiled modules, taken here once, so the
// lint cache keys its entries by it without reading dist/ on every run (the ES modules compute
// the same digest when they run, so the editor's server and `sot lint` share a cache).
//
// The V8 code cache this step used to train and save beside each bundle (and the launcher that
// ran bundles through vm.Script with it) is gone: measured side by side it saved nothing a
// cold start could see (see the commit that removed it).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outDir = join(dist, 'cli', 'bundled');

/** The commands that get a bundle: `dist/cli/<name>-command.js`, exporting `<exportName>`. */
const COMMANDS = [
  { name: 'lint', exportName: 'lintCommand' },
  { name: 'gate', exportName: 'gateCommand' },
  { name: 'scan', exportName: 'scanCommand' },
];


await build();

async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('bundle-cli: esbuild is not installed; no command bundles (cold starts are slower)\n');
    return;
  }
  rmSync(outDir, { recursive: true, force: true });
  const { digestCode } = await import(pathToFileURL(join(dist, 'cache', 'cache.js')).href);
  const codeId = digestCode(dist);
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
      // import() of Node's own modules and of our modules becomes require(): one file, loaded at once.
      supported: { 'dynamic-import': false },
      legalComments: 'inline',
      plugins: [moduleUrls(outDir)],
      define: { __SOT_BUNDLE_ID__: JSON.stringify(codeId) },
      banner: { js: 'var __sotModuleUrl = (rel) => require("node:url").pathToFileURL(require("node:path").join(__dirname, rel)).href;' },
      logLevel: 'warning',
    });
    const code = result.outputFiles[0].text;
    // The lint bundle holds the cache, which reads the id; a bundle without the cache needs none.
    if (c.name === 'lint' && !code.includes(codeId)) throw new Error('bundle-cli: the lint bundle does not hold the code id (src/cache/cache.ts `__SOT_BUNDLE_ID__`)');
    writeFileSync(outfile, code);
    process.stdout.write(`bundle-cli: ${c.name}: ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB bundle\n`);
  }
}

/**
 * tsc's modules find their data through `import.meta.url` (rules/, schemas/, the worker script,
 * the generated data module dist/data/package-data.cjs), which a CommonJS bundle does not have:
 * each use becomes the URL the module had in dist/, computed from the bundle's own location at run
 * time. The generated module is required through createRequire at that URL, so it is not bundled:
 * every command and the ES modules read the one file the build wrote.
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
