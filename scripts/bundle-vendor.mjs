#!/usr/bin/env node
// Build step after tsc: replaces dist/vendor/*.js (re-exports of third-party packages, see
// src/vendor/markdown.ts) with single-file bundles made by esbuild from the same sources
// (src/vendor, so running it twice gives the same files), so a cold start loads three files
// instead of the packages' many small modules. Only third-party code is bundled: sot-lint's own
// modules stay as tsc wrote them (paths, workers and the library API are unchanged).
// Without esbuild (an install that skipped devDependencies) the tsc output is kept: slower to
// start, same behaviour.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
// Patches applied to third-party sources as they are bundled, each checked to apply exactly as
// written (a dependency update that moves the code fails the build here, not silently slower).
// test/vendor-patch.test.ts checks that the patched parser gives the same trees.
const patches = [
  {
    // mdast-util-from-markdown's compiler made a fresh copy of its context object (a spread) for
    // every micromark event, only to attach that event's sliceSerialize: about a third of the
    // whole parse on the generated corpus, in allocation and garbage collection. Handlers use
    // `this` during their call only, so one context whose sliceSerialize is set before each call
    // gives the same tree.
    file: /[\\/]mdast-util-from-markdown[\\/]lib[\\/]index\.js$/,
    edits: [
      {
        find: /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g,
        replace: 'withSlice(events[index][2].sliceSerialize)',
        count: 3,
      },
      {
        find: /(\n(\s*)const listStack = \[\];)/g,
        replace: '$1\n$2const shared = { ...context, sliceSerialize: undefined };\n$2const withSlice = (sliceSerialize) => ((shared.sliceSerialize = sliceSerialize), shared);',
        count: 1,
      },
    ],
  },
];

const patchPlugin = {
  name: 'sot-vendor-patches',
  setup(build) {
    for (const patch of patches) {
      build.onLoad({ filter: patch.file }, (args) => {
        let code = readFileSync(args.path, 'utf8');
        for (const edit of patch.edits) {
          const found = code.match(edit.find)?.length ?? 0;
          if (found !== edit.count) throw new Error(`bundle-vendor: patch for ${args.path} expected ${edit.count} match(es) of ${edit.find}, found ${found}: the package changed; update or drop the patch`);
          code = code.replace(edit.find, edit.replace);
        }
        return { contents: code, loader: 'js' };
      });
    }
  },
};

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
