import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type SotConfig } from '../../src/config/config.js';
import { lintInputs, type LintRun } from '../../src/lint/engine.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binPath = fileURLToPath(new URL('../../dist/cli/sot.cjs', import.meta.url));
export const realDocsDir = fileURLToPath(new URL('../../.sot-fixtures/real/cto/.sot/03-PROTOCOLS/', import.meta.url));
export const TODAY = '2026-11-21';

/** A message as one line to compare: rule, position and text. */
export const shownMessage = (m: { ruleId: string; line: number; column: number; message: string }): string => `${m.ruleId}@${m.line}:${m.column} ${m.message}`;

/** Lints in-memory files as one workspace through the library API. */
export function lintTexts(files: Record<string, string>, config: Partial<SotConfig> = {}): LintRun {
  const cfg = { ...defaultConfig('/virtual'), ...config };
  return lintInputs(
    Object.entries(files).map(([name, text]) => ({ path: `/virtual/${name}`, text })),
    { config: cfg, today: TODAY },
  );
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `sot` binary exactly as a user would. */
export function sot(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [binPath, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: options.input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonResult {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number; fingerprint: string; related?: { filePath: string; line: number; column: number; message: string }[] }[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function sotJson(args: string[], options: Parameters<typeof sot>[1] = {}): { code: number | null; results: JsonResult[]; stderr: string } {
  const r = sot([...args, '--format', 'json', '--today', TODAY], options);
  return { code: r.code, results: JSON.parse(r.stdout) as JsonResult[], stderr: r.stderr };
}
