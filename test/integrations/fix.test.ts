import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/files/atomic.js';
import { applyFixes, lineEndingOf } from '../../src/fix/apply.js';
import { frontmatter, prdSections } from '../../src/rules/example-docs.js';
import { sot } from '../helpers/lint.js';

const BANNER = 'Local planning SOT only. Not a Core Protocol. Not active Core authority.';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sot-fix-'));
  mkdirSync(join(dir, '.sot'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, '.sot', name), content);
  return dir;
}

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

describe('sot lint --fix', () => {
  it('fixes the H1 and inserts the banner, keeping the BOM, CRLF, trailing blanks and the missing final newline', () => {
    // H1 differs from the title and has trailing blanks; no banner; the last line has no newline.
    const body = `${frontmatter('A PRD')}\n# The PRD   \n\n${prdSections()}- tab\t `;
    const dir = project({ 'A-PRD.md': Buffer.concat([BOM, Buffer.from(crlf(body))]) });
    const r = sot(['lint', '--fix'], { cwd: dir });
    expect(r.stderr).toBe('sot: fixed 2 problems in 1 file\n');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    const expected = Buffer.concat([BOM, Buffer.from(crlf(`${frontmatter('A PRD')}\n# A PRD   \n\n${BANNER}\n\n${prdSections()}- tab\t `))]);
    expect(readFileSync(join(dir, '.sot', 'A-PRD.md')).equals(expected)).toBe(true);
    // Nothing is left to fix, and nothing changes on a second run.
    const again = sot(['lint', '--fix'], { cwd: dir });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(dir, '.sot', 'A-PRD.md')).equals(expected)).toBe(true);
  });

  it('inserts a missing H1, then reports what it cannot fix; LF files get LF', () => {
    const dir = project({ 'A-PRD.md': `${frontmatter('A PRD')}\nIntro.\n\n${prdSections()}` });
    const r = sot(['lint', '--fix'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sot: fixed 1 problem in 1 file\n');
    // The remaining problem is reported from the fixed file (line 14 is after the inserted H1).
    expect(r.stdout).toMatch(/14:1\s+error\s+the paragraph after the H1 differs from the authority banner/);
    const text = readFileSync(join(dir, '.sot', 'A-PRD.md'), 'utf8');
    expect(text).toBe(`${frontmatter('A PRD')}\n# A PRD\n\nIntro.\n\n${prdSections()}`);
    expect(text).not.toContain('\r');
  });

  it('writes atomically: the mode is kept, a symlink stays a symlink, no temporary file is left', () => {
    const dir = project({});
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'B-PRD.md'), `${frontmatter('B PRD')}\n# B PRD\n\n${prdSections()}`);
    chmodSync(join(real, 'B-PRD.md'), 0o640);
    symlinkSync(join(real, 'B-PRD.md'), join(dir, '.sot', 'B-PRD.md'));
    const r = sot(['lint', '--fix', '.sot/B-PRD.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, '.sot', 'B-PRD.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, '.sot', 'B-PRD.md'))).toBe(join(real, 'B-PRD.md'));
    expect(readFileSync(join(real, 'B-PRD.md'), 'utf8')).toContain(`# B PRD\n\n${BANNER}\n\n## Problem Statement`);
    expect(statSync(join(real, 'B-PRD.md')).mode & 0o777).toBe(0o640);
    expect(readdirSync(real)).toEqual(['B-PRD.md']);
    expect(readdirSync(join(dir, '.sot'))).toEqual(['B-PRD.md']);
  });

  it('leaves a file that is not clean UTF-8 byte for byte as it was', () => {
    const bytes = Buffer.concat([Buffer.from(`${frontmatter('C PRD')}\n# Other\n\n${BANNER}\n\n${prdSections()}`), Buffer.from([0xff, 0x0a])]);
    const dir = project({ 'C-PRD.md': bytes });
    const r = sot(['lint', '--fix'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sot: did not fix .sot/C-PRD.md: the file is not clean UTF-8 text');
    expect(readFileSync(join(dir, '.sot', 'C-PRD.md')).equals(bytes)).toBe(true);
  });
});

describe('applyFixes', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const dec = (b: Uint8Array) => new TextDecoder().decode(b);

  it('applies non-overlapping fixes by UTF-16 offset over multi-byte text, deferring overlapping or touching ones', () => {
    const text = 'é😀 abc def';
    const out = applyFixes(enc(text), [
      { range: [4, 7], text: 'XYZ' }, // "abc"
      { range: [5, 6], text: '!' }, // inside "abc": overlaps, deferred
      { range: [7, 7], text: '+' }, // touches the end of the first: deferred
      { range: [8, 11], text: 'DEF' },
    ]);
    if ('refused' in out) throw new Error(out.refused);
    expect(dec(out.bytes)).toBe('é😀 XYZ DEF');
    expect(out).toMatchObject({ applied: 2, deferred: 2 });
  });

  it('gives inserted text the file\'s own line ending', () => {
    expect(lineEndingOf('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(lineEndingOf('a\nb')).toBe('\n');
    expect(lineEndingOf('a\rb\rc')).toBe('\r');
    const out = applyFixes(enc('a\r\nb\r\n'), [{ range: [1, 1], text: '\n\nX' }]);
    if ('refused' in out) throw new Error(out.refused);
    expect(dec(out.bytes)).toBe('a\r\n\r\nX\r\nb\r\n');
  });

  it('refuses binary and invalid UTF-8 input, and ignores ranges outside the text', () => {
    expect(applyFixes(new Uint8Array([0x61, 0, 0x62]), [{ range: [0, 1], text: 'x' }])).toHaveProperty('refused');
    expect(applyFixes(new Uint8Array([0x61, 0xc3]), [{ range: [0, 1], text: 'x' }])).toHaveProperty('refused');
    const out = applyFixes(enc('abc'), [{ range: [2, 9], text: 'x' }]);
    expect(out).toMatchObject({ applied: 0, deferred: 1 });
  });
});

describe('writeFileAtomic', () => {
  it('replaces atomically, and with overwrite:false refuses an existing file (EEXIST) without touching it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-atomic-'));
    const f = join(dir, 'f.txt');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    await expect(writeFileAtomic(f, 'three', { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(f, 'utf8')).toBe('two');
    await writeFileAtomic(join(dir, 'g.sh'), '#!/bin/sh\n', { overwrite: false, mode: 0o755 });
    expect(statSync(join(dir, 'g.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir).sort()).toEqual(['f.txt', 'g.sh']);
  });
});
