/**
 * Undoes the ways a value can be written so it no longer looks like itself, keeping a map from
 * every normalized character back to the source characters it came from:
 *
 * 0. terminal codes (colours and cursor moves in logs: `ESC[31m`, `ESC]…BEL`), removed as a
 *    terminal removes them,
 * 1. HTML character references (`&#46;`, `&#x2e;`, `&period;`),
 * 2. backslash escapes (Markdown `\.`, JSON `\/` and `\u002e`; `\n`, `\t`, `\r`, `\b`, `\f` read as a space),
 * 3. one round of percent-decoding (`%3A`, UTF-8 sequences),
 * 4. Unicode: invisible format characters removed, NFKC per character (fullwidth digits and
 *    dots), ideographic full stops read as dots,
 * 5. defanging: `hxxp`, `[.]`, `(.)`, `[dot]`, `[:]`, `[@]`.
 *
 * Each step is one linear pass, skipped entirely when its trigger character is absent (plain
 * ASCII prose costs one scan per step and no copy).
 */
export interface Normalized {
  text: string;
  /** Source offset where each normalized character starts; null when the text is the source. */
  starts: Int32Array | null;
  /** Source offset just past each normalized character's source; null when identity. */
  ends: Int32Array | null;
}

export function identity(text: string): Normalized {
  return { text, starts: null, ends: null };
}

/** Source range of the normalized range [a, b). */
export function toSource(n: Normalized, a: number, b: number): { start: number; end: number } {
  if (!n.starts || !n.ends) return { start: a, end: b };
  if (n.text.length === 0) return { start: 0, end: 0 };
  const s = n.starts[Math.min(a, n.text.length - 1)]!;
  const e = b > a ? n.ends[Math.min(b - 1, n.text.length - 1)]! : s;
  return { start: s, end: Math.max(s, e) };
}

/** Did normalization change anything inside the normalized range [a, b)? */
export function rewritten(n: Normalized, source: string, a: number, b: number): boolean {
  if (!n.starts) return false;
  const r = toSource(n, a, b);
  return source.slice(r.start, r.end) !== n.text.slice(a, b);
}

/** Builds the next text and its map while one pass walks the previous one. */
class Builder {
  private readonly parts: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;
  constructor(private readonly prev: Normalized) {
    this.starts = new Int32Array(prev.text.length + 16);
    this.ends = new Int32Array(prev.text.length + 16);
  }

  private room(extra: number): void {
    if (this.n + extra <= this.starts.length) return;
    const size = Math.max(this.starts.length * 2, this.n + extra);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }

  /** Copies prev[i, j) unchanged. */
  copy(i: number, j: number): void {
    if (j <= i) return;
    this.parts.push(this.prev.text.slice(i, j));
    this.room(j - i);
    const ps = this.prev.starts;
    const pe = this.prev.ends;
    if (ps && pe) {
      this.starts.set(ps.subarray(i, j), this.n);
      this.ends.set(pe.subarray(i, j), this.n);
      this.n += j - i;
    } else {
      for (let k = i; k < j; k++) {
        this.starts[this.n] = k;
        this.ends[this.n++] = k + 1;
      }
    }
  }

  /** Emits `out` as standing for prev[i, j). */
  emit(out: string, i: number, j: number): void {
    if (!out) return;
    this.parts.push(out);
    this.room(out.length);
    const s = this.prev.starts ? this.prev.starts[i]! : i;
    const e = this.prev.ends ? this.prev.ends[j - 1]! : j;
    for (let k = 0; k < out.length; k++) {
      this.starts[this.n] = s;
      this.ends[this.n++] = e;
    }
  }

  done(): Normalized {
    return { text: this.parts.join(''), starts: this.starts.slice(0, this.n), ends: this.ends.slice(0, this.n) };
  }
}

