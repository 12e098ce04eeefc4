import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { issuesDoc, prdDoc, prdSections, workItem } from '../../src/rules/example-docs.js';

/** The endpoint value the leak tests write (a Tailscale-range address, never a real one). */
export const LEAKED_ENDPOINT = 'http://100.101.102.103:8000/v1';

/** A PRD that every per-document rule accepts (file name `<TITLE>.md` in upper kebab case). */
export function cleanPrd(title: string, extraBullet?: string): string {
  const sections = prdSections();
  return prdDoc(extraBullet ? sections.replace('- Scope text.', `- Scope text.\n- ${extraBullet}`) : sections, title);
}

/** An Issues document defining the given items (all `open`, with acceptance criteria). */
export function cleanIssues(title: string, ids: string[]): string {
  return issuesDoc(ids.map((id) => workItem(id, 'open')).join('\n'), title);
}

/** An environment for child git processes that ignores the outer repository's hook variables. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('GIT_')) delete env[k];
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv(), timeout = 120_000): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Like `run`, without blocking the event loop (for minutes-long commands: the test runner stays responsive). */
export function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv(), timeout = 900_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', (e) => resolve({ code: null, stdout, stderr: stderr + String(e) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs git and fails the test with git's words when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = run('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A fresh git repository in a temporary folder, with the given files committed (if any). */
export function tempRepo(files: Record<string, string> = {}, prefix = 'sot-repo-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (Object.keys(files).length) {
    writeFiles(dir, files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'initial');
  }
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

export function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Installs this checkout into dir/node_modules as npm installs a dependency: the package folder (a link), and the bin link. */
export function installPackageInto(dir: string, packageRoot: string): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(packageRoot, join(dir, 'node_modules', 'sot-lint'), 'dir');
  symlinkSync('../sot-lint/dist/cli/sot.cjs', join(dir, 'node_modules', '.bin', 'sot'));
}

/**
 * A folder of stand-ins for commands that must never run: each records its call in `marks` and
 * fails. Put it first on PATH.
 */
export function trapCommands(dir: string, names: string[]): { bin: string; called: (name: string) => boolean } {
  const bin = join(dir, 'trap-bin');
  mkdirSync(bin, { recursive: true });
  for (const name of names) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "$0 $*" >> '${join(dir, `called-${name}`)}'\nexit 99\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, called: (name) => existsSync(join(dir, `called-${name}`)) };
}
