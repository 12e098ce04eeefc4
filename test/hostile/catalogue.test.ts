import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs, STACK } from '../helpers/temp.js';
import { sot, TODAY, type JsonResult } from '../helpers/lint.js';
import { FM, ISSUES, put } from './cases.mjs';

/**
 * The error-message catalogue: every failure a user can cause, with the message that says what
 * went wrong, where, and what to do. Each entry asserts all three (and the exit code, and that
 * nothing looks like a stack trace). Usage and config failures are one line on stderr, exit 2;
 * problems in documents are findings at a file and position.
 */

const tempDir = tempDirs('catalogue');


interface CommandEntry {
  failure: string;
  setup?: (dir: string) => void;
  args: string[];
  env?: Record<string, string | undefined>;
  code: number;
  what: RegExp;
  where: RegExp;
  todo: RegExp;
}

const config = (text: string, name = '.sotrc.json') => (dir: string) => {
  writeFileSync(join(dir, name), text);
  put(dir, '.sot/A-ISSUES.md', ISSUES);
};

/** Failures of the command line and the config: one message on stderr, exit 2. */
const COMMANDS: CommandEntry[] = [
  { failure: 'unknown option', args: ['lint', '--bogus'], code: 2, what: /Unknown option '--bogus'/, where: /--bogus/, todo: /Run `sot --help` for usage/ },
  { failure: 'unknown format', args: ['--format', 'xml'], code: 2, what: /unknown format "xml"/, where: /"xml"/, todo: /use one of: stylish, json, sarif, github/ },
  { failure: '--max-warnings not a number', args: ['--max-warnings', 'many'], code: 2, what: /--max-warnings needs a whole number/, where: /"many"/, todo: /sot --help/ },
  { failure: '--context not a mode', args: ['--context', 'all'], code: 2, what: /--context must be "project" or "paths"/, where: /"all"/, todo: /sot --help/ },
  { failure: '--today not a date', args: ['--today', '21/11/2026'], code: 2, what: /--today needs YYYY-MM-DD/, where: /"21\/11\/2026"/, todo: /sot --help/ },
  { failure: '--fix with --staged', args: ['--fix', '--staged'], code: 2, what: /--fix cannot be combined with --staged/, where: /--staged/, todo: /fixes are written to the working tree/ },
  { failure: 'a path that matches nothing', args: ['nope/MISSING.md'], code: 2, what: /no files match/, where: /"nope\/MISSING\.md"/, todo: /check the path .*--no-error-on-unmatched-pattern/ },
  { failure: 'no documents in the project', args: [], code: 2, what: /no SOT documents found/, where: /looked for \*\*\/\.sot\/\*\*\/\*\.md under /, todo: /looked for/ },
  { failure: '--staged outside a git repository', setup: (d) => put(d, '.sot/A-ISSUES.md', ISSUES), args: ['--staged'], env: { GIT_CEILING_DIRECTORIES: tmpdir() }, code: 2, what: /not a git repository/, where: /git/, todo: /sot --help/ },
  { failure: 'unknown gate', args: ['gate', 'stage3'], code: 2, what: /unknown gate or extra argument "stage3"/, where: /"stage3"/, todo: /the gate is `stage2`/ },
  { failure: 'unknown graph format', args: ['graph', '--format', 'png'], code: 2, what: /unknown graph format "png"/, where: /"png"/, todo: /use mermaid, dot or json/ },
  { failure: 'explain without an id', args: ['explain'], code: 2, what: /needs a work-item id/, where: /sot explain/, todo: /e\.g\. `sot explain CTO-WORK-022`/ },
  { failure: '--config names a missing file', args: ['--config', 'none.json'], code: 2, what: /config file not found/, where: /none\.json/, todo: /check the --config path/ },
  { failure: 'config is not JSON', setup: config('{"rules": '), args: [], code: 2, what: /cannot parse/, where: /\.sotrc\.json/, todo: /fix the JSON syntax/ },
  { failure: 'config YAML alias bomb', setup: config(`${Array.from({ length: 9 }, (_, i) => `l${i}: &l${i} [${Array(9).fill(i ? `*l${i - 1}` : 'x').join(', ')}]`).join('\n')}\n`, '.sotrc.yaml'), args: [], code: 2, what: /cannot parse: Excessive alias count/, where: /\.sotrc\.yaml/, todo: /fix the YAML syntax/ },
  { failure: 'unknown rule in config', setup: config('{"rules": {"title-heding": "error"}}'), args: [], code: 2, what: /unknown rule `title-heding`/, where: /\.sotrc\.json/, todo: /did you mean `title-heading`\?/ },
  { failure: 'bad severity', setup: config('{"rules": {"title-heading": "loud"}}'), args: [], code: 2, what: /`rules\.title-heading` must be one of/, where: /\.sotrc\.json/, todo: /`off`, `warn`, `error`/ },
  { failure: 'unknown config key', setup: config('{"rulez": {}}'), args: [], code: 2, what: /unknown key `rulez`/, where: /\.sotrc\.json/, todo: /unknown key/ },
  { failure: 'invalid item id pattern', setup: config('{"workItemIdPattern": "(["}'), args: [], code: 2, what: /`workItemIdPattern` is not a valid regular expression/, where: /\.sotrc\.json/, todo: /Unterminated character class/ },
  { failure: 'item id pattern with a capture group', setup: config('{"workItemIdPattern": "(CTO)-[0-9]+"}'), args: [], code: 2, what: /must not match the empty string or use capture groups/, where: /\.sotrc\.json/, todo: /use \(\?:…\)/ },
  { failure: 'a limit below 1', setup: config('{"limits": {"maxNesting": 0}}'), args: [], code: 2, what: /`limits\.maxNesting` must be >= 1/, where: /\.sotrc\.json/, todo: />= 1/ },
  { failure: 'frontmatterSchema names a missing file', setup: config('{"frontmatterSchema": "schemas/none.json"}'), args: [], code: 2, what: /`frontmatterSchema` .*none\.json cannot be used/, where: /\.sotrc\.json/, todo: /fix the path \(relative to the config file\) or the schema/ },
  { failure: 'frontmatterSchema is not a schema', setup: (d) => (config('{"frontmatterSchema": "fm.json"}')(d), writeFileSync(join(d, 'fm.json'), '{"type": "no-such-type"}')), args: [], code: 2, what: /cannot be used/, where: /fm\.json/, todo: /fix the path .* or the schema/ },
  { failure: 'gate: admission file is not JSON', setup: (d) => writeFileSync(join(d, 'adm.json'), '{"decision_status": '), args: ['gate', 'stage2'], env: { CTO_HARNESS_CASE_MODEL_ADMISSION_FILE: 'adm.json' }, code: 1, what: /admission-invalid/, where: /admission: adm\.json: it is not valid JSON/, todo: /must be readable, within the size and depth limits, valid JSON/ },
  { failure: 'gate: admission file missing', args: ['gate', 'stage2', '--admission', 'gone.json'], code: 1, what: /admission-file-missing/, where: /gone\.json \(from --admission\): no such file/, todo: /must be named and exist/ },
];