const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', period: '.', colon: ':', sol: '/', bsol: '\\',
  commat: '@', num: '#', percnt: '%', lowbar: '_', hyphen: '-', dash: '-', equals: '=', quest: '?', excl: '!',
  lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lpar: '(', rpar: ')', lcub: '{', rcub: '}', ast: '*', plus: '+',
  comma: ',', semi: ';', verbar: '|', tilde: '~', grave: '`', dollar: '$', Tab: '\t', NewLine: '\n', ZeroWidthSpace: '',
  shy: '', zwj: '', zwnj: '',
}));

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiPunct = (c: number) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);

function codePointText(cp: number): string | undefined {
  if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}

/** `&#46;` `&#x2e;` `&period;` (numeric ones also without the `;`). */
function decodeEntities(n: Normalized): Normalized {
  const t = n.text;
  if (!t.includes('&')) return n;
  const b = new Builder(n);
  let last = 0;
  for (let i = t.indexOf('&'); i !== -1; i = t.indexOf('&', i + 1)) {
    if (i < last) continue;
    let j = i + 1;
    let out: string | undefined;
    if (t.charCodeAt(j) === 35) {
      j++;
      const hex = t.charCodeAt(j) === 120 || t.charCodeAt(j) === 88;
      if (hex) j++;
      const from = j;
      while (j < t.length && j - from < 8 && (hex ? isHex(t.charCodeAt(j)) : isDigit(t.charCodeAt(j)))) j++;
      if (j > from) {
        out = codePointText(parseInt(t.slice(from, j), hex ? 16 : 10));
        if (t.charCodeAt(j) === 59) j++;
      }
    } else {
      const from = j;
      while (j < t.length && j - from < 16 && isAlnum(t.charCodeAt(j))) j++;
      if (t.charCodeAt(j) === 59 && j > from) {
        out = NAMED_ENTITIES.get(t.slice(from, j));
        j++;
      }
    }
    if (out === undefined) continue;
    b.copy(last, i);
    if (out) b.emit(out, i, j);
    last = j;
  }
  if (last === 0) return n;
  b.copy(last, t.length);
  return b.done();
}

/** Markdown `\.`, JSON `\/`, and `\uXXXX` escapes. */
function decodeBackslashes(n: Normalized): Normalized {
  const t = n.text;
  if (!t.includes('\\')) return n;
  const b = new Builder(n);
  let last = 0;
  for (let i = t.indexOf('\\'); i !== -1; i = t.indexOf('\\', i + 1)) {
    if (i < last) continue;
    const c = t.charCodeAt(i + 1);
    if (c === 117 && i + 6 <= t.length && isHex(t.charCodeAt(i + 2)) && isHex(t.charCodeAt(i + 3)) && isHex(t.charCodeAt(i + 4)) && isHex(t.charCodeAt(i + 5))) {
      const out = codePointText(parseInt(t.slice(i + 2, i + 6), 16));
      if (out === undefined) continue;
      b.copy(last, i);
      b.emit(out, i, i + 6);
      last = i + 6;
    } else if (isAsciiPunct(c)) {
      b.copy(last, i);
      b.emit(t[i + 1]!, i, i + 2);
      last = i + 2;
    } else if (c === 110 || c === 116 || c === 114 || c === 98 || c === 102) {
      // JSON and C escapes of whitespace (`\n`, `\t`, `\r`, `\b`, `\f`): a space, so a value
      // after one in a log line or a JSON string starts a word as it does after a real line break.
      b.copy(last, i);
      b.emit(' ', i, i + 2);
      last = i + 2;
    }
  }
  if (last === 0) return n;
  b.copy(last, t.length);
  return b.done();
}

function byteAt(t: string, i: number): number {
  if (t.charCodeAt(i) !== 37 || !isHex(t.charCodeAt(i + 1)) || !isHex(t.charCodeAt(i + 2))) return -1;
  return parseInt(t.slice(i + 1, i + 3), 16);
}

