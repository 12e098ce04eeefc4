import { describe, expect, it } from 'vitest';
import { tempDirs, STACK } from '../helpers/temp.js';
import { sot, TODAY, type JsonResult } from '../helpers/lint.js';
import { CASES, ISSUES, put, type HostileCase as Case } from './cases.mjs';

/**
 * The hostile-input suite, through the CLI as a user runs it: each input gives its exit code and
 * its message, never a stack trace, never an internal error. Time and memory are measured by
 * scripts/bench-hostile.mjs (README "Hostile input"), not by timed tests; the one bound here is
 * the helper's 60 s spawn timeout, which turns a hang into a failure instead of a stuck run.
 */


const tempDir = tempDirs('hostile');

function run(c: Case, extra: string[] = []) {
  const dir = tempDir(c.id);
  const s = c.setup(dir, c.testScale);
  const r = sot([...s.args, '--today', TODAY, ...extra], { cwd: s.cwd ?? dir, env: s.env });
  return { ...r, dir, out: `${r.stdout}${r.stderr}` };
}

describe('hostile input through the CLI', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = run(c);
    expect(r.code, r.out.slice(0, 2000)).toBe(c.code);
    for (const re of c.expect) expect(r.out).toMatch(re);
    for (const re of c.absent ?? []) expect(r.out).not.toMatch(re);
    expect(r.out).not.toMatch(STACK);
    expect(r.out).not.toMatch(/internal error|internal-error/);
  });
});

const json = (stdout: string) => JSON.parse(stdout) as JsonResult[];
const findings = (results: JsonResult[]) =>
  results
    .flatMap((r) => r.messages.map((m) => `${r.filePath.split('/').pop()} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`))
    .sort();

describe('hostile input: what exactly comes out', () => {
  it('a UTF-8 BOM, CRLF and CR give the same findings at the same positions as plain LF', () => {
    const doc = ISSUES.replace('Status: open.', 'Status: opened.').replace('- It also works.', '- It works.\n- It works.');
    const variants = {
      lf: Buffer.from(doc),
      bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]),
      crlf: Buffer.from(doc.replace(/\n/g, '\r\n')),
      cr: Buffer.from(doc.replace(/\n/g, '\r')),
    };
    const out: Record<string, string[]> = {};
    for (const [name, bytes] of Object.entries(variants)) {
      const dir = tempDir(`eol-${name}`);
      put(dir, '.sot/A-ISSUES.md', bytes);
      const r = sot(['--format', 'json', '--today', TODAY], { cwd: dir });
      out[name] = findings(json(r.stdout));
    }
    expect(out.lf!.length).toBeGreaterThan(1);
    expect(out.bom).toEqual(out.lf);
    expect(out.crlf).toEqual(out.lf);
    expect(out.cr).toEqual(out.lf);
  });

  it('odd file names come out whole in JSON and escaped, one line each, in stylish and github', () => {
    const c = CASES.find((x) => x.id === 'odd-names')!;
    const j = run(c, ['--format', 'json']);
    const names = json(j.stdout).map((r) => r.filePath.split('/.sot/')[1]).sort();
    expect(names).toEqual(['new\nline-ISSUES.md', 'with space-ISSUES.md', 'ünï çødé 文档-ISSUES.md']);
    const stylish = run(c);
    expect(stylish.stdout).toContain('.sot/new\\nline-ISSUES.md');
    expect(stylish.stdout).not.toMatch(/^line-ISSUES\.md/m);
    const gh = run(c, ['--format', 'github']);
    expect(gh.stdout).toContain('file=.sot/new%0Aline-ISSUES.md');
    for (const line of gh.stdout.trim().split('\n')) expect(line).toMatch(/^::(?:error|warning) file=/);
  });

  it('links out of the repository are not followed: only the real document is linted', () => {
    const c = CASES.find((x) => x.id === 'symlink-outside')!;
    const r = run(c, ['--format', 'json']);
    expect(json(r.stdout).map((x) => x.filePath.split('/').pop())).toEqual(['A-ISSUES.md']);
  });

  it('a folder of 1,000 documents: every one linted, once', () => {
    const c = CASES.find((x) => x.id === 'many-files')!;
    const r = run(c, ['--format', 'json']);
    const results = json(r.stdout);
    expect(results).toHaveLength(1000);
    expect(new Set(results.map((x) => x.filePath)).size).toBe(1000);
  });

  it('a vanished file is reported and the others still linted', () => {
    const c = CASES.find((x) => x.id === 'vanishes')!;
    const r = run(c, ['--format', 'json']);
    const byName = Object.fromEntries(json(r.stdout).map((x) => [x.filePath.split('/').pop(), x.messages.map((m) => m.ruleId)]));
    expect(byName['GONE-ISSUES.md']).toEqual(['file-unreadable']);
    expect(byName['A-ISSUES.md']).toEqual([]);
  });
});
