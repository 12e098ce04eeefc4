#!/usr/bin/env node
// Build step after tsc: replaces dist/vendor/*.js (re-exports of third-party packages, see
// src/vendor/markdown.ts) with single-file bundles made by esbuild from the same sources
// (src/vendor, so running it twice gives the same files), so a cold start loads three files
// instead of the packages' many small modules. Only third-party code is bundled: sot-lint's own
// modules stay as tsc wrote them (paths, workers and the library API are unchanged).
// Without esbuild (an install that skipped devDependencies) the tsc output is kept: slower to
// start, same behaviour.
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vendorPatchPlugin } from './vendor-patches.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vendor = join(root, 'dist', 'vendor');
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('bundle-vendor: esbuild is not installed; dist/vendor stays unbundled (cold starts are slower)\n');
  process.exit(0);
}

// Bundled CommonJS inside an ES module (fast-glob) calls require() for Node's own modules.
const esmRequire = "import { createRequire as __sotCreateRequire } from 'node:module'; const require = __sotCreateRequire(import.meta.url);";
// The measured performance patches (scripts/vendor-patches.mjs), applied to the parser packages
// as they are bundled; test/vendor-patch.test.ts checks the patched parser gives the same trees.
const patchPlugin = vendorPatchPlugin();

const bundles = [
  { source: 'markdown.ts', file: 'markdown.js', format: 'esm' },
  { source: 'globby.ts', file: 'globby.js', format: 'esm', banner: esmRequire },
  { source: 'yaml.cts', file: 'yaml.cjs', format: 'cjs' },
];
for (const b of bundles) {
  const file = join(vendor, b.file);
  if (!existsSync(file)) {
    process.stderr.write(`bundle-vendor: ${file} is missing; run tsc first\n`);
    process.exit(1);
  }
  await esbuild.build({
    entryPoints: [join(root, 'src', 'vendor', b.source)],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: b.format,
    banner: b.banner ? { js: b.banner } : undefined,
    legalComments: 'inline',
    plugins: [patchPlugin],
    logLevel: 'warning',
  });
  rmSync(`${file}.map`, { force: true }); // tsc's map describes the re-export, not the bundle
}
