import type { Fix, LintMessage, RelatedLocation } from '../lint/types.js';
import type { LineIndex } from '../text/line-index.js';

/** One text edit: [start, end) of the text as it was just before this edit becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Maps a range through one edit. Ranges before the edit stay, ranges after it move, a range that
 * contains the edit grows or shrinks with it; a range the edit cuts into is gone (undefined).
 */
export function mapRange(start: number, end: number, edit: TextEdit): [number, number] | undefined {
  const delta = edit.text.length - (edit.end - edit.start);
  if (end < edit.start || (end === edit.start && start < end)) return [start, end];
  if (start >= edit.end) return [start + delta, end + delta];
  if (start <= edit.start && end >= edit.end && end > start) return [start, end + delta];
  return undefined;
}

function mapThrough(start: number, end: number, edits: readonly TextEdit[]): [number, number] | undefined {
  let r: [number, number] | undefined = [start, end];
  for (const e of edits) {
    r = mapRange(r[0], r[1], e);
    if (!r) return undefined;
  }
  return r;
}

const offsetOf = (lines: LineIndex, line: number, column: number) => lines.lineStart(line) + column - 1;

/**
 * Moves messages computed for the text `before` through `edits` so that they point at the same
 * words of the text `after`. Used for an open document's last cross-file messages, which stay on
 * screen (and keep their suppressions honest) until the next cross-file run replaces them.
 * Messages whose range was edited are dropped; that run brings them back if they still hold.
 */
export function shiftMessages(messages: readonly LintMessage[], path: string, before: LineIndex, edits: readonly TextEdit[], after: LineIndex): LintMessage[] {
  if (edits.length === 0) return [...messages];
  const out: LintMessage[] = [];
  for (const m of messages) {
    const r = mapThrough(offsetOf(before, m.line, m.column), offsetOf(before, m.endLine, m.endColumn), edits);
    if (!r) continue;
    const a = after.point(r[0]);
    const b = after.point(r[1]);
    const moved: LintMessage = { ...m, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    if (m.fix) {
      const f = mapThrough(m.fix.range[0], m.fix.range[1], edits);
      const fix: Fix | undefined = f ? { range: f, text: m.fix.text } : undefined;
      if (fix) moved.fix = fix;
      else delete moved.fix;
    }
    if (m.related) {
      moved.related = m.related.flatMap((rel): RelatedLocation[] => {
        if (rel.filePath !== path) return [rel];
        const rr = mapThrough(offsetOf(before, rel.line, rel.column), offsetOf(before, rel.endLine, rel.endColumn), edits);
        if (!rr) return [];
        const ra = after.point(rr[0]);
        const rb = after.point(rr[1]);
        return [{ ...rel, line: ra.line, column: ra.column, endLine: rb.line, endColumn: rb.column }];
      });
    }
    out.push(moved);
  }
  return out;
}

/** The smallest single edit that turns `before` into `after` (for clients that send whole texts). */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, text: after.slice(start, endA) };
}