/** One round of percent-decoding; UTF-8 sequences decode as one character, invalid ones stay. */
function decodePercent(n: Normalized): Normalized {
  const t = n.text;
  if (!t.includes('%')) return n;
  const b = new Builder(n);
  let last = 0;
  for (let i = t.indexOf('%'); i !== -1; i = t.indexOf('%', i + 1)) {
    if (i < last) continue;
    const lead = byteAt(t, i);
    if (lead < 0) continue;
    let len = 0;
    if (lead < 0x80) len = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) len = 2;
    else if (lead >= 0xe0 && lead <= 0xef) len = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) len = 4;
    if (len === 0) continue;
    const bytes = [lead];
    for (let k = 1; k < len; k++) {
      const x = byteAt(t, i + 3 * k);
      if (x < 0x80 || x > 0xbf) break;
      bytes.push(x);
    }
    if (bytes.length !== len) continue;
    let out: string;
    if (len === 1) out = String.fromCharCode(lead);
    else {
      try {
        out = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
      } catch {
        continue;
      }
    }
    b.copy(last, i);
    b.emit(out, i, i + 3 * len);
    last = i + 3 * len;
  }
  if (last === 0) return n;
  b.copy(last, t.length);
  return b.done();
}

// Invisible characters: format controls (Cf: zero-width space/joiners, soft hyphen, bidi
// controls, BOM), variation selectors, the combining grapheme joiner and Hangul fillers.
const FORMAT_CONTROL = /\p{Cf}/u;
function invisible(cp: number, ch: string): boolean {
  return (
    FORMAT_CONTROL.test(ch) ||
    cp === 0x034f ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
const IDEOGRAPHIC_STOPS = new Set(['\u3002', '\uff61', '\uff0e']);
/** What each non-ASCII code point normalizes to (documents repeat the same few). */
const nfkcCache = new Map<number, string>();
const NON_ASCII = /[\u0080-\uffff]/;

function normalizeUnicode(n: Normalized): Normalized {
  const t = n.text;
  if (!NON_ASCII.test(t)) return n;
  // Made on the first change only: most non-ASCII text (an arrow, a dash) normalizes to itself.
  let b: Builder | undefined;
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) < 0x80) continue;
    const cp = t.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = t.slice(i, i + width);
    let out = nfkcCache.get(cp);
    if (out === undefined) {
      out = invisible(cp, ch) ? '' : IDEOGRAPHIC_STOPS.has(ch) ? '.' : ch.normalize('NFKC');
      if (nfkcCache.size < 65536) nfkcCache.set(cp, out);
    }
    if (out !== ch) {
      b ??= new Builder(n);
      b.copy(last, i);
      if (out) b.emit(out, i, i + width);
      last = i + width;
    }
    i += width - 1;
  }
  if (!b) return n;
  b.copy(last, t.length);
  return b.done();
}

