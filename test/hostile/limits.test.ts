import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { containerDepth, inlineMarkers, tableCells } from '../../src/text/prescan.js';
import { lintTexts } from '../helpers/lint.js';

/**
 * Per-file resource limits: every one is configurable, and a file over one gets one clear
 * `file-unreadable` message (what, where, which setting) instead of minutes of parsing, an
 * out-of-memory crash, or silence. Inputs here are small enough to build in memory; the big ones
 * (20 MB, 100,000 files) are in test/hostile/cli.test.ts and scripts/bench-hostile.mjs.
 */

const limits = defaultConfig('/virtual').limits;
const withLimits = (l: Partial<typeof limits>) => ({ limits: { ...limits, ...l } });
const FM = '---\ntitle: A PRD\nstatus: draft\nlifecycle_classification: sot\nowner: jp\ncreated: 2026-06-01\nlast_reviewed: 2026-06-01\ncore_promotion_status: not-promoted\nroute: cto\n---\n\n# A PRD\n\n';

function only(text: string, config = {}) {
  const run = lintTexts({ 'A-PRD.md': text }, config);
  expect(run.internalErrors).toBe(0);
  return run.results[0]!.messages;
}

describe('limits.maxNesting', () => {
  it.each([
    ['10,000 list markers on one line', `${FM}${'- '.repeat(10_000)}x\n`, 14],
    ['10,000 ordered list markers on one line', `${FM}${'1. '.repeat(10_000)}x\n`, 14],
    ['10,000 quote markers on one line', `${FM}${'> '.repeat(10_000)}x\n`, 14],
    ['quotes and lists alternating', `${FM}${'> - '.repeat(5_000)}x\n`, 14],
    ['200 lists nested by indentation (the 101st level is on line 114)', `${FM}${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`, 114],
  ])('%s: one clear message at the line, nothing else', (_name, text, line) => {
    const messages = only(text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'file-unreadable', severity: 2, line, column: 1 });
    expect(messages[0]!.message).toMatch(new RegExp(`nest more than 100 levels deep at line ${line} \\(limits\\.maxNesting\\).*raise the limit`));
  });

  it('is configurable both ways', () => {
    const text = `${FM}${'- '.repeat(30)}x\n`;
    expect(only(text).some((m) => m.ruleId === 'file-unreadable')).toBe(false);
    expect(only(text, withLimits({ maxNesting: 20 }))[0]!.message).toContain('more than 20 levels');
  });

  it('the estimate follows the nesting CommonMark builds', () => {
    expect(containerDepth('- a\n  - b\n    - c\n  - d\n- e\n').depth).toBe(3);
    expect(containerDepth('> - a\n>   - b\n').depth).toBe(3);
    expect(containerDepth('> > > x\n').depth).toBe(3);
    expect(containerDepth('1. a\n   1. b\n').depth).toBe(2);
    // A thematic break is not three nested lists.
    expect(containerDepth('- - -\n* * * * * * * *\n').depth).toBe(0);
    expect(containerDepth('plain\r\n- a\r\n  - b\r\n').depth).toBe(2);
  });
});

describe('limits.maxInlineMarkers', () => {
  it('a paragraph of `*_* _ ` (micromark pairs delimiters in quadratic time) is refused at its first line', () => {
    const text = `${FM}intro\n\n${Array.from({ length: 500 }, () => '*_* _ '.repeat(10)).join('\n')}\n`;
    const messages = only(text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'file-unreadable', line: 16 });
    expect(messages[0]!.message).toMatch(/paragraph at line 16 has more than 2000 emphasis and strikethrough markers and brackets \(limits\.maxInlineMarkers\)/);
  });

  it('many paragraphs, tight list items and code do not add up', () => {
    const paras = Array.from({ length: 600 }, () => 'Some *emphasis* and [a link](x) here.').join('\n\n');
    const items = Array.from({ length: 600 }, () => '- **Label:** [x](y) _z_').join('\n');
    const code = `\`\`\`\n${'*_* _ '.repeat(2000)}\n\`\`\`\n\nInline \`${'*_'.repeat(3000)}\` code.\n`;
    for (const body of [paras, items, code]) expect(only(`${FM}${body}\n`).filter((m) => m.ruleId === 'file-unreadable')).toEqual([]);
    expect(inlineMarkers(items).markers).toBeLessThan(10);
  });

  it('is configurable', () => {
    const text = `${FM}${'*a* '.repeat(30)}\n`;
    expect(only(text, withLimits({ maxInlineMarkers: 50 }))[0]!.message).toContain('more than 50 emphasis and strikethrough markers');
  });

  it('GFM strikethrough delimiters count: a paragraph of `a~~ ` or `~a ~~b` is refused; `~~~` fences are code', () => {
    for (const unit of ['a~~ ', 'a~ ~~b ', '~~a~~ ']) {
      const messages = only(`${FM}${unit.repeat(2100)}\n`);
      expect(messages.map((m) => m.ruleId)).toEqual(['file-unreadable']);
      expect(messages[0]!.message).toMatch(/paragraph at line 14 has more than 2000 emphasis and strikethrough markers/);
    }
    const fenced = `${FM}~~~\n${'a~~ '.repeat(3000)}\n~~~\n\nSome ~~struck~~ text.\n`;
    expect(only(fenced).filter((m) => m.ruleId === 'file-unreadable')).toEqual([]);
    expect(inlineMarkers('a ~~b~~ ~c~ d\n').markers).toBe(4);
  });
});

