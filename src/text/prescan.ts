/** The deepest block-container nesting found by `containerDepth`, and where. */
export interface NestingReport {
  depth: number;
  /** 1-based line where `depth` is first reached. */
  line: number;
  /** UTF-16 offset of that line's start. */
  offset: number;
}

/** Where the line starting at `start` ends (at its CR, LF or the end of the text). */
function lineEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  return end;
}

/** The start of the line after the one ending at `end` (a CRLF is one break). */
function nextLineStart(text: string, end: number): number {
  return end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
}

/** Where a list marker at `i` (`-`, `*`, `+`, or up to nine digits and `.` or `)`) ends; `i` when there is none. */
function listMarkerEnd(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === 45 || c === 42 || c === 43) return i + 1;
  let j = i;
  while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  const d = text.charCodeAt(j);
  return j > i && (d === 46 || d === 41) ? j + 1 : i;
}

const THEMATIC_BREAK = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * A cheap, linear pre-scan for how deeply block quotes and list items nest, so that pathological
 * input can be refused before the Markdown parser sees it (micromark's cost grows much faster than
 * linearly with container depth: 10,000 nested list markers on one line take minutes).
 *
 * It counts, per line, the `>` and list markers that open the line plus the list items still open
 * from earlier lines (tracked by their content column, as CommonMark does). It ignores lazy
 * continuation and fenced code, so it is an estimate, not a parse; it stops early once `limit` is
 * exceeded.
 */
export function containerDepth(text: string, limit = Infinity): NestingReport {
  const best: NestingReport = { depth: 0, line: 1, offset: 0 };
  /** Content columns of list items open from earlier lines. */
  const open: number[] = [];
  const fresh: number[] = [];
  let line = 1;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    const end = lineEnd(text, start);
    // Quote markers and blanks first: they say where the line's own content starts.
    let i = start;
    let col = 0;
    let quotes = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) col++;
      else if (c === 9) col += 4 - (col % 4);
      else if (c === 62) {
        quotes++;
        col++;
      } else break;
    }
    if (i < end) {
      while (open.length && open[open.length - 1]! > col) open.pop();
      const carried = open.length;
      fresh.length = 0;
      let markers = 0;
      // List markers (and quotes after them) that open this line.
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === 32) {
          col++;
          i++;
          continue;
        }
        if (c === 9) {
          col += 4 - (col % 4);
          i++;
          continue;
        }
        if (c === 62) {
          markers++;
          col++;
          i++;
          continue;
        }
        let j = i;
        if (c === 45 || c === 42 || c === 43) j = i + 1;
        else {
          while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
          const d = text.charCodeAt(j);
          j = j > i && (d === 46 || d === 41) ? j + 1 : i;
        }
        if (j === i) break;
        const after = j < end ? text.charCodeAt(j) : 32;
        if (after !== 32 && after !== 9) break;
        markers++;
        col += j - i;
        fresh.push(col + 1);
        i = j;
      }
      if (i >= end && markers >= 3 && THEMATIC_BREAK.test(text.slice(start, end))) markers = 0;
      else for (const f of fresh) open.push(f);
      const depth = quotes + markers + carried;
      if (depth > best.depth) {
        best.depth = depth;
        best.line = line;
        best.offset = start;
        if (depth > limit) return best;
      }
    }
    if (end >= n) break;
    start = nextLineStart(text, end);
    line++;
  }
  return best;
}

/** The paragraph with the most inline delimiters found by `inlineMarkers`, and where it starts. */
export interface InlineReport {
  /** Emphasis and strikethrough delimiter runs (`*`, `_`, `~`) and brackets (`[`, `]`) in that paragraph. */
  markers: number;
  line: number;
  offset: number;
}

/**
 * A cheap, linear pre-scan for the paragraph with the most emphasis and strikethrough delimiters
 * and brackets. micromark pairs them up in time that grows with the square of their number in one
 * paragraph (80 KB of `*_* _ ` takes minutes; GFM's strikethrough walks back from every closing
 * `~` run to an opening one: 128 KB of `a~~ ` took 22 s, 56 KB of `a~ ~~b ` more than 10 minutes),
 * so a paragraph with too many is refused before parsing.
 *
 * Paragraphs are runs of non-blank lines; a list marker, a heading or a code fence starts a new
 * one, fenced code and code spans are skipped, and escaped characters are not delimiters. Like
 * `containerDepth` it is an estimate; it stops early once `limit` is exceeded.
 */
export function inlineMarkers(text: string, limit = Infinity): InlineReport {
  const best: InlineReport = { markers: 0, line: 1, offset: 0 };
  let count = 0;
  let blockLine = 1;
  let blockOffset = 0;
  let fence = 0; // backtick/tilde char code of the open fence, 0 when none
  let fenceLength = 0;
  let line = 1;
  let start = 0;
  const n = text.length;
  const endBlock = () => {
    if (count > best.markers) {
      best.markers = count;
      best.line = blockLine;
      best.offset = blockOffset;
    }
    count = 0;
  };
  while (start <= n) {
    const end = lineEnd(text, start);
    // Container prefix: blanks, quote markers, list markers.
    let i = start;
    let listMarker = false;
    for (;;) {
      while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 62)) i++;
      if (i >= end) break;
      const j = listMarkerEnd(text, i, end);
      if (j === i || (j < end && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9)) break;
      listMarker = true;
      i = j;
    }
    const first = i < end ? text.charCodeAt(i) : -1;
    let run = 0;
    while (first !== -1 && (first === 96 || first === 126) && text.charCodeAt(i + run) === first) run++;
    if (fence) {
      if (first === fence && run >= fenceLength) fence = 0;
    } else if (run >= 3) {
      endBlock();
      fence = first;
      fenceLength = run;
    } else if (i >= end) {
      endBlock();
    } else {
      if (listMarker || first === 35) endBlock();
      if (count === 0) {
        blockLine = line;
        blockOffset = start;
      }
      // A code span (opening and closing backtick runs of one length, on this line) holds no
      // delimiters: what was counted since its opening is taken back when it closes.
      let spanTicks = 0;
      let beforeSpan = 0;
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 92) i++; // backslash escape
        else if (c === 91 || c === 93) count++;
        else if (c === 42 || c === 95 || c === 126) {
          count++;
          while (i + 1 < end && text.charCodeAt(i + 1) === c) i++;
        } else if (c === 96) {
          let k = i;
          while (k < end && text.charCodeAt(k) === 96) k++;
          const ticks = k - i;
          if (spanTicks === 0) {
            spanTicks = ticks;
            beforeSpan = count;
          } else if (ticks === spanTicks) {
            spanTicks = 0;
            count = beforeSpan;
          }
          i = k - 1;
        }
      }
      if (first === 35) endBlock();
      if (count > limit) {
        endBlock();
        return best;
      }
    }
    if (end >= n) break;
    start = nextLineStart(text, end);
    line++;
  }
  endBlock();
  return best;
}

