import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNames } from '../../src/format/index.js';
import { sot, TODAY } from '../helpers/lint.js';
import { BODY_PLANTS, SECRETS } from './properties.js';
import { docSet, FACTOR, markdown } from './arbitraries.js';
import { runProperty } from './run.js';
import { STACK } from '../helpers/temp.js';

/**
 * Properties through the CLI, as users and CI run it (few runs: each spawns `sot` several times;
 * `npm run fuzz -- --cli` goes deeper): any documents give exit 0 or 1, parseable output and no
 * stack trace; the output is the same bytes whatever order the paths are given in, for every
 * formatter; a planted endpoint appears in nothing the tool prints or writes (every lint format,
 * every graph format, explain, and the --cache files).
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sot-prop-cli-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.sot'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, '.sot', name), text);
  return dir;
}

/** Every file under a folder, as text. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const names = (files: Record<string, string>) => Object.keys(files).filter((n) => !n.includes('\n')).map((n) => `.sot/${n}`);

describe('properties of the CLI', () => {
  it('any documents: exit 0 or 1, parseable output, no stack trace; same bytes in any path order, every format', async () => {
    await runProperty('cli-deterministic', {
      arbitraries: [docSet, fc.nat()],
      runs: 3,
      predicate: (files: Record<string, string>, seed: number) => {
        const dir = project(files);
        const paths = names(files);
        if (paths.length === 0) return;
        const shuffled = [...paths].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (seed % 2 ? 1 : -1) * a.localeCompare(b));
        for (const format of formatNames()) {
          const a = sot(['--format', format, '--today', TODAY, ...paths], { cwd: dir });
          const b = sot(['--format', format, '--today', TODAY, ...shuffled.reverse()], { cwd: dir });
          expect([0, 1], `${format}: ${a.stderr}`).toContain(a.code);
          expect(a.stdout + a.stderr).not.toMatch(STACK);
          if (format === 'json' || format === 'sarif') JSON.parse(a.stdout);
          expect(b.stdout, format).toBe(a.stdout);
          expect(b.code).toBe(a.code);
        }
      },
    });
  }, 600_000 * FACTOR);

  it('a planted endpoint appears in no output and no written file', async () => {
    await runProperty('cli-secret', {
      arbitraries: [markdown, fc.constantFrom(...SECRETS), fc.subarray(BODY_PLANTS, { minLength: 2, maxLength: 5 })],
      runs: 3,
      predicate: (text: string, secret: { value: string; token: string }, plants: string[]) => {
        const planted = (s: string) => s.split('S').join(secret.value);
        const doc = `---\ntitle: ${secret.value} PRD\nowner: ${secret.value}\n---\n\n${plants.map(planted).join('\n\n')}\n\n${text}\n\n## CTO-WORK-001 - ${secret.value}\n\nStatus: validated.\n\nBlocked by:\n\n- \`CTO-WORK-002\`.\n`;
        const dir = project({
          'X-PRD.md': doc,
          'Y-ISSUES.md': `## CTO-WORK-002 - Item\n\nStatus: blocked.\n\n${plants.map(planted).join('\n\n')}\n`,
          // A clean document, so the cache is written and its files can be searched.
          'Z-ISSUES.md': '## CTO-WORK-003 - Item\n\nStatus: open.\n\nAcceptance:\n\n- Done.\n',
        });
        const outputs: string[] = [];
        for (const format of formatNames()) {
          const r = sot(['--format', format, '--today', TODAY, '--cache', '--cache-location', join(dir, 'cache')], { cwd: dir });
          outputs.push(r.stdout, r.stderr);
        }
        for (const format of ['mermaid', 'dot', 'json']) {
          const r = sot(['graph', '--format', format], { cwd: dir });
          outputs.push(r.stdout, r.stderr);
        }
        const e = sot(['explain', 'CTO-WORK-001'], { cwd: dir });
        outputs.push(e.stdout, e.stderr);
        const cached = filesUnder(join(dir, 'cache'));
        expect(cached.length, 'the cache was written').toBeGreaterThan(0);
        outputs.push(...cached);
        for (const out of outputs) expect(out.toLowerCase()).not.toContain(secret.token.toLowerCase());
      },
    });
  }, 600_000 * FACTOR);
});

describe('regressions found by the CLI properties', () => {
  it('a document holding an endpoint is never written to the --cache (the cache keeps document text)', () => {
    const dir = project({
      'X-ISSUES.md': '## CTO-WORK-001 - Item\n\nStatus: open.\n\n- `CTO_HARNESS_CASE_LOCAL_BASE_URL=http://100.101.102.103:8000/v1`\n',
      'Z-ISSUES.md': '## CTO-WORK-003 - Item\n\nStatus: open.\n\nAcceptance:\n\n- Done.\n',
    });
    const args = ['--format', 'json', '--today', TODAY, '--cache', '--cache-location', join(dir, 'cache')];
    const first = sot(args, { cwd: dir });
    const second = sot(args, { cwd: dir });
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain('no-endpoint-leak');
    const cached = filesUnder(join(dir, 'cache')).join('\n');
    expect(cached).toContain('CTO-WORK-003');
    expect(cached).not.toContain('100.101.102.103');
  });
});