describe('limits.maxTableCells', () => {
  const table = (cols: number, rows: number) => `|${' a |'.repeat(cols)}\n|${' - |'.repeat(cols)}\n${Array(rows).fill(`|${' a |'.repeat(cols)}`).join('\n')}\n`;

  it('a table of thousands of columns is refused at its header row', () => {
    const messages = only(`${FM}Intro.\n\n${table(12_000, 1)}`);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'file-unreadable', severity: 2, line: 16, column: 1 })]);
    expect(messages[0]!.message).toBe("the table at line 16 takes the file's table cells over 10000 (limits.maxTableCells); the file was not linted: split the file, or raise the limit in the config");
  });

  it('the cells of every table of the file add up; the table that crosses the limit is named', () => {
    const t = table(10, 9); // 100 cells
    const config = withLimits({ maxTableCells: 1000 });
    expect(only(`${FM}${`${t}\n`.repeat(10)}`, config).filter((m) => m.ruleId === 'file-unreadable')).toEqual([]);
    const over = only(`${FM}${`${t}\n`.repeat(11)}`, config);
    expect(over.map((m) => `${m.ruleId}@${m.line}`)).toEqual([`file-unreadable@${14 + 10 * 12}`]);
  });

  it('is configurable', () => {
    expect(only(`${FM}${table(10, 9)}`, withLimits({ maxTableCells: 50 }))[0]!.message).toContain('over 50 (limits.maxTableCells)');
  });

  it('the estimate counts what GFM makes a table, in containers too, and nothing in code', () => {
    expect(tableCells('a|b\n-|-\nc\n').cells).toBe(3);
    expect(tableCells('| a \\| b | `c|d` |\n|-|-|-|\n').cells).toBe(3);
    expect(tableCells('| a |\n| :-: |\n| b |\n| c |\n\nnot | a | row\n').cells).toBe(3);
    expect(tableCells('- | a |\n  | - |\n  | b |\n').cells).toBe(2);
    expect(tableCells('> | a |\n> | - |\n> | b |\n').cells).toBe(2);
    // A setext underline, a thematic break, a list item and code are not delimiter rows.
    expect(tableCells('| a |\n---\n| b |\n').cells).toBe(0);
    expect(tableCells('| a\n- |\n').cells).toBe(0);
    expect(tableCells('```\n| a |\n| - |\n```\n').cells).toBe(0);
    expect(tableCells('a | b\n--- | --- | x\n').cells).toBe(0);
  });
});

describe('limits.maxNesting: task lists', () => {
  it('a task list nested past the limit by indentation is refused where the 101st level opens', () => {
    const messages = only(`${FM}${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- [ ] x`).join('\n')}\n`);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'file-unreadable', line: 114 })]);
    expect(messages[0]!.message).toContain('nest more than 100 levels deep at line 114 (limits.maxNesting)');
  });
});

describe('limits.maxFileBytes and limits.maxLineLength', () => {
  it('text over the size limit is refused (also when it comes as text, from an editor)', () => {
    const messages = only(`${FM}${'word '.repeat(300)}\n`, withLimits({ maxFileBytes: 1000 }));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/over the limit of 1000 \(limits\.maxFileBytes\).*split the file, or raise the limit/);
  });

  it('a line over the line limit is refused at that line', () => {
    const messages = only(`${FM}short\n\n${'x'.repeat(500)}\n`, withLimits({ maxLineLength: 100 }));
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'file-unreadable', line: 16, column: 1 })]);
    expect(messages[0]!.message).toContain('line 16 is longer than 100 characters (limits.maxLineLength)');
  });

  it('the defaults are documented and sane', () => {
    expect(limits).toEqual({ maxFileBytes: 1024 * 1024, maxLineLength: 64 * 1024, maxNesting: 100, maxInlineMarkers: 2000, maxTableCells: 10_000 });
  });
});

describe('output stays linear in the input', () => {
  it('an id defined 300 times gives 300 bounded messages, not 300 lists of 299 places', () => {
    const item = '## CTO-WORK-001 - Same\n\nStatus: blocked.\n\nAcceptance:\n\n- Done.\n\n';
    const run = lintTexts({ 'A-ISSUES.md': `${FM.replace('A PRD', 'A Issues').replace('# A PRD', '# A Issues')}${item.repeat(300)}` });
    const dups = run.results[0]!.messages.filter((m) => m.ruleId === 'duplicate-work-item');
    expect(dups).toHaveLength(300);
    for (const m of dups) {
      expect(m.message.length).toBeLessThan(300);
      expect(m.message).toMatch(/and 294 more places; keep one definition$/);
      expect(m.related!.length).toBeLessThanOrEqual(20);
    }
  });
});

const regressions = fileURLToPath(new URL('../../.sot-fixtures/regressions/', import.meta.url));
const expected = JSON.parse(readFileSync(join(regressions, 'expected.json'), 'utf8')) as Record<string, { rules: Record<string, number>; message?: string }>;

describe('regression fixtures (.sot-fixtures/regressions)', () => {
  const files = readdirSync(regressions).filter((f) => f.endsWith('.md'));
  it('every fixture has an expectation', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(files)('%s', (file) => {
    const run = lintTexts({ [file]: readFileSync(join(regressions, file), 'utf8') }, { externalItems: ['CTO-WORK-002'] });
    expect(run.internalErrors).toBe(0);
    const counts: Record<string, number> = {};
    for (const m of run.results[0]!.messages) counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
    expect(counts).toEqual(expected[file]!.rules);
    if (expected[file]!.message) expect(run.results[0]!.messages[0]!.message).toContain(expected[file]!.message);
  });
});