const DEFANG = new Map<string, string>(Object.entries({ '[.]': '.', '(.)': '.', '{.}': '.', '[dot]': '.', '(dot)': '.', '{dot}': '.', '[:]': ':', '[://]': '://', '[@]': '@', '[at]': '@' }));
const DEFANG_MAX = 5;
/** The second character of every pattern, lower-cased (char codes). */
const DEFANG_SECOND = new Set([...DEFANG.keys()].map((k) => k.toLowerCase().charCodeAt(1)));
const DEFANG_START = /[[({]/g;
const DEFANG_OR_HXXP_START = /[[({h]/gi;

/** ASCII-only lower-casing: the result has the same length, so offsets still line up. */
export function asciiLower(s: string): string {
  // Plain ASCII (nearly always): the native lower-casing keeps the length.
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  // Else the ASCII runs between non-ASCII runs, each lower-cased natively (one call per run of
  // either kind, not one per upper-case letter: machine-made text is full of upper-case ids).
  NON_ASCII_RUN.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = NON_ASCII_RUN.exec(s); m; m = NON_ASCII_RUN.exec(s)) {
    out += s.slice(last, m.index).toLowerCase() + m[0];
    last = m.index + m[0].length;
  }
  return out + s.slice(last).toLowerCase();
}
const NON_ASCII_RUN = /[\u0080-\uffff]+/g;

/** `hxxp` → `http`, `[.]`/`[dot]` → `.`, `[:]` → `:`, `[@]` → `@` (case-insensitive). */
function undoDefang(n: Normalized): Normalized {
  const t = n.text;
  const hasBracket = t.includes('[') || t.includes('(') || t.includes('{');
  const hasHxxp = /hxxp/i.test(t);
  if (!hasBracket && !hasHxxp) return n;
  // Jumps between the characters a pattern can start with; lower-cased only where one may start.
  const starts = hasHxxp ? DEFANG_OR_HXXP_START : DEFANG_START;
  starts.lastIndex = 0;
  let b: Builder | undefined;
  let last = 0;
  for (let m = starts.exec(t); m; m = starts.exec(t)) {
    const i = m.index;
    const c = t.charCodeAt(i);
    if (c === 104 || c === 72) {
      if (asciiLower(t.slice(i, i + 4)) !== 'hxxp') continue;
      b ??= new Builder(n);
      b.copy(last, i + 1);
      b.emit(t[i + 1] === 'X' ? 'T' : 't', i + 1, i + 2);
      b.emit(t[i + 2] === 'X' ? 'T' : 't', i + 2, i + 3);
      last = i + 3;
      starts.lastIndex = i + 4;
      continue;
    }
    // Only a bracket followed by a pattern's second character can start one: other brackets ("(3 items") cost a lookup.
    const c1 = t.charCodeAt(i + 1);
    if (!DEFANG_SECOND.has(c1 >= 65 && c1 <= 90 ? c1 + 32 : c1)) continue;
    for (let len = 3; len <= DEFANG_MAX && i + len <= t.length; len++) {
      const out = DEFANG.get(asciiLower(t.slice(i, i + len)));
      if (out !== undefined) {
        b ??= new Builder(n);
        b.copy(last, i);
        b.emit(out, i, i + len);
        last = i + len;
        starts.lastIndex = i + len;
        break;
      }
    }
  }
  if (!b) return n;
  b.copy(last, t.length);
  return b.done();
}

/** The end of the terminal code that starts with ESC at `i` (`i` when there is none). */
function terminalCodeEnd(t: string, i: number): number {
  const c = t.charCodeAt(i + 1);
  if (c === 91) {
    // CSI: parameters, intermediates, one final byte.
    let j = i + 2;
    while (j < t.length && j - i < 40 && t.charCodeAt(j) >= 0x30 && t.charCodeAt(j) <= 0x3f) j++;
    while (j < t.length && j - i < 48 && t.charCodeAt(j) >= 0x20 && t.charCodeAt(j) <= 0x2f) j++;
    const f = t.charCodeAt(j);
    return f >= 0x40 && f <= 0x7e ? j + 1 : i;
  }
  if (c === 93) {
    // OSC (a window title, a hyperlink's target): ends with BEL or ESC \.
    for (let j = i + 2; j < t.length && j - i < 512; j++) {
      const x = t.charCodeAt(j);
      if (x === 7) return j + 1;
      if (x === 0x1b && t.charCodeAt(j + 1) === 92) return j + 2;
      if (x === 10) break;
    }
    return i;
  }
  return c >= 0x40 && c <= 0x5f ? i + 2 : i;
}

/** Terminal codes removed: `ESC[1m10.0.ESC[0m0.5` reads `10.0.0.5`, as a terminal shows it. */
function removeTerminalCodes(n: Normalized): Normalized {
  const t = n.text;
  if (!t.includes('\x1b')) return n;
  let b: Builder | undefined;
  let last = 0;
  for (let i = t.indexOf('\x1b'); i !== -1; i = t.indexOf('\x1b', i + 1)) {
    if (i < last) continue;
    const e = terminalCodeEnd(t, i);
    if (e === i) continue;
    b ??= new Builder(n);
    b.copy(last, i);
    last = e;
  }
  if (!b) return n;
  b.copy(last, t.length);
  return b.done();
}

/** All steps, in order. */
export function normalize(text: string): Normalized {
  let n: Normalized = identity(text);
  n = removeTerminalCodes(n);
  n = decodeEntities(n);
  n = decodeBackslashes(n);
  n = decodePercent(n);
  n = normalizeUnicode(n);
  n = undoDefang(n);
  return n;
}
