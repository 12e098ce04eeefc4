import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { pool } from '../gate/helpers.js';
import { TODAY } from '../helpers/lint.js';
import { sotAsync } from '../leaks/spawn.js';

/** Shared by the red-team tests (issue 20). */

export function frontmatter(title: string, extra = ''): string {
  return `---\ntitle: ${title}\nstatus: active\nlifecycle_classification: sot\nowner: cto\ncreated: 2026-01-01\nlast_reviewed: 2026-01-02\ncore_promotion_status: not-promoted\nroute: cto\n${extra}---\n\n# ${title}\n\nLocal planning SOT only. Not a Core Protocol. Not active Core authority.\n\n`;
}

export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sot-redteam-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;

/** Every output of every command over a project: lint, graph and scan in each format, explain of each id. */
export async function everyOutput(dir: string, ids: string[], env: Record<string, string | undefined> = {}): Promise<{ what: string; text: string }[]> {
  const jobs: [string, string[]][] = [
    ...LINT_FORMATS.map((f): [string, string[]] => [`lint ${f}`, ['lint', '--today', TODAY, '--format', f]]),
    ...GRAPH_FORMATS.map((f): [string, string[]] => [`graph ${f}`, ['graph', '--format', f]]),
    ...ids.map((id): [string, string[]] => [`explain ${id}`, ['explain', id]]),
    ...LINT_FORMATS.map((f): [string, string[]] => [`scan ${f}`, ['scan', '--format', f]]),
  ];
  const runs = await pool(jobs, 2, ([, args]) => sotAsync(args, { cwd: dir, env }));
  return runs.map((r, i) => ({ what: jobs[i]![0], text: r.stdout + r.stderr }));
}

/** Letters and digits only, lower case: a re-shaped echo (`SPARK-100-88-12-7`) folds like the value. */
const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function expectNoValue(outputs: { what: string; text: string }[], values: string[], foldedToo: string[] = []): void {
  for (const o of outputs) {
    for (const v of values) expect(o.text, `${o.what} holds ${v}`).not.toContain(v);
    for (const v of foldedToo) expect(fold(o.text), `${o.what} holds a re-shaped ${v}`).not.toContain(fold(v));
  }
}

