import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Cold start for the commands people run most (`sot lint` in a pre-commit hook, `sot gate stage2`
 * before every run): most of a cold single-file lint was Node compiling sot-lint's ~170 modules,
 * and Node 20 keeps no compile cache for ES modules. So the build (scripts/bundle-cli.mjs) also
 * writes each such command as one CommonJS bundle plus the V8 code cache of a training run, and
 * the launcher runs the bundle through `vm.Script` with that cache: V8 skips parsing and compiling
 * what the training run compiled. Same code as the ES modules (esbuild bundles the tsc output),
 * so the same behaviour; test/integrations/code-cache.test.ts compares the two.
 *
 * A cache V8 does not accept (another Node version, other V8 flags) is ignored by V8 and the
 * bundle compiles as usual; a bundle that is missing (a build without esbuild) falls back to the
 * ES modules. SOT_NO_CODE_CACHE=1 uses the ES modules, for comparisons and for bisecting.
 *
 * CommonJS itself, like the launcher (sot.cts) that requires it: Node starts a CommonJS entry
 * about 8 ms sooner than an ES module one, and `sot gate stage2` is start-up bound.
 */

export type CommandMain = (argv: string[]) => Promise<number>;

/** What the build writes, named here so the build script and the launcher agree. */
function bundlePaths(command: string, buildId?: string): { bundle: string; cache: string | undefined } {
  const bundle = join(__dirname, 'bundled', `${command}.cjs`);
  return { bundle, cache: buildId ? `${bundle}.${buildId}.v8cache` : undefined };
}

/** The first line of every bundle: `// sot-bundle <id>`, the id a hash of the bundle's code. */
const BUILD_ID_LINE = /^\/\/ sot-bundle ([0-9a-f]{16})\n/;

export type CacheUse = 'none' | 'accepted' | 'rejected';

export interface LoadedBundle {
  main: CommandMain;
  cacheUse: CacheUse;
  /** The V8 code cache of everything compiled so far (the build calls it after a training run). */
  createCachedData: () => Buffer;
  cacheFile: string;
}

/**
 * The bundled command, or undefined when this build has none for it. The code cache file's name
 * holds the bundle's id, so a rebuilt bundle never meets a cache made for another one (V8 itself
 * only checks the source's length).
 */
export function loadBundledCommand(command: string, exportName: string): LoadedBundle | undefined {
  if (process.env.SOT_NO_CODE_CACHE === '1') return undefined;
  const { bundle } = bundlePaths(command);
  const built = statSync(bundle, { throwIfNoEntry: false });
  if (!built) return undefined;
  // A tsc build after the bundle (a developer's `tsc`, `tsc -w`) rewrote the command's module: the
  // bundle would run the old code, so the ES modules run until `npm run build` bundles again.
  const entry = statSync(join(__dirname, `${command}-command.js`), { throwIfNoEntry: false });
  if (entry && entry.mtimeMs > built.mtimeMs) {
    if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${command} bundle is older than ${command}-command.js; running the ES modules (npm run build bundles again)\n`);
    return undefined;
  }
  const source = readFileSync(bundle, 'utf8');
  const id = BUILD_ID_LINE.exec(source)?.[1];
  if (!id) throw new Error(`${bundle} has no build id line: rebuild sot-lint (npm run build)`);
  const cacheFile = bundlePaths(command, id).cache!;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // built without a training run: compiles as usual
  }
  // The CommonJS wrapper, as Node's own loader adds it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const main = module.exports[exportName];
  if (typeof main !== 'function') throw new Error(`${bundle} does not export ${exportName}: rebuild sot-lint (npm run build)`);
  const cacheUse: CacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${command} bundle, code cache ${cacheUse}\n`);
  return { main: main as CommandMain, cacheUse, createCachedData: () => script.createCachedData(), cacheFile };
}

/** Writes the code cache of a bundle that has just run (the build's training step). */
export function writeCodeCache(loaded: LoadedBundle): number {
  const data = loaded.createCachedData();
  writeFileSync(loaded.cacheFile, data);
  return data.length;
}
