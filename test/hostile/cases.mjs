// The hostile inputs, as data: used by test/hostile/cli.test.ts (each must give its exit code and
// message, and no stack trace) and by scripts/bench-hostile.mjs (time and memory, README table).
// Plain JavaScript so the benchmark script can import it without a TypeScript step.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FM = (title) =>
  `---\ntitle: ${title}\nstatus: draft\nlifecycle_classification: sot\nowner: jp\ncreated: 2026-06-01\nlast_reviewed: 2026-06-01\ncore_promotion_status: not-promoted\nroute: cto\n---\n\n# ${title}\n\nLocal planning SOT only. Not a Core Protocol. Not active Core authority.\n\n`;

/** A small valid Issues document (one item), the base most cases damage. */
export const ISSUES = `${FM('A Issues')}## CTO-WORK-001 - First Item\n\nStatus: blocked.\n\nAcceptance:\n\n- It works.\n\nBlocked by:\n\n- \`CTO-WORK-002\`.\n\n## CTO-WORK-002 - Second Item\n\nStatus: open.\n\nAcceptance:\n\n- It also works.\n`;

export function put(dir, rel, content) {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

const mib = 1024 * 1024;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A preload (node --import) that makes reading one file fail the way the case needs (sync or async read). */
function readHook(dir, matchName, code) {
  const hook = join(dir, 'read-hook.mjs');
  writeFileSync(
    hook,
    `import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const fail = (path) => {
  if (String(path).endsWith(${JSON.stringify(matchName)})) {
    ${code === 'ENOENT' ? 'fs.rmSync(String(path), { force: true });' : `throw Object.assign(new Error(${JSON.stringify(`${code}: simulated`)}), { code: ${JSON.stringify(code)} });`}
  }
};
const realAsync = fsp.readFile;
fsp.readFile = async function (path, ...rest) {
  fail(path);
  return realAsync.call(this, path, ...rest);
};
const realSync = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  fail(path);
  return realSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
`,
  );
  return { NODE_OPTIONS: `--import=${new URL(`file://${hook}`).href}` };
}

/**
 * Each case: `setup(dir)` builds the project in an empty temporary folder and returns the
 * arguments (and environment) for `sot`; `code` and `expect` (regular expressions on stdout +
 * stderr) are the expected outcome; `outcome` is the README's wording. `bench: true` cases are
 * too big or slow for `npm test` and run only in scripts/bench-hostile.mjs; `testScale` gives the
 * test a smaller variant.
 */
export const CASES = [
  {
    id: 'empty',
    input: 'empty file',
    setup: (dir) => (put(dir, '.sot/EMPTY-PRD.md', ''), { args: [] }),
    code: 1,
    expect: [/frontmatter-missing/, /no frontmatter: the file is empty; a SOT document starts with a `---` YAML frontmatter block/],
    outcome: 'exit 1: `frontmatter-missing` "no frontmatter: the file is empty; a SOT document starts with a `---` YAML frontmatter block", and the structure findings (schema, H1, sections) at 1:1',
  },
  {
    id: 'only-dashes',
    input: 'only `---`',
    setup: (dir) => (put(dir, '.sot/DASH-PRD.md', '---'), { args: [] }),
    code: 1,
    expect: [/frontmatter-syntax/, /unterminated frontmatter: the opening `---` has no closing `---` line; add one after the last key/],
    outcome: 'exit 1: `frontmatter-syntax` "unterminated frontmatter … add one after the last key" at 1:1, and the structure findings',
  },
  {
    id: 'unterminated',
    input: 'unterminated frontmatter',
    setup: (dir) => (put(dir, '.sot/OPEN-PRD.md', '---\ntitle: Open PRD\nstatus: draft\n\n# Open PRD\n\nText.\n'), { args: [] }),
    code: 1,
    expect: [/unterminated frontmatter: the opening `---` has no closing `---` line; add one/],
    outcome: 'exit 1: `frontmatter-syntax` "unterminated frontmatter … add one after the last key"',
  },
  {
    id: 'alias-bomb',
    input: 'YAML alias bomb ("billion laughs", 9 levels × 9)',
    setup: (dir) => {
      const names = Array.from({ length: 9 }, (_, i) => `l${i}`);
      const lines = [`${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(', ')}]`];
      for (let i = 1; i < 9; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
      put(dir, '.sot/BOMB-PRD.md', `---\n${lines.join('\n')}\n---\n\n# Bomb PRD\n`);
      return { args: [] };
    },
    code: 1,
    expect: [/frontmatter-syntax/, /alias/i],
    outcome: 'exit 1: `frontmatter-syntax` "Excessive alias count …" (aliases capped at 100), no expansion',
  },
  {
    id: 'deep-list',
    input: '10,000-deep nested list (`- - - … x`)',
    setup: (dir) => (put(dir, '.sot/DEEP-PRD.md', `${FM('Deep PRD')}${'- '.repeat(10_000)}x\n`), { args: [] }),
    code: 1,
    expect: [/file-unreadable/, /nest more than 100 levels deep at line 16 \(limits\.maxNesting\)/],
    outcome: 'exit 1: `file-unreadable` "block quotes and lists nest more than 100 levels deep at line 16 (limits.maxNesting)…"',
  },
  {
    id: 'deep-quote',
    input: '10,000-deep nested block quote',
    setup: (dir) => (put(dir, '.sot/QUOTE-PRD.md', `${FM('Quote PRD')}${'>'.repeat(10_000)} x\n`), { args: [] }),
    code: 1,
    expect: [/nest more than 100 levels deep/],
    outcome: 'exit 1: `file-unreadable` nesting over `limits.maxNesting`',
  },
  {
    id: 'deep-indent',
    input: '1,000 lists nested by indentation (1 MB of indentation)',
    setup: (dir) => (put(dir, '.sot/INDENT-PRD.md', `${FM('Indent PRD')}${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`), { args: [] }),
    code: 1,
    expect: [/nest more than 100 levels deep at line 116 \(limits\.maxNesting\)/],
    outcome: 'exit 1: `file-unreadable` at line 116, where the 101st level opens (`limits.maxNesting`)',
  },
  {
    id: 'emphasis-paragraph',
    input: 'one paragraph of 80 KB `*_* _ ` (quadratic in micromark)',
    setup: (dir) => (put(dir, '.sot/EMPH-PRD.md', `${FM('Emph PRD')}${Array.from({ length: 1400 }, () => '*_* _ '.repeat(10)).join('\n')}\n`), { args: [] }),
    code: 1,
    expect: [/paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets \(limits\.maxInlineMarkers\)/],
    outcome: 'exit 1: `file-unreadable` "the paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets (limits.maxInlineMarkers)…"',
  },
  {
    id: 'strike-paragraph',
    input: 'one paragraph of 80 KB `a~~ ` (GFM strikethrough: quadratic in micromark)',
    setup: (dir) => (put(dir, '.sot/STRIKE-PRD.md', `${FM('Strike PRD')}${Array.from({ length: 1400 }, () => 'a~~ '.repeat(15)).join('\n')}\n`), { args: [] }),
    code: 1,
    expect: [/paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets \(limits\.maxInlineMarkers\)/],
    outcome: 'exit 1: `file-unreadable` "the paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets (limits.maxInlineMarkers)…"',
  },
  {
    id: 'table-columns',
    input: 'a GFM table of 30,000 columns and 16 rows (1 MB)',
    setup: (dir) => {
      const row = `|${'a|'.repeat(30_000)}`;
      put(dir, '.sot/TABLE-PRD.md', `${FM('Table PRD')}${row}\n|${'-|'.repeat(30_000)}\n${Array(15).fill(row).join('\n')}\n`);
      return { args: [] };
    },
    code: 1,
    expect: [/file-unreadable/, /the table at line 16 takes the file's table cells over 10000 \(limits\.maxTableCells\)/],
    outcome: 'exit 1: `file-unreadable` "the table at line 16 takes the file\'s table cells over 10000 (limits.maxTableCells)…"',
  },
  {
    id: 'tables-under-limit',
    input: '9,900 table cells (the most `limits.maxTableCells` lets through): 99 tables of 10 × 10',
    setup: (dir) => {
      const row = `|${' cell |'.repeat(10)}`;
      const t = `${row}\n|${' --- |'.repeat(10)}\n${Array(9).fill(row).join('\n')}\n\n`;
      put(dir, '.sot/TABLES-PRD.md', `${FM('Tables PRD')}${t.repeat(99)}`);
      return { args: [] };
    },
    code: 1,
    expect: [/doc-sections/],
    absent: [/file-unreadable/],
    outcome: 'exit 1: linted (the structure findings of a PRD without sections); no limit is hit',
  },
  {
    id: 'task-nest',
    input: 'a task list nested 1,000 deep by indentation (`- [ ] x`)',
    setup: (dir) => (put(dir, '.sot/TASK-PRD.md', `${FM('Task PRD')}${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- [ ] x`).join('\n')}\n`), { args: [] }),
    code: 1,
    expect: [/nest more than 100 levels deep at line 116 \(limits\.maxNesting\)/],
    outcome: 'exit 1: `file-unreadable` at line 116, where the 101st level opens (`limits.maxNesting`)',
  },
  {
    id: 'autolinks',
    input: 'one paragraph of 10,000 literal e-mail autolinks (60 KB)',
    setup: (dir) => (put(dir, '.sot/MAIL-PRD.md', `${FM('Mail PRD')}${'a@b.c '.repeat(10_000)}\n`), { args: [] }),
    code: 1,
    expect: [/doc-sections/],
    absent: [/file-unreadable/],
    outcome: 'exit 1: linted (no limit applies; the structure findings of a PRD without sections)',
  },
  {
    id: 'doc-20mb',
    input: '20 MB document',
    setup: (dir) => {
      let body = ISSUES;
      const block = ISSUES.slice(ISSUES.indexOf('## CTO-WORK-002'));
      body += block.repeat(Math.ceil((20 * mib - body.length) / block.length));
      put(dir, '.sot/BIG-ISSUES.md', body);
      // Reading it would fail: the over-limit message shows that it was never read.
      return { args: [], env: readHook(dir, 'BIG-ISSUES.md', 'EACCES') };
    },
    code: 1,
    expect: [/file is 2\d{7} bytes, over the limit of 1048576 \(limits\.maxFileBytes\); it was not linted: split the file, or raise the limit/],
    outcome: 'exit 1: `file-unreadable` "file is 20971… bytes, over the limit of 1048576 (limits.maxFileBytes)…"; not read at all',
  },
  {
    id: 'line-1mb',
    input: '1 MB single line',
    setup: (dir) => (put(dir, '.sot/LINE-PRD.md', `${FM('Line PRD')}${'lorem ipsum '.repeat(Math.floor((mib - 2000) / 12))}\n`), { args: [] }),
    code: 1,
    expect: [/line 16 is longer than 65536 characters \(limits\.maxLineLength\)/],
    outcome: 'exit 1: `file-unreadable` "line 16 is longer than 65536 characters (limits.maxLineLength)…"',
  },
  {
    id: 'nul',
    input: 'NUL bytes in a document',
    setup: (dir) => (put(dir, '.sot/NUL-ISSUES.md', Buffer.concat([Buffer.from(ISSUES.slice(0, 50)), Buffer.from([0]), Buffer.from(ISSUES.slice(50))])), { args: [] }),
    code: 1,
    expect: [/binary file: byte 50 is NUL/],
    outcome: 'exit 1: `file-unreadable` "binary file: byte 50 is NUL…"; nothing else reported for the file',
  },
  {
    id: 'binary',
    input: 'binary file (PNG bytes named `.md`)',
    setup: (dir) => {
      const png = Buffer.alloc(4096);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
      for (let i = 8; i < png.length; i++) png[i] = (i * 7919) % 251;
      put(dir, '.sot/IMAGE.md', png);
      return { args: [] };
    },
    code: 1,
    expect: [/file-unreadable/, /binary file/],
    outcome: 'exit 1: `file-unreadable` "binary file: …; a SOT document must be UTF-8 Markdown text"',
  },
  {
    id: 'invalid-utf8',
    input: 'invalid UTF-8 in a document',
    setup: (dir) => (put(dir, '.sot/BAD-ISSUES.md', Buffer.concat([Buffer.from(ISSUES.slice(0, 300)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(ISSUES.slice(300))])), { args: [] }),
    code: 1,
    expect: [/invalid UTF-8: the file has bytes that are not UTF-8 text \(shown here as U\+FFFD\); re-save it as UTF-8/],
    outcome: 'exit 1: `file-unreadable` "invalid UTF-8 … re-save it as UTF-8" at the first bad byte; the rest is still linted',
  },
  {
    id: 'utf16',
    input: 'UTF-16 with BOM (LE and BE)',
    setup: (dir) => {
      put(dir, '.sot/A-ISSUES.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ISSUES, 'utf16le')]));
      put(dir, '.sot/B-ISSUES.md', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ISSUES.replaceAll('A Issues', 'B Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-01'), 'utf16le').swap16()]));
      return { args: [] };
    },
    code: 0,
    expect: [/file is UTF-16LE with a byte-order mark; SOT documents should be UTF-8 \(re-save the file as UTF-8\)/, /UTF-16BE/],
    outcome: 'exit 0: a `file-unreadable` warning "file is UTF-16LE with a byte-order mark … re-save the file as UTF-8"; linted as text',
  },
  {
    id: 'utf8-bom',
    input: 'UTF-8 BOM',
    setup: (dir) => (put(dir, '.sot/A-ISSUES.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ISSUES)])), { args: [] }),
    code: 0,
    expect: [],
    outcome: 'exit 0: linted like the same file without the BOM (same findings and positions)',
  },
  {
    id: 'crlf-cr',
    input: 'CRLF and CR line endings',
    setup: (dir) => {
      put(dir, '.sot/A-ISSUES.md', ISSUES.replace(/\n/g, '\r\n'));
      put(dir, '.sot/B-ISSUES.md', ISSUES.replaceAll('A Issues', 'B Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-01').replace(/\n/g, '\r'));
      return { args: [] };
    },
    code: 0,
    expect: [],
    outcome: 'exit 0: same findings at the same lines and columns as LF (a property test checks this on generated documents)',
  },
  {
    id: 'tabs',
    input: 'mixed tabs (list indentation, YAML indentation)',
    setup: (dir) => {
      put(dir, '.sot/TABS-ISSUES.md', ISSUES.replace('- It works.', '-\tIt works.\n\t- nested\n  \t- mixed'));
      put(dir, '.sot/YAMLTAB-PRD.md', FM('Yamltab PRD').replace('owner: jp', 'owner:\n\t- jp'));
      return { args: [] };
    },
    code: 1,
    expect: [/YAMLTAB-PRD\.md[\s\S]*frontmatter-syntax/],
    outcome: 'exit 1: tabs in Markdown are fine; a tab indenting YAML is `frontmatter-syntax` at the tab',
  },
  {
    id: 'vanishes',
    input: 'a file that disappears during the run',
    setup: (dir) => {
      put(dir, '.sot/A-ISSUES.md', ISSUES);
      put(dir, '.sot/GONE-ISSUES.md', ISSUES.replaceAll('A Issues', 'Gone Issues'));
      return { args: [], env: readHook(dir, 'GONE-ISSUES.md', 'ENOENT') };
    },
    code: 1,
    expect: [/GONE-ISSUES\.md[\s\S]*file disappeared before it could be read; run again/],
    outcome: 'exit 1: `file-unreadable` "file disappeared before it could be read; run again"; the other files are linted',
  },
  {
    id: 'unreadable',
    input: 'a file that becomes unreadable (EACCES)',
    setup: (dir) => {
      put(dir, '.sot/A-ISSUES.md', ISSUES);
      const p = put(dir, '.sot/LOCKED-ISSUES.md', ISSUES.replaceAll('A Issues', 'Locked Issues'));
      if (!isRoot) {
        chmodSync(p, 0);
        return { args: [] };
      }
      return { args: [], env: readHook(dir, 'LOCKED-ISSUES.md', 'EACCES') };
    },
    code: 1,
    expect: [/LOCKED-ISSUES\.md[\s\S]*permission denied: the file cannot be read; check its permissions/],
    outcome: 'exit 1: `file-unreadable` "permission denied: the file cannot be read; check its permissions"',
  },
  {
    id: 'dangling-symlink',
    input: 'a named symlink whose target is gone',
    setup: (dir) => {
      mkdirSync(join(dir, '.sot'), { recursive: true });
      symlinkSync(join(dir, 'nowhere.md'), join(dir, '.sot/DANGLING-ISSUES.md'));
      return { args: ['.sot/DANGLING-ISSUES.md'] };
    },
    code: 1,
    expect: [/DANGLING-ISSUES\.md[\s\S]*symbolic link whose target does not exist/],
    outcome: 'exit 1: `file-unreadable` "is a symbolic link whose target does not exist…"',
  },
  {
    id: 'symlink-loop',
    input: 'directory symlink loop',
    setup: (dir) => {
      put(dir, '.sot/A-ISSUES.md', ISSUES);
      symlinkSync('.', join(dir, '.sot/loop'));
      mkdirSync(join(dir, '.sot/a'));
      symlinkSync('..', join(dir, '.sot/a/up'));
      symlinkSync('self', join(dir, '.sot/self'));
      return { args: [] };
    },
    code: 0,
    expect: [],
    outcome: 'exit 0: links are not followed; each real file is linted once',
  },
  {
    id: 'symlink-outside',
    input: 'symlink pointing outside the repository',
    setup: (dir) => {
      put(dir, 'repo/.sot/A-ISSUES.md', ISSUES);
      put(dir, 'outside/SECRET-PRD.md', '# not a SOT document\n');
      mkdirSync(join(dir, 'outside/docs'), { recursive: true });
      put(dir, 'outside/docs/OTHER-PRD.md', '# also outside\n');
      symlinkSync(join(dir, 'outside/SECRET-PRD.md'), join(dir, 'repo/.sot/SECRET-PRD.md'));
      symlinkSync(join(dir, 'outside/docs'), join(dir, 'repo/.sot/docs'));
      return { args: [], cwd: join(dir, 'repo') };
    },
    code: 0,
    expect: [],
    absent: [/SECRET-PRD/, /OTHER-PRD/],
    outcome: 'exit 0: not followed by default: neither the linked file nor the linked folder is read',
  },
  {
    id: 'many-files',
    input: '100,000 files in one folder',
    bench: true,
    testScale: 1000,
    setup: (dir, n = 100_000) => {
      mkdirSync(join(dir, '.sot'), { recursive: true });
      const sections = ['Problem Statement', 'Solution', 'Scope', 'Non-Goals', 'Acceptance Criteria', 'Validation', 'Risks And Dependencies', 'Success Definition'];
      for (let i = 0; i < n; i++) {
        const name = `N${String(i).padStart(6, '0')}`;
        writeFileSync(join(dir, '.sot', `${name}-PRD.md`), `${FM(`${name} PRD`)}${sections.map((h) => `## ${h}\n\n- ${h} of document ${i}.\n`).join('\n')}`);
      }
      return { args: [] };
    },
    code: 0,
    expect: [],
    outcome: 'exit 0: every file linted once (clean documents, so no output)',
  },
  {
    id: 'odd-names',
    input: 'file names with spaces, unicode and newlines',
    setup: (dir) => {
      put(dir, '.sot/with space-ISSUES.md', ISSUES.replaceAll('A Issues', 'With Space Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-10'));
      put(dir, '.sot/ünï çødé 文档-ISSUES.md', ISSUES.replaceAll('A Issues', 'Unicode Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-20'));
      put(dir, '.sot/new\nline-ISSUES.md', ISSUES.replaceAll('A Issues', 'Newline Issues').replace(/CTO-WORK-00/g, 'CTO-WORK-30'));
      return { args: [] };
    },
    code: 0,
    expect: [/filename-title/, /new\\nline-ISSUES\.md/],
    outcome: 'exit 0 (warnings): each reported under its own name; a newline in a name is printed as `\\n` (stylish) or `%0A` (github), never as a line break',
  },
];
