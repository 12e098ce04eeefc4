import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as core from '@actions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, workflowCommand } from '../../src/format/github.js';
import { frontmatter } from '../../src/rules/example-docs.js';
import { repoRoot, sot, TODAY } from '../helpers/lint.js';

/**
 * `--format github` against the Actions toolkit itself (`@actions/core`, a dev dependency): the
 * public `core.error`/`core.warning`, and the module-level `issueCommand` of its command.js (not in
 * the package's exports map, so imported by path), each capturing what it writes to stdout.
 */
type IssueCommand = (command: string, properties: Record<string, unknown>, message: string) => void;
const { issueCommand } = (await import(pathToFileURL(join(repoRoot, 'node_modules/@actions/core/lib/command.js')).href)) as { issueCommand: IssueCommand };

/** What the toolkit writes for one call, without its trailing EOL. */
function captured(call: () => void): string {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    call();
  } finally {
    process.stdout.write = write;
  }
  return out.replace(/\r?\n$/, '');
}

/** A workflow command as a map of property name to escaped value, and the escaped message. */
function parts(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  return { command: m[1]!, props: Object.fromEntries((m[2] ?? '').split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])), message: m[3]! };
}

const OTHER_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Strings of everything the toolkit passes through or escapes: tab, CR, LF, %, :, ,, unicode, emoji, lone surrogates. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('%', '%25', '%0A', '\t', '\r', '\n', '\r\n', ':', ',', '::', '=', ' ', '/', '\\', 'é', 'ü', '文档', '😀', '\u200f', '\ud800', 'a', 'Z', '0'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 12 },
  )
  .map((xs) => xs.join(''))
  .filter((s) => !OTHER_CONTROLS.test(s));

describe('--format github escapes exactly as @actions/core does', () => {
  it('byte for byte like issueCommand, for any file name, title and message (tab, CR, LF, %, :, ",", unicode)', () => {
    fc.assert(
      fc.property(text, text, text, fc.constantFrom('error', 'warning'), (file, title, message, command) => {
        const ours = workflowCommand(command, [['file', file || 'x'], ['line', 3], ['col', 2], ['endLine', 3], ['endColumn', 9], ['title', title || 'rule']], message);
        const theirs = captured(() => issueCommand(command, { file: file || 'x', line: 3, col: 2, endLine: 3, endColumn: 9, title: title || 'rule' }, message));
        expect(ours).toBe(theirs);
      }),
      { numRuns: 2000 },
    );
  });

  it('the same properties and message as the public core.error / core.warning', () => {
    fc.assert(
      fc.property(text, text, text, (file, title, message) => {
        const f = file || 'x';
        const t = title || 'rule';
        const ours = parts(workflowCommand('error', [['file', f], ['line', 12], ['col', 3], ['endLine', 12], ['endColumn', 7], ['title', t]], message));
        const theirs = parts(captured(() => core.error(message, { file: f, title: t, startLine: 12, endLine: 12, startColumn: 3, endColumn: 7 })));
        expect(ours).toEqual(theirs);
        const w = parts(captured(() => core.warning(message, { file: f, title: t, startLine: 12, endLine: 14 })));
        expect(parts(workflowCommand('warning', [['file', f], ['line', 12], ['endLine', 14], ['title', t]], message))).toEqual(w);
      }),
      { numRuns: 500 },
    );
  });

  it('named cases: a tab is never %09, newlines in messages, commas and colons in names and titles, unicode', () => {
    expect(escapeData('a\tb')).toBe('a\tb');
    expect(escapeProperty('dir\twith tab/A-PRD.md')).toBe('dir\twith tab/A-PRD.md');
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir,x/a:b%\n.md')).toBe('dir%2Cx/a%3Ab%25%0A.md');
    expect(escapeProperty('ünï çødé 文档, v2: 😀.md')).toBe('ünï çødé 文档%2C v2%3A 😀.md');
    for (const s of ['a\tb', 'x%09y', 'line one\nline two', 'C:\\dir,a', 'ünï:文档,😀']) {
      expect(escapeData(s)).toBe(captured(() => issueCommand('error', {}, s)).replace(/^::error::/, ''));
    }
  });

  it('other control characters (a terminal escape in a file name) are shown as \\xNN, never written raw', () => {
    // The toolkit would write ESC raw, and the runner decodes no escape for it: the name cannot be
    // given faithfully either way, so it is shown, as in the stylish output.
    expect(escapeProperty('a\u001b[31mb\u0000.md')).toBe('a\\x1b[31mb\\x00.md');
    expect(escapeData('bell\u0007')).toBe('bell\\x07');
  });

  it('a real run: a tab, a comma and a colon in a folder name come out as the toolkit writes them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-gh-names-'));
    const folder = join(dir, '.sot', 'tab\there, and: colon');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'A-PRD.md'), `${frontmatter('A PRD')}\n# Wrong: 100%, yes\n`);
    const r = sot(['lint', '--format', 'github', '--today', TODAY], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('%09');
      const { command, props, message } = parts(line);
      expect(props.file).toBe('.sot/tab\there%2C and%3A colon/A-PRD.md');
      // Rebuilt through the toolkit from the decoded values, the line is the same.
      const decode = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
      const props2 = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, decode(v)]));
      expect(captured(() => issueCommand(command, props2, decode(message)))).toBe(line);
    }
    const h1 = lines.find((l) => l.includes('title=title-heading'))!;
    expect(h1).toContain('::H1 `Wrong: 100%25, yes` differs');
  });
});
