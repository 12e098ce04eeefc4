import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sot, TODAY } from '../helpers/lint.js';
import { ISSUES, put } from './cases.mjs';
import { STACK } from '../helpers/temp.js';

/**
 * Internal errors: without --debug one line and exit 2, never a stack trace; with --debug the
 * stack trace. The bugs are injected with a module-load hook (node --import) that replaces a
 * built module: the stylish formatter (a crash outside any rule: the CLI's last-resort handler),
 * a per-file rule and a cross-file rule (caught by the engine: an `internal-error` finding).
 */

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sot-debug-'));
  // One finding from a rule that keeps working: a duplicate list item (a warning, exit 0 alone).
  put(dir, '.sot/A-ISSUES.md', ISSUES.replace('- It works.', '- It works.\n- It works.'));
  const hooks = `
export async function load(url, context, next) {
  const crash = process.env.SOT_TEST_CRASH;
  if (crash === 'formatter' && url.endsWith('/dist/format/stylish.js'))
    return { format: 'module', shortCircuit: true, source: "export const stylish = () => { throw new TypeError('formatter exploded'); };" };
  if (crash === 'document-rule' && url.endsWith('/dist/rules/title-heading.js'))
    return { format: 'module', shortCircuit: true, source: "import { titleHeading as real } from " + JSON.stringify(url + '?real') + "; export const titleHeading = { ...real, check() { throw new RangeError('document rule exploded'); } };" };
  if (crash === 'workspace-rule' && url.endsWith('/dist/rules/blocked-by-cycle.js'))
    return { format: 'module', shortCircuit: true, source: "import { blockedByCycle as real } from " + JSON.stringify(url + '?real') + "; export const blockedByCycle = { ...real, check() { throw new Error('workspace rule exploded'); } };" };
  return next(url, context);
}
`;
  const hooksFile = join(dir, 'crash-hooks.mjs');
  writeFileSync(hooksFile, hooks);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooksFile).href)});\n`);
  // The hook replaces ES modules, so the run must use them rather than the bundles (code-cache.cts).
  env = { NODE_OPTIONS: `--import=${pathToFileURL(register).href}`, SOT_NO_CODE_CACHE: '1' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lint = (crash: string, extra: string[] = []) => sot(['--today', TODAY, ...extra], { cwd: dir, env: { ...env, SOT_TEST_CRASH: crash } });

describe('--debug and internal errors', () => {
  it('control: with the hook loaded and no crash asked for, the run is normal', () => {
    const r = lint('none');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('duplicate-list-item');
    expect(r.stderr).toBe('');
  });

  it('a crash outside the rules: one line on stderr, exit 2, no stack trace', () => {
    const r = lint('formatter');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('sot: internal error: formatter exploded (run with --debug for the stack trace)\n');
  });

  it('… and with --debug, the stack trace', () => {
    const r = lint('formatter', ['--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sot: internal error: formatter exploded/);
    expect(r.stderr).toMatch(/TypeError: formatter exploded\n\s+at /);
    expect(r.stderr).toMatch(STACK);
  });

  it.each([
    ['document-rule', /rule title-heading failed on this file: document rule exploded \(a bug in sot-lint; please report it; --debug prints the stack trace\)/, /sot: rule title-heading failed on .*A-ISSUES\.md:\nRangeError: document rule exploded\n\s+at /],
    ['workspace-rule', /rule blocked-by-cycle failed: workspace rule exploded \(a bug in sot-lint; please report it; --debug prints the stack trace\)/, /sot: rule blocked-by-cycle failed:\nError: workspace rule exploded\n\s+at /],
  ])('a crashing %s: an internal-error finding, the other rules still run, exit 2; --debug adds the stack', (crash, finding, stack) => {
    const r = lint(crash as string, ['--format', 'json']);
    expect(r.code).toBe(2);
    const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[])[0]!.messages;
    const internal = messages.filter((m) => m.ruleId === 'internal-error');
    expect(internal).toHaveLength(1);
    expect(internal[0]!.message).toMatch(finding as RegExp);
    expect(internal[0]!.line).toBe(1);
    expect(messages.map((m) => m.ruleId)).toContain('duplicate-list-item');
    expect(r.stderr).not.toMatch(STACK);

    const d = lint(crash as string, ['--format', 'json', '--debug']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(stack as RegExp);
  });
});
