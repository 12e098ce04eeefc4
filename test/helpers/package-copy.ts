import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lint.js';
import type { CliRun } from './lint.js';

/** The module the build generates (src/data/build-data.ts), relative to the package. */
export const GENERATED = 'dist/data/package-data.cjs';

export interface PackageCopy {
  root: string;
  /** Changes a file of the copy (`rules/stage2.yaml`) in place. */
  edit: (file: string, change: (text: string) => string) => void;
  /** Whether the copy has the generated module. */
  generated: () => boolean;
  /** Removes the generated module: what a `tsc`-only build leaves. */
  removeGenerated: () => void;
  /** The build step that writes the generated module (`node dist/data/build-data.js`), in the copy. */
  buildData: () => CliRun;
  /** Runs the copy's `sot` (NO_COLOR; an env value of undefined unsets the variable). */
  run: (args: string[], env?: Record<string, string | undefined>, cwd?: string, nodeArgs?: string[]) => CliRun;
}

function spawn(args: string[], env: Record<string, string | undefined>, cwd: string): CliRun {
  const full: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  const r = spawnSync(process.execPath, args, { cwd, env: full as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A copy of the built package (dist/, rules/, schemas/, package.json; node_modules linked) whose
 * files a test may break or edit: the shared dist/ is never written, since other test files run
 * the tool from it at the same time. `dir` comes from the test file's tempDirs.
 */
export function packageCopy(root: string): PackageCopy {
  for (const d of ['dist', 'rules', 'schemas']) cpSync(join(repoRoot, d), join(root, d), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    root,
    edit: (file, change) => writeFileSync(join(root, file), change(readFileSync(join(root, file), 'utf8'))),
    generated: () => existsSync(join(root, GENERATED)),
    removeGenerated: () => rmSync(join(root, GENERATED)),
    buildData: () => spawn([join(root, 'dist/data/build-data.js')], {}, root),
    run: (args, env = {}, cwd = root, nodeArgs = []) => spawn([...nodeArgs, join(root, 'dist/cli/sot.cjs'), ...args], env, cwd),
  };
}

/**
 * A preload (`node --require FILE`) that records every module request (Module._load: `require`,
 * and the createRequire the tool loads ajv, YAML and the generated module with) and every file
 * read with readFileSync/openSync, written as JSON to $SOT_TRACE_OUT when the process exits.
 */
export function writeTracer(dir: string): string {
  const file = join(dir, 'trace.cjs');
  writeFileSync(file, `
const fs = require('node:fs');
const Module = require('node:module');
const loads = [];
const reads = [];
const load = Module._load;
Module._load = function (request) { loads.push(String(request)); return load.apply(this, arguments); };
const write = fs.writeFileSync;
for (const name of ['readFileSync', 'openSync']) {
  const orig = fs[name];
  fs[name] = function (p) { reads.push(String(p)); return orig.apply(this, arguments); };
}
process.on('exit', () => write(process.env.SOT_TRACE_OUT, JSON.stringify({ loads, reads })));
`);
  return file;
}

export interface Trace {
  loads: string[];
  reads: string[];
}
