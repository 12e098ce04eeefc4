import { describe, expect, it } from 'vitest';
import type { LintMessage } from '../../src/lint/types.js';
import { diffEdit, mapRange, shiftMessages } from '../../src/lsp/shift.js';
import { LineIndex } from '../../src/text/line-index.js';

const msg = (line: number, column: number, endLine: number, endColumn: number, extra: Partial<LintMessage> = {}): LintMessage => ({
  ruleId: 'status-claim-conflict', severity: 1, message: 'm', line, column, endLine, endColumn, fingerprint: 'f', ...extra,
});

describe('moving cross-file messages through edits', () => {
  it('keeps ranges before an edit, moves ranges after it, grows ranges around it, drops ranges it cuts', () => {
    const insert = { start: 10, end: 10, text: 'abc' };
    expect(mapRange(2, 5, insert)).toEqual([2, 5]);
    expect(mapRange(5, 10, insert)).toEqual([5, 10]);
    expect(mapRange(10, 12, insert)).toEqual([13, 15]);
    expect(mapRange(10, 10, insert)).toEqual([13, 13]);
    expect(mapRange(8, 12, insert)).toEqual([8, 15]);
    const replace = { start: 10, end: 14, text: 'x' };
    expect(mapRange(12, 20, replace)).toBeUndefined();
    expect(mapRange(14, 20, replace)).toEqual([11, 17]);
    expect(mapRange(8, 16, replace)).toEqual([8, 13]);
  });

  it('moves a message, its fix and its same-file related location down when a line is inserted above', () => {
    const before = 'a\nb\nclaim here\n';
    const after = 'a\nnew line\nb\nclaim here\n';
    const m = msg(3, 1, 3, 6, {
      fix: { range: [4, 9], text: 'X' },
      related: [{ filePath: '/w/A.md', line: 2, column: 1, endLine: 2, endColumn: 2, message: 'here' }, { filePath: '/w/B.md', line: 2, column: 1, endLine: 2, endColumn: 2, message: 'there' }],
    });
    const [moved] = shiftMessages([m], '/w/A.md', new LineIndex(before), [{ start: 2, end: 2, text: 'new line\n' }], new LineIndex(after));
    expect(moved).toMatchObject({ line: 4, column: 1, endLine: 4, endColumn: 6, fix: { range: [13, 18], text: 'X' } });
    expect(moved!.related).toEqual([
      { filePath: '/w/A.md', line: 3, column: 1, endLine: 3, endColumn: 2, message: 'here' },
      { filePath: '/w/B.md', line: 2, column: 1, endLine: 2, endColumn: 2, message: 'there' },
    ]);
  });

  it('drops a message whose words were partly replaced', () => {
    const before = 'claim here\n';
    const after = 'clxim here\n';
    expect(shiftMessages([msg(1, 1, 1, 6)], '/w/A.md', new LineIndex(before), [{ start: 2, end: 7, text: 'xim h' }], new LineIndex(after))).toEqual([]);
  });

  it('turns a whole-text change into the smallest edit', () => {
    expect(diffEdit('abcdef', 'abXYef')).toEqual({ start: 2, end: 4, text: 'XY' });
    expect(diffEdit('abc', 'abc')).toBeUndefined();
    expect(diffEdit('aaa', 'aaaa')).toEqual({ start: 3, end: 3, text: 'a' });
  });
});