/** Where the file's table cells first exceed the limit given to `tableCells`. */
export interface TableReport {
  /** Table cells counted up to and including the table at `line` (or in the whole file). */
  cells: number;
  /** 1-based line where that table starts (its header row). */
  line: number;
  offset: number;
}

/** Whether text[start, end) is a GFM table delimiter row (`| --- | :-: |`), read without a regular expression. */
function isDelimiterRow(text: string, start: number, end: number): boolean {
  let cells = 0;
  let dashes = 0;
  let pipes = 0;
  let inCell = false; // a cell's `:?-+:?` has started
  let closed = false; // its closing `:` was seen, or blanks after its dashes
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) {
      pipes++;
      if (inCell) cells++;
      inCell = false;
      closed = false;
      dashes = 0;
    } else if (c === 32 || c === 9) {
      if (inCell) closed = true;
    } else if (c === 58 || c === 45) {
      if (closed) return false;
      if (c === 58 && inCell && dashes > 0) closed = true;
      else if (c === 58 && inCell) return false;
      else {
        inCell = true;
        if (c === 45) dashes++;
      }
    } else return false;
  }
  if (inCell) {
    if (dashes === 0) return false;
    cells++;
  }
  return cells > 0 && (pipes > 0 || cells > 1);
}

/**
 * A cheap, linear pre-scan for how many cells the file's GFM tables hold. micromark parses every
 * cell like a paragraph of its own (tens of microseconds and several KB of memory each), and the
 * table extension's edits of a document's events took time that grows with the square of its
 * cells (the bundled parser is patched, see scripts/vendor-patches.mjs; an unbundled install is not),
 * so a file with too many is refused before parsing.
 *
 * A table is a line followed by a delimiter row (`| --- | --- |`), and the lines after it up to a
 * blank line; each line's cells are what its unescaped `|` split it into. Container prefixes
 * (blanks, `>`, list markers) are skipped and fenced code is not looked into. Like the other
 * pre-scans it is an estimate; it stops once `limit` is exceeded.
 */
export function tableCells(text: string, limit = Infinity): TableReport {
  const report: TableReport = { cells: 0, line: 1, offset: 0 };
  let fence = 0;
  let fenceLength = 0;
  let inTable = false;
  let line = 1;
  let start = 0;
  // The last line, when it was a non-blank line outside code: a table's header row is one.
  let prev = { line: 0, offset: 0, pipes: -1, cells: 0 }; // pipes -1: no such line
  const n = text.length;
  while (start <= n) {
    const end = lineEnd(text, start);
    // Container prefix: blanks, quote markers, list markers.
    let i = start;
    for (;;) {
      while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 62)) i++;
      if (i >= end) break;
      const j = listMarkerEnd(text, i, end);
      // A list marker is followed by a blank; a delimiter row's `-` is not (`- | -` is a list item).
      if (j === i || j >= end || (text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9)) break;
      i = j;
    }
    const first = i < end ? text.charCodeAt(i) : -1;
    let run = 0;
    while (first !== -1 && (first === 96 || first === 126) && text.charCodeAt(i + run) === first) run++;
    if (fence) {
      if (first === fence && run >= fenceLength) fence = 0;
    } else if (run >= 3) {
      fence = first;
      fenceLength = run;
      inTable = false;
      prev.pipes = -1;
    } else if (i >= end) {
      inTable = false;
      prev.pipes = -1;
    } else {
      // Cells of the line as a row: its unescaped pipes split it; a leading and a trailing one do not.
      let pipes = 0;
      let last = end;
      while (last > i && (text.charCodeAt(last - 1) === 32 || text.charCodeAt(last - 1) === 9)) last--;
      for (let k = i; k < last; k++) {
        const c = text.charCodeAt(k);
        if (c === 92) k++;
        else if (c === 124) pipes++;
      }
      const edges = (first === 124 ? 1 : 0) + (last - 1 > i && text.charCodeAt(last - 1) === 124 && text.charCodeAt(last - 2) !== 92 ? 1 : 0);
      const cells = Math.max(1, pipes + 1 - edges);
      if (inTable) report.cells += cells;
      else if (prev.pipes >= 0 && isDelimiterRow(text, i, end) && (pipes > 0 || prev.pipes > 0)) {
        inTable = true;
        report.cells += prev.cells;
        report.line = prev.line;
        report.offset = prev.offset;
      }
      if (report.cells > limit) return report;
      prev = { line, offset: start, pipes, cells };
    }
    if (end >= n) break;
    start = nextLineStart(text, end);
    line++;
  }
  return report;
}
