/**
 * The one start-up mechanism: dist/data/package-data.cjs, the module `npm run build` generates
 * (src/data/build-data.ts) with the package's rules files already parsed and validated, and
 * standalone (precompiled) ajv validators for the schemas checked at run time (a document's
 * frontmatter, the config file, the admission JSON, the harness report). `sot lint` and
 * `sot gate stage2` start from it without parsing YAML or compiling a schema.
 *
 * It is authoritative for the package's own data: rules/ and schemas/ are conventions shipped with
 * the build, validated by the build (a broken one fails `npm run build`), and not read or hashed
 * again at run time. A project's own files (its config, a schema or patterns file it names) are
 * not in it and are validated at run time as always. Without the module (a `tsc`-only build, tests
 * on the TypeScript sources, or SOT_NO_SNAPSHOT=1, which ignores it) the loaders parse and
 * validate the files themselves: the same data and the same errors, more slowly.
 *
 * This module imports nothing but Node and src/paths.ts: the gate's fast path imports it.
 */
import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';
import { packageRoot } from '../paths.js';

/** Beside this module in dist/data/ (found from a command bundle too: see scripts/bundle-cli.mjs). */
export const GENERATED_FILE = 'package-data.cjs';
export const GENERATED_FORMAT = 2;

/** What package-data.cjs exports. */
export interface GeneratedModule {
  format: number;
  /** `<package-relative rules file>\0<schema file>` → the validated data as JSON text (parsed on use). */
  data: Record<string, string>;
  /** The schemas that have a standalone validator (`frontmatter.schema.json`, …). */
  validatorNames: string[];
  /** The standalone validator of a schema, made on first use; undefined for any other schema. */
  validator(schemaName: string): unknown;
}

let loaded: GeneratedModule | null | undefined;
let recording: Map<string, unknown> | undefined;

function generated(): GeneratedModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (recording || process.env.SOT_NO_SNAPSHOT) return loaded;
  try {
    // A computed require through createRequire: the command bundles leave it as it is, so the
    // module is read from dist/data/ at run time (it is not part of any bundle).
    const require = createRequire(import.meta.url);
    const m = require(`./${GENERATED_FILE}`) as Partial<GeneratedModule> | undefined;
    if (m?.format === GENERATED_FORMAT && m.data && typeof m.validator === 'function') loaded = m as GeneratedModule;
    else if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${GENERATED_FILE} not used: format ${String(m?.format)}, want ${GENERATED_FORMAT}: rebuild sot-lint (npm run build)\n`);
  } catch (e) {
    // Not generated (a tsc-only build, the TypeScript sources), or damaged: the loaders read the files.
    if (process.env.SOT_DEBUG === '1' && (e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') process.stderr.write(`sot: ${GENERATED_FILE} not used: ${(e as Error).message.split('\n')[0]}\n`);
  }
  return loaded;
}

/** Package-relative `/` path of a file inside the package, else undefined (a project's own file). */
function packagePath(path: string): string | undefined {
  const rel = relative(packageRoot, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function keyOf(path: string, schemaName: string): string | undefined {
  const file = packagePath(path);
  return file ? `${file}\0${schemaName}` : undefined;
}

/**
 * The validated data of a package rules file (absolute path) from the generated module, a new
 * object on every call; undefined when there is no module or it does not hold the file.
 */
export function generatedData(path: string, schemaName: string): unknown {
  const key = keyOf(path, schemaName);
  if (key === undefined) return undefined;
  const g = generated();
  if (!g || !Object.prototype.hasOwnProperty.call(g.data, key)) return undefined;
  return JSON.parse(g.data[key]!) as unknown;
}

/** The standalone validator of a package schema (`frontmatter.schema.json`), or undefined. */
export function generatedValidator(schemaName: string): unknown {
  const v = generated()?.validator(schemaName);
  return typeof v === 'function' ? v : undefined;
}

// ------------------------------------------------------------------ recording (build time only)

/** Build time: from now on the loaders report what they validate, and the generated module is not used. */
export function startRecording(): void {
  recording = new Map();
  loaded = null;
}

/** Called by the loaders with each rules file they parsed and validated. */
export function recordData(path: string, schemaName: string, data: unknown): void {
  if (!recording) return;
  const key = keyOf(path, schemaName);
  if (key !== undefined) recording.set(key, data);
}

export function recorded(): Map<string, unknown> {
  return recording ?? new Map();
}
