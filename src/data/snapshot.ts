/**
 * The build-time snapshot of the package's data: every rules file the lint path loads, already
 * parsed and validated, and standalone (precompiled) ajv validators for the schemas checked on
 * every run (frontmatter, config). Written by `npm run build` (src/data/build-snapshot.ts) into
 * dist/data/; a cold `sot lint` then starts without parsing YAML rules files or compiling schemas.
 *
 * Used only while it is fresh: the snapshot records the sha256 of every file it came from, and one
 * changed, added-to or missing file disables the whole snapshot for the process (the loaders then
 * parse and validate the files themselves, as without a snapshot, with the same result and the
 * same errors). Set SOT_NO_SNAPSHOT=1 to bypass it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../paths.js';

export const SNAPSHOT_FILE = 'snapshot.json';
export const VALIDATORS_FILE = 'validators.cjs';

export interface SnapshotFile {
  format: 1;
  /** Package-relative path → sha256 of every file the snapshot depends on. */
  sources: Record<string, string>;
  /** `<rules file>\0<schema file>` (package-relative, `/`) → the validated data. */
  data: Record<string, unknown>;
  /** Schema name (`frontmatter.schema.json`) → its standalone validator's export in validators.cjs. */
  validators: Record<string, string>;
}

const here = new URL('./', import.meta.url);
let loaded: { snapshot: SnapshotFile; validators?: Record<string, unknown> } | null | undefined;

function hash(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(join(packageRoot, file))).digest('hex');
  } catch {
    return undefined;
  }
}

function current(): { snapshot: SnapshotFile; validators?: Record<string, unknown> } | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.SOT_NO_SNAPSHOT || recording) return loaded;
  let snapshot: SnapshotFile;
  try {
    snapshot = JSON.parse(readFileSync(new URL(SNAPSHOT_FILE, here), 'utf8')) as SnapshotFile;
  } catch {
    return loaded; // not built (running from src/, or a build without the snapshot step)
  }
  if (snapshot?.format !== 1 || !snapshot.sources || !snapshot.data) return loaded;
  for (const [file, sum] of Object.entries(snapshot.sources)) if (hash(file) !== sum) return loaded;
  loaded = { snapshot };
  return loaded;
}

/** Package-relative `/` path of a file inside the package, else undefined (a user's own file). */
function packagePath(path: string): string | undefined {
  const rel = relative(packageRoot, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function keyOf(path: string, schemaName: string): string | undefined {
  const file = packagePath(path);
  return file ? `${file}\0${schemaName}` : undefined;
}

/** The validated data of a package rules file, from a fresh snapshot; undefined: load it yourself. */
export function snapshotData(path: string, schemaName: string): unknown {
  const key = keyOf(path, schemaName);
  if (key === undefined) return undefined;
  const s = current();
  if (!s || !Object.prototype.hasOwnProperty.call(s.snapshot.data, key)) return undefined;
  return s.snapshot.data[key];
}

/** A precompiled validator for a package schema (`frontmatter.schema.json`), from a fresh snapshot. */
export function snapshotValidator(schemaName: string): unknown {
  const s = current();
  const name = s?.snapshot.validators?.[schemaName];
  if (!s || !name) return undefined;
  if (!s.validators) {
    const file = fileURLToPath(new URL(VALIDATORS_FILE, here));
    try {
      s.validators = existsSync(file) ? (createRequire(import.meta.url)(file) as Record<string, unknown>) : {};
    } catch {
      s.validators = {};
    }
  }
  return typeof s.validators[name] === 'function' ? s.validators[name] : undefined;
}

// ------------------------------------------------------------------ recording (build time only)

let recording: Map<string, unknown> | undefined;

/** Build time: from now on, loaders report what they load (and the snapshot is not used). */
export function startRecording(): void {
  recording = new Map();
  loaded = null;
}

/** Called by the loaders with each rules file they validated. */
export function recordData(path: string, schemaName: string, data: unknown): void {
  if (!recording) return;
  const key = keyOf(path, schemaName);
  if (key !== undefined) recording.set(key, data);
}

export function recorded(): Map<string, unknown> {
  return recording ?? new Map();
}

export function sourceHashes(files: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [...new Set(files)].sort()) {
    const h = hash(f);
    if (h) out[f] = h;
  }
  return out;
}
