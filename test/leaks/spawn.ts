import { spawn } from 'node:child_process';
import { binPath } from '../helpers/lint.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the test worker: a long spawnSync (a lint of hundreds of files
 * on a busy machine) starves vitest's worker RPC and fails the run with a timeout.
 */
export function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string }): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

/** `sot …` (the built binary), asynchronously. */
export function sotAsync(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string }): Promise<Run> {
  return run(process.execPath, [binPath, ...args], options);
}
