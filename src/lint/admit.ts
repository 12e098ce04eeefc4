import type { SotConfig } from '../config/config.js';
import { overLimitMessage } from '../files/limits.js';
import { decodeBytes } from '../text/decode.js';
import { LineIndex } from '../text/line-index.js';
import { containerDepth, inlineMarkers, tableCells } from '../text/prescan.js';
import type { Reportable } from './messages.js';
import type { Timing } from './timing.js';

/** What admission reads of a file to lint (`LintInput`): its bytes or text, or why it could not be read. */
export interface FileContent {
  bytes?: Uint8Array;
  text?: string;
  readError?: string;
}

/** A file's text as admitted for parsing, or its refusal. */
export interface Admission {
  /** The text to parse; absent when the file is refused (unreadable, binary, over a limit). */
  text?: string;
  /** Positions in the text that was read (none: empty): what the reports and the rules' messages are placed with. */
  lines: LineIndex;
  /** `file-unreadable` reports, in order: the decoding problems, then the refusal. */
  reports: Reportable[];
}

const at = (offset: number) => ({ start: offset, end: offset });

/**
 * Decodes a file and holds it to the configured limits before the parser sees it: a file over a
 * limit would be parsed for minutes (hostile input), so it is refused and reported instead.
 */
export function admit(input: FileContent, limits: SotConfig['limits'], timing: Timing): Admission {
  if (input.readError !== undefined) return { lines: new LineIndex(''), reports: [{ range: at(0), message: input.readError }] };
  let text = input.text;
  let lines: LineIndex;
  const reports: Reportable[] = [];
  if (text === undefined) {
    const bytes = input.bytes ?? new Uint8Array();
    if (bytes.length > limits.maxFileBytes) return { lines: new LineIndex(''), reports: [{ range: at(0), message: overLimitMessage(bytes.length, limits.maxFileBytes) }] };
    const decoded = timing.time('read', () => decodeBytes(bytes));
    text = decoded.text;
    lines = new LineIndex(text);
    for (const p of decoded.problems) reports.push({ range: at(p.offset ?? 0), message: p.message, severityOverride: p.severity });
    if (decoded.binary) return { lines, reports };
  } else {
    if (text.length > limits.maxFileBytes) {
      const message = `file is ${text.length} characters long, over the limit of ${limits.maxFileBytes} (limits.maxFileBytes); it was not linted: split the file, or raise the limit in the config`;
      return { lines: new LineIndex(''), reports: [{ range: at(0), message }] };
    }
    lines = new LineIndex(text);
  }
  const refusal = overLimit(text, lines, limits);
  if (refusal) return { lines, reports: [...reports, refusal] };
  return { text, lines, reports };
}

/** The refusal for the first limit the text is over (one is enough to refuse it), cheapest check first. */
function overLimit(text: string, lines: LineIndex, limits: SotConfig['limits']): Reportable | undefined {
  const longLine = findLongLine(lines, limits.maxLineLength);
  if (longLine) {
    return { range: at(lines.lineStart(longLine)), message: `line ${longLine} is longer than ${limits.maxLineLength} characters (limits.maxLineLength); the file was not linted: break the line, or raise the limit in the config` };
  }
  const nesting = containerDepth(text, limits.maxNesting);
  if (nesting.depth > limits.maxNesting) {
    return {
      range: at(nesting.offset),
      message: `block quotes and lists nest more than ${limits.maxNesting} levels deep at line ${nesting.line} (limits.maxNesting); the file was not linted: flatten the nesting, or raise the limit in the config`,
    };
  }
  const inline = inlineMarkers(text, limits.maxInlineMarkers);
  if (inline.markers > limits.maxInlineMarkers) {
    return {
      range: at(inline.offset),
      message: `the paragraph at line ${inline.line} has more than ${limits.maxInlineMarkers} emphasis and strikethrough markers and brackets (limits.maxInlineMarkers); the file was not linted: split the paragraph, or raise the limit in the config`,
    };
  }
  const tables = tableCells(text, limits.maxTableCells);
  if (tables.cells > limits.maxTableCells) {
    return {
      range: at(tables.offset),
      message: `the table at line ${tables.line} takes the file's table cells over ${limits.maxTableCells} (limits.maxTableCells); the file was not linted: split the file, or raise the limit in the config`,
    };
  }
  return undefined;
}

function findLongLine(lines: LineIndex, max: number): number | undefined {
  if (lines.text.length <= max) return undefined;
  for (let l = 1; l <= lines.lineCount; l++) if (lines.lineEnd(l) - lines.lineStart(l) > max) return l;
  return undefined;
}
