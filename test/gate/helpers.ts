import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, sot, type CliRun } from '../helpers/lint.js';

export const ENDPOINT = 'http://100.101.102.103:8000/v1';
/** Pieces of the endpoint that must never appear in any output. */
export const ENDPOINT_PIECES = [ENDPOINT, '100.101.102.103', '100.101.102', ':8000/v1'];

export const GOOD_ADMISSION = {
  decision_status: 'local_provider_required',
  provider_class: 'local_case_compatible',
  admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }],
};

export const ENV_NAMES = [
  'CTO_HARNESS_CASE_MODEL_PROVIDER', 'CTO_HARNESS_CASE_MODEL', 'CTO_HARNESS_CASE_MODEL_ADMISSION_FILE',
  'CTO_HARNESS_CASE_LOCAL_BASE_URL', 'CTO_HARNESS_CASE_BIN',
] as const;

export type GateEnv = Partial<Record<(typeof ENV_NAMES)[number], string | undefined>>;

export interface GateJson {
  gate: string;
  verdict: string;
  reasons: { id: string; message: string; missing: string[]; contradicting: { fact: string; expected: string; actual: unknown }[]; after?: string[] }[];
  facts: Record<string, unknown>;
  problems: { input: string; message: string }[];
  wrote?: string;
}

/** A scratch folder with an executable Case binary and a good admission file. */
export function workspace(): { dir: string; caseBin: string; admission: string; write: (name: string, text: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'sot-gate-'));
  const write = (name: string, text: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const caseBin = write('case', '#!/bin/sh\nexit 0\n');
  chmodSync(caseBin, 0o755);
  const admission = write('admission.json', JSON.stringify(GOOD_ADMISSION));
  return { dir, caseBin, admission, write };
}

/** Every gate variable set to a good value; override or unset (undefined) some. */
export function goodEnv(ws: { caseBin: string; admission: string }, overrides: GateEnv = {}): Record<string, string | undefined> {
  return {
    CTO_HARNESS_CASE_MODEL_PROVIDER: 'qwen-local',
    CTO_HARNESS_CASE_MODEL: 'qwen3.6-35b-a3b',
    CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: ws.admission,
    CTO_HARNESS_CASE_LOCAL_BASE_URL: ENDPOINT,
    CTO_HARNESS_CASE_BIN: ws.caseBin,
    ...overrides,
  };
}

export interface GateRun extends CliRun {
  json?: GateJson;
}

/** Runs `sot gate stage2 …` with exactly this environment for the gate variables. */
export function gate(args: string[], env: Record<string, string | undefined>, cwd: string): GateRun {
  const full: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) full[name] = undefined;
  Object.assign(full, env);
  const r = sot(['gate', 'stage2', ...args], { cwd, env: full });
  let json: GateJson | undefined;
  if (args.includes('json')) {
    try {
      json = JSON.parse(r.stdout) as GateJson;
    } catch {
      json = undefined;
    }
  }
  return { ...r, json };
}

export const rootIds = (j: GateJson) => j.reasons.filter((r) => !r.after).map((r) => r.id);
export const allIds = (j: GateJson) => j.reasons.map((r) => r.id);

/** Nothing the gate printed or wrote holds the endpoint, a stack trace, or a control character. */
export function assertClean(run: CliRun, files: string[] = [], secrets: string[] = ENDPOINT_PIECES): void {
  const texts = [run.stdout, run.stderr, ...files.map((f) => readFileSync(f, 'utf8'))];
  for (const t of texts) {
    for (const s of secrets) if (t.includes(s)) throw new Error(`output contains ${JSON.stringify(s)}:\n${t}`);
    if (/\n\s+at .+:\d+:\d+\)?\n/.test(t)) throw new Error(`output contains a stack trace:\n${t}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(t)) throw new Error(`output contains a control character: ${JSON.stringify(t)}`);
  }
}

/**
 * `gate` without blocking the test worker (many sequential spawnSync calls starve vitest's RPC on a
 * busy machine): same environment handling, resolved when the process exits.
 */
export function gateAsync(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<GateRun> {
  const full: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const name of ENV_NAMES) delete full[name];
  Object.assign(full, env);
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [binPath, 'gate', 'stage2', ...args], { cwd, env: full as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: GateJson | undefined;
      try {
        json = args.includes('json') ? (JSON.parse(stdout) as GateJson) : undefined;
      } catch {
        json = undefined;
      }
      resolvePromise({ code, stdout, stderr, json });
    });
  });
}

/** Runs async jobs with at most `limit` at a time, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
