import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesNamedByConfig, type SotConfig } from '../config/config.js';
import { knownValuesFor, policyFor } from '../leaks/redact.js';
import { rulesDir, schemasDir, toolVersion } from '../paths.js';

/** The cache's key: what an analysis depends on besides a file's own bytes and path. */

/** Bumped when the cache file's layout or the meaning of an entry changes. */
export const CACHE_FORMAT = 11;

/**
 * Git's blob hash of some bytes (`git hash-object`): the cache key of a file's content. The index
 * already holds it for every staged file, so `--staged` looks files up without reading them.
 */
export function blobHash(bytes: Uint8Array, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Where the cache lives by default: beside other tools' caches when there is a node_modules. */
export function defaultCacheLocation(root: string): string {
  return existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'sot-lint') : join(root, '.sot-cache');
}

/**
 * Everything an analysis depends on besides the file's own bytes and path: the tool (version and
 * build), the effective config, "today" (date rules), the data the rules read (`rules/`,
 * `schemas/`) and the content of every file the config names (`filesNamedByConfig`: a custom
 * frontmatter schema, a leak-patterns file, …). Any change gives a new key, and an entry made
 * under another key is never used.
 */
export function cacheKey(config: SotConfig, today: string, dataDirs: readonly string[] = [rulesDir, schemasDir]): string {
  const h = createHash('sha256');
  // Which knownEnv variables are searched for in this run (set, and not a status word): a document
  // analysed without a value is not reused when it is searched for. Names only: a hash of the
  // values here would let anyone who can read the cache folder test guesses of them offline. A
  // value that changes while set is seen again at the latest the next day (`today` is in the key).
  const searched = knownValuesFor(config, policyFor(config)).map((v) => v.name);
  h.update(JSON.stringify({ format: CACHE_FORMAT, version: toolVersion(), today, config, searched }));
  h.update(buildId());
  for (const dir of dataDirs) digestDir(h, dir);
  for (const file of filesNamedByConfig(config)) {
    h.update(`${file}\0`);
    try {
      h.update(readFileSync(file));
    } catch {
      h.update('\0unreadable');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * In a command bundle (scripts/bundle-cli.mjs): `digestCode` of the compiled modules the bundle
 * was made from, computed by the build. In the ES modules: not defined.
 */
declare const __SOT_BUNDLE_ID__: string | undefined;

let stamp: string | undefined;
/**
 * The identity of the running code, so a rebuilt tool with other code never reuses an entry. In
 * a command bundle (how `sot lint` runs after `npm run build`) it is known for free: the build
 * wrote it in. In the ES modules (the editor's server, SOT_NO_BUNDLE=1, a build without esbuild)
 * it is computed once per process, the same way, so the editor and the command line share one
 * cache after a build. Either way it is the code that actually runs: a `tsc` build after the
 * bundle changes the modules' digest, not the bundle's id.
 */
export function buildId(): string {
  stamp ??= typeof __SOT_BUNDLE_ID__ === 'string' ? __SOT_BUNDLE_ID__ : digestCode(fileURLToPath(new URL('../', import.meta.url)));
  return stamp;
}

/** A digest of every compiled module of `root` (dist/), by path and content; the command bundles (made from them) are not read. */
export function digestCode(root: string): string {
  const h = createHash('sha256');
  const bundles = join(root, 'cli', 'bundled');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== bundles) walk(p);
      }
      else if (/\.(c?js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) h.update(`${relative(root, p).split('\\').join('/')}\0`).update(readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex');
}

function digestDir(h: ReturnType<typeof createHash>, dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) digestDir(h, p);
    else {
      h.update(`${e.name}\0`);
      h.update(readFileSync(p));
    }
  }
}