describe('error message catalogue: command line and config (exit 2, one message, no stack trace)', () => {
  it.each(COMMANDS.map((c) => [c.failure, c] as const))('%s', (_name, c) => {
    const dir = tempDir('cmd');
    c.setup?.(dir);
    const r = sot([...c.args], { cwd: dir, env: c.env });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.code, out).toBe(c.code);
    expect(out).toMatch(c.what);
    expect(out).toMatch(c.where);
    expect(out).toMatch(c.todo);
    expect(out).not.toMatch(STACK);
    expect(out).not.toMatch(/internal error/);
  });
});

interface FindingEntry {
  failure: string;
  file: string;
  content: string | Buffer | ((dir: string, path: string) => void);
  rule: string;
  severity?: 1 | 2;
  line: number;
  what: RegExp;
  todo: RegExp;
}

const ISSUE_LINES = ISSUES.split('\n');
const mib = 1024 * 1024;

/** Problems in documents: findings at a file and a position (all linted in one run). */
const FINDINGS: FindingEntry[] = [
  { failure: 'binary file (NUL)', file: 'NUL-ISSUES.md', content: Buffer.from('---\ntitle: x\0\n---\n'), rule: 'file-unreadable', line: 1, what: /binary file: byte 12 is NUL/, todo: /leave it out with `ignores` in the config/ },
  { failure: 'binary file (not UTF-8 at all)', file: 'IMG-PRD.md', content: Buffer.from(Array.from({ length: 512 }, (_, i) => 0x80 + (i % 64))), rule: 'file-unreadable', line: 1, what: /binary file: mostly bytes that are not UTF-8 text/, todo: /leave it out with `ignores`/ },
  { failure: 'invalid UTF-8', file: 'BAD-ISSUES.md', content: Buffer.concat([Buffer.from(ISSUES.slice(0, ISSUES.indexOf('Status: open.'))), Buffer.from([0xff]), Buffer.from(ISSUES.slice(ISSUES.indexOf('Status: open.')))]), rule: 'file-unreadable', line: ISSUE_LINES.indexOf('Status: open.') + 1, what: /invalid UTF-8/, todo: /re-save it as UTF-8/ },
  { failure: 'UTF-16 document', file: 'WIDE-ISSUES.md', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ISSUES.replaceAll('A Issues', 'Wide Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-50'), 'utf16le')]), rule: 'file-unreadable', severity: 1, line: 1, what: /UTF-16LE with a byte-order mark/, todo: /re-save the file as UTF-8/ },
  { failure: 'over limits.maxFileBytes', file: 'HUGE-PRD.md', content: `${FM('Huge PRD')}${'word '.repeat(mib / 5 + 100)}\n`, rule: 'file-unreadable', line: 1, what: /over the limit of 1048576 \(limits\.maxFileBytes\)/, todo: /split the file, or raise the limit in the config/ },
  { failure: 'over limits.maxLineLength', file: 'LONG-PRD.md', content: `${FM('Long PRD')}${'word '.repeat(14_000)}\n`, rule: 'file-unreadable', line: 16, what: /line 16 is longer than 65536 characters \(limits\.maxLineLength\)/, todo: /break the line, or raise the limit in the config/ },
  { failure: 'over limits.maxNesting', file: 'NEST-PRD.md', content: `${FM('Nest PRD')}${'> '.repeat(200)}x\n`, rule: 'file-unreadable', line: 16, what: /nest more than 100 levels deep at line 16 \(limits\.maxNesting\)/, todo: /flatten the nesting, or raise the limit in the config/ },
  { failure: 'over limits.maxInlineMarkers', file: 'EMPH-PRD.md', content: `${FM('Emph PRD')}${'*a* '.repeat(1500)}\n`, rule: 'file-unreadable', line: 16, what: /paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets \(limits\.maxInlineMarkers\)/, todo: /split the paragraph, or raise the limit in the config/ },
  { failure: 'a directory named like a document', file: 'DIR-PRD.md', content: (dir, p) => mkdirSync(p, { recursive: true }), rule: 'file-unreadable', line: 1, what: /is a directory, not a file/, todo: /pass the files inside it|name the documents inside it/ },
  { failure: 'a dangling symbolic link', file: 'LINK-PRD.md', content: (dir, p) => symlinkSync(join(dir, 'gone.md'), p), rule: 'file-unreadable', line: 1, what: /symbolic link whose target does not exist/, todo: /fix or remove the link/ },
  { failure: 'no frontmatter', file: 'NOFM-PRD.md', content: '# Nofm PRD\n\nText.\n', rule: 'frontmatter-missing', line: 1, what: /no frontmatter: the file starts with `# Nofm PRD` instead of a `---` line/, todo: /instead of a `---` line/ },
  { failure: 'unterminated frontmatter', file: 'OPEN-PRD.md', content: '---\ntitle: Open PRD\n\n# Open PRD\n', rule: 'frontmatter-syntax', line: 1, what: /unterminated frontmatter/, todo: /add one after the last key/ },
  { failure: 'YAML alias bomb', file: 'BOMB-PRD.md', content: `---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n\n# Bomb PRD\n`, rule: 'frontmatter-syntax', line: 2, what: /Excessive alias count/, todo: /write the values out instead of nesting anchors and aliases/ },
  { failure: 'duplicate YAML key', file: 'DUP-PRD.md', content: '---\ntitle: Dup PRD\ntitle: Dup PRD\n---\n\n# Dup PRD\n', rule: 'frontmatter-syntax', line: 3, what: /Map keys must be unique/, todo: /remove or rename the repeated key/ },
  { failure: 'tab-indented YAML', file: 'TAB-PRD.md', content: '---\ntitle: Tab PRD\nowner:\n\t- jp\n---\n\n# Tab PRD\n', rule: 'frontmatter-syntax', line: 4, what: /frontmatter YAML: .*[Tt]ab/, todo: /indent YAML with spaces, not tabs/ },
  { failure: 'unquoted value with a colon', file: 'COLON-PRD.md', content: '---\ntitle: Colon PRD: the sequel\n---\n\n# Colon PRD: the sequel\n', rule: 'frontmatter-syntax', line: 2, what: /frontmatter YAML:/, todo: /quote the value/ },
  { failure: 'frontmatter that is a list', file: 'LIST-PRD.md', content: '---\n- a\n- b\n---\n\n# List PRD\n', rule: 'frontmatter-syntax', line: 2, what: /must be a mapping of keys to values, not a list/, todo: /write one `key: value` per line/ },
  { failure: 'directive without a reason', file: 'DIR-ISSUES.md', content: ISSUES.replaceAll('A Issues', 'Dir Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-60').replace('Acceptance:\n\n- It works.', 'Acceptance:\n\n<!-- sot-disable-next-line duplicate-list-item -->\n- It works.'), rule: 'suppression-reason', line: 22, what: /sot-disable-next-line needs a reason/, todo: /`<!-- sot-disable-next-line duplicate-list-item -- why this is acceptable -->`/ },
];

