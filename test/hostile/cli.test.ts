import { describe, expect, it } from 'vitest';
import { tempDirs, STACK } from '../helpers/temp.js';
import { spawnSync } from 'node:child_process';
import { binPath, sot, TODAY, type JsonResult } from '../helpers/lint.js';
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

describe('hostile input: things named on the command line that are not files', () => {
  const doc = ISSUES.replaceAll('A Issues', 'Piped Issues').replace('Status: open.', 'Status: opened.');
  /** `cat FILE | sot lint /dev/stdin …`: a real pipe (Node's own child stdin is a socket, which cannot be opened by name). */
  const throughPipe = (dir: string, file: string, args: string[]) => {
    const r = spawnSync('sh', ['-c', 'f=$1; shift; cat "$f" | "$@"', 'sh', file, process.execPath, binPath, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const lines = (stdout: string) => json(stdout)[0]!.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`);

  it('a device is reported, not read (/dev/zero never ends)', () => {
    const r = sot(['--format', 'json', '--today', TODAY, '/dev/zero'], { cwd: tempDir('device') });
    expect(r.code, r.stderr).toBe(1);
    expect(lines(r.stdout)).toEqual(['file-unreadable 1:1 is a character device, not a regular file; name a Markdown document']);
  });

  it('sot scan refuses a device too (it streams, and /dev/zero never ends)', () => {
    const r = sot(['scan', '--format', 'json', '/dev/zero'], { cwd: tempDir('scan-device') });
    expect(r.code, r.stderr).toBe(2);
    expect(lines(r.stdout)).toEqual(['file-unreadable 1:1 is a character device, not a regular file; name a file to scan']);
  });

  it('a socket (stdin of a process Node started) is reported, not an open error', () => {
    const r = sot(['--format', 'json', '--today', TODAY, '/dev/stdin'], { cwd: tempDir('socket'), input: doc });
    expect(r.code, r.stderr).toBe(1);
    expect(lines(r.stdout)).toEqual(['file-unreadable 1:1 is a socket, not a regular file; name a Markdown document']);
  });

  it('a pipe is read like a file (cat doc | sot lint /dev/stdin, process substitution)', () => {
    const dir = tempDir('pipe');
    const file = put(dir, 'docs/Piped-ISSUES.md', doc);
    const piped = throughPipe(dir, file, ['lint', '--format', 'json', '--today', TODAY, '/dev/stdin']);
    const named = sot(['--format', 'json', '--today', TODAY, 'docs/Piped-ISSUES.md'], { cwd: dir });
    const found = (stdout: string) => lines(stdout).filter((l) => !l.startsWith('filename-title'));
    expect(found(piped.stdout).length, piped.stderr).toBeGreaterThan(0);
    expect(found(piped.stdout)).toEqual(found(named.stdout));
  });

  it('a file that reports size 0 (/proc) is read to its end, not taken as empty', () => {
    const r = sot(['--format', 'json', '--today', TODAY, '/proc/self/status'], { cwd: tempDir('proc') });
    expect(r.code, r.stderr).toBe(1);
    expect(lines(r.stdout).filter((l) => l.startsWith('frontmatter-missing 1:1 no frontmatter: the file starts with `Name:'))).toHaveLength(1);
  });

  it('a pipe is read no further than limits.maxFileBytes', () => {
    const dir = tempDir('pipe-limit');
    const file = put(dir, 'big.md', `${doc}${'word '.repeat(300_000)}`);
    const r = throughPipe(dir, file, ['lint', '--format', 'json', '--today', TODAY, '/dev/stdin']);
    expect(r.code, r.stderr).toBe(1);
    expect(lines(r.stdout)).toEqual(['file-unreadable 1:1 file is more than 1048576 bytes (limits.maxFileBytes); it was not linted: split the file, or raise the limit in the config']);
  });
});