describe('error message catalogue: problems in documents (a finding with a file and a position)', () => {
  let results: Map<string, JsonResult>;
  let stylish: string;
  beforeAll(() => {
    const dir = tempDir('findings');
    mkdirSync(join(dir, '.sot'), { recursive: true });
    for (const f of FINDINGS) {
      const p = join(dir, '.sot', f.file);
      if (typeof f.content === 'function') f.content(dir, p);
      else writeFileSync(p, f.content);
    }
    const paths = FINDINGS.map((f) => `.sot/${f.file}`);
    const r = sot(['--format', 'json', '--today', TODAY, ...paths], { cwd: dir });
    expect(r.code).toBe(1);
    results = new Map((JSON.parse(r.stdout) as JsonResult[]).map((x) => [x.filePath.split('/').pop()!, x]));
    stylish = sot(['--today', TODAY, ...paths], { cwd: dir }).stdout;
  });

  it.each(FINDINGS.map((f) => [f.failure, f] as const))('%s', (_name, f) => {
    const result = results.get(f.file);
    expect(result, f.file).toBeDefined();
    const m = result!.messages.find((x) => x.ruleId === f.rule && f.what.test(x.message));
    expect(m, JSON.stringify(result!.messages.map((x) => `${x.line} ${x.ruleId} ${x.message}`), null, 1)).toBeDefined();
    // where: the file (the result) and the position
    expect(m!.line).toBe(f.line);
    expect(m!.column).toBeGreaterThanOrEqual(1);
    expect(m!.severity).toBe(f.severity ?? 2);
    // what to do
    expect(m!.message).toMatch(f.todo);
    // and stylish shows it under the file, at the position
    expect(stylish).toContain(`.sot/${f.file}`);
    expect(stylish).toContain(`${m!.line}:${m!.column}`);
  });

  it('no output looks like a stack trace or an internal error', () => {
    expect(stylish).not.toMatch(STACK);
    expect(stylish).not.toMatch(/internal-error|internal error/);
  });
});
