/**
 * The one redactor (SPEC §3): everything the tool prints or writes passes through `Redactor`. No
 * import beyond the detector (and types): `sot gate stage2` loads it on its fast path, with the leak
 * policy loaded lazily by the gate.
 */
import { lazyRegExp } from '../text/identity.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import type { KnownValue } from './known-env.js';
import type { LeakClassId, LeakPolicy } from './policy.js';

export const WITHHELD = '(value withheld)';

/**
 * Whether the detector reports anything in a text, remembered per policy and protected values:
 * the engine checks every message and related-location message, and the same texts recur (a
 * cycle's "X is on the cycle" for each member, a message checked by two documents' redactors).
 */
const detected = new WeakMap<LeakPolicy, WeakMap<readonly KnownValue[], Map<string, boolean>>>();
const DETECTED_MAX = 100_000;
function detectsLeak(text: string, policy: LeakPolicy, known: readonly KnownValue[]): boolean {
  let byKnown = detected.get(policy);
  if (!byKnown) detected.set(policy, (byKnown = new WeakMap()));
  let memo = byKnown.get(known);
  if (!memo) byKnown.set(known, (memo = new Map()));
  let hit = memo.get(text);
  if (hit === undefined) {
    hit = detectLeaks(text, { policy, knownValues: known }).length > 0;
    if (memo.size >= DETECTED_MAX) memo.clear();
    memo.set(text, hit);
  }
  return hit;
}

/** Identifying parts shorter than this (folded) are not searched for alone: `gpu` would hide every GPU. */
const MIN_PART = 4;

/** A value as the redactor sees it, and the class the detector gave it. */
export interface LeakedValue {
  text: string;
  classId?: LeakClassId;
}

const LOOPBACK_HOST = /^(?:localhost|localhost\.localdomain|127(?:\.\d{1,3}){3}|0\.0\.0\.0|::1?|0:0:0:0:0:0:0:[01])$/i;

/** One round of percent-decoding and JSON/shell backslash escapes, as the detector reads a value. */
function decoded(value: string): string {
  let v = value;
  if (v.includes('%')) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // not percent-encoded after all
    }
  }
  return v.includes('\\') ? v.replace(/\\(.)/g, '$1') : v;
}

/**
 * The parts of a leaked value that identify it, which no output may hold in any shape: a
 * credential whole; of anything holding a host, the host (the host and port when the host is a
 * loopback name or too short to be told from ordinary words), the password of a URL, and for an
 * IPv4 address every run of two or more of its numbers (`100.88.12.7` → `100.88`, `88.12.7`, …: a
 * heading cut after the first number still shows no piece). Never a scheme, a path or a single
 * public name label: `https://github.com/foo/current` is identified by `github.com`, and a message
 * that says "current" or "github" is not withheld for it.
 */
export function identifyingParts(value: LeakedValue): string[] {
  // Markdown formatting inside a value (`` `100.101`.`102.103` ``, **spark1**) is not part of it.
  const v = decoded(value.text.normalize('NFKC'))
    .replace(/[`*~]/g, '')
    .replace(/\[\.\]|\(\.\)|\[dot\]|\(dot\)/gi, '.')
    .trim();
  if (value.classId === 'credential' && !v.includes('://')) return [v];
  const rest = v.replace(/^[a-z][a-z0-9+.-]{0,31}:\/\//i, '');
  const parts: string[] = [];
  const stop = rest.search(/[/?#\s]/);
  let authority = stop === -1 ? rest : rest.slice(0, stop);
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const user = authority.slice(0, at);
    const colon = user.indexOf(':');
    if (colon !== -1 && user.length - colon - 1 >= MIN_PART) parts.push(user.slice(colon + 1));
    authority = authority.slice(at + 1);
  }
  let host = authority;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = authority.slice(1, close === -1 ? undefined : close);
    port = close === -1 ? '' : authority.slice(close + 1).replace(/^:/, '');
  } else {
    const m = /^(.*?):(\d{1,5})$/.exec(authority);
    if (m && !m[1]!.includes(':')) {
      host = m[1]!;
      port = m[2]!;
    }
  }
  const short = foldText(host).length < MIN_PART;
  if (host && !LOOPBACK_HOST.test(host) && !short) parts.push(host);
  else if (host && port) parts.push(`${host}:${port}`);
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (octets && !LOOPBACK_HOST.test(host)) {
    const n = octets.slice(1);
    for (let i = 0; i < 4; i++) for (let j = i + 2; j <= 4; j++) if (j - i < 4) parts.push(n.slice(i, j).join('.'));
  }
  if (!parts.length) parts.push(rest);
  return parts;
}

/**
 * Text folded for finding re-shaped echoes: letters and digits only (NFKC, lower case), with where
 * each came from and where words end (`bound[k]`: a separator, or a change between letter and
 * digit, lies between folded characters k-1 and k). A title `Spark 100.88.12.7 Issues` and the file
 * name `SPARK-100-88-12-7-ISSUES.md` fold to the same run of digits between word ends.
 */
interface Folded {
  s: string;
  /** Source offset of each folded character, and one past the source end of each. */
  from: number[];
  to: number[];
  bound: Uint8Array;
}

const ASCII_ONLY = /^[^\u0080-\uffff]*$/;
const NOT_ALNUM = /[^a-z0-9]+/g;
const LETTER_OR_DIGIT = lazyRegExp('[\\p{L}\\p{N}]', 'u');
const IGNORABLE = lazyRegExp('[\\p{Default_Ignorable_Code_Point}\\p{Cf}]', 'u');

function fold(text: string): Folded {
  let s = '';
  const from: number[] = [];
  const to: number[] = [];
  const cuts: number[] = [];
  let lastKind = 0; // 0 none, 1 letter, 2 digit
  let separated = true;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ascii = cp < 128;
    const ch = ascii ? text[i]! : String.fromCodePoint(cp);
    const next = i + ch.length;
    if (ascii ? (cp >= 48 && cp <= 57) || ((cp | 32) >= 97 && (cp | 32) <= 122) : LETTER_OR_DIGIT().test(ch)) {
      const out = ascii ? ch.toLowerCase() : ch.normalize('NFKC').toLowerCase();
      for (const o of out) {
        const kind = o >= '0' && o <= '9' ? 2 : 1;
        if (separated || (lastKind && kind !== lastKind)) cuts.push(s.length);
        s += o;
        from.push(i);
        to.push(next);
        lastKind = kind;
        separated = false;
      }
    } else if (ascii || !IGNORABLE().test(ch)) separated = true;
    i = next;
  }
  const bound = new Uint8Array(s.length + 1);
  for (const c of cuts) bound[c] = 1;
  bound[s.length] = 1;
  bound[0] = 1;
  return { s, from, to, bound };
}

/** A text's letters and digits, lower case (what identifying parts are compared as). */
function foldText(text: string): string {
  return fold(text).s;
}

/** Source ranges of `text` that hold one of the folded parts between word ends. */
function echoSpans(text: string, parts: readonly string[]): { start: number; end: number }[] {
  if (!parts.length) return [];
  // Most text is ASCII and holds no part at all: one native pass says so (a part can only match
  // between word ends where it matches at all).
  if (ASCII_ONLY.test(text)) {
    const quick = text.toLowerCase().replace(NOT_ALNUM, '');
    if (!parts.some((p) => quick.includes(p))) return [];
  }
  const f = fold(text);
  const spans: { start: number; end: number }[] = [];
  for (const p of parts) {
    for (let i = f.s.indexOf(p); i !== -1; i = f.s.indexOf(p, i + 1)) {
      const e = i + p.length;
      if (f.bound[i] && f.bound[e]) spans.push({ start: f.from[i]!, end: f.to[e - 1]! });
    }
  }
  return spans;
}

/**
 * The detector's findings in one folder or file name, read as a name is written: as is, without its
 * extension (`spark1.tail1234.ts.net.md`), and with `-` and `_` read as spaces
 * (`B-100.101.102.103-ISSUES.md`, `http:__gpu-box:6379`). Offsets are the name's own.
 */
export function pathPartLeaks(part: string, policy: LeakPolicy, known: readonly KnownValue[]): LeakFinding[] {
  return partFindings(part, policy, known).map((f) => ({ ...f }));
}

/** Whether a folder or file name holds a value (`pathPartLeaks` finds something in it). */
export function pathPartHoldsValue(part: string, policy: LeakPolicy, known: readonly KnownValue[]): boolean {
  return partFindings(part, policy, known).length > 0;
}

/** `pathPartLeaks` as remembered, not copied: for callers that only read it. */
function partFindings(part: string, policy: LeakPolicy, known: readonly KnownValue[]): readonly LeakFinding[] {
  let byKnown = partMemo.get(policy);
  if (!byKnown) partMemo.set(policy, (byKnown = new WeakMap()));
  let memo = byKnown.get(known);
  if (!memo) byKnown.set(known, (memo = new Map()));
  let hit = memo.get(part);
  if (!hit) {
    hit = scanPathPart(part, policy, known);
    if (memo.size >= DETECTED_MAX) memo.clear();
    memo.set(part, hit);
  }
  return hit;
}

/** Folder and file names recur (every document of a folder): each is scanned once per policy. */
const partMemo = new WeakMap<LeakPolicy, WeakMap<readonly KnownValue[], Map<string, LeakFinding[]>>>();

function scanPathPart(part: string, policy: LeakPolicy, known: readonly KnownValue[]): LeakFinding[] {
  const dot = part.lastIndexOf('.');
  const stem = dot > 0 && part.length - dot <= 5 && /^\.[a-z0-9]+$/i.test(part.slice(dot)) ? part.slice(0, dot) : part;
  const variants = [...new Set([part, stem, stem.replace(/[-_]/g, ' ')])];
  // One detector pass over the variants, one per line (a short text costs the detector more per
  // call than per character); each finding is mapped back to the name's own offsets.
  const starts: number[] = [];
  let text = '';
  for (const v of variants) {
    starts.push(text.length);
    text += `${v}\n`;
  }
  const all = detectLeaks(text, { policy, knownValues: known }).map((f) => {
    let i = starts.length - 1;
    while (starts[i]! > f.start) i--;
    return { ...f, start: f.start - starts[i]!, end: Math.min(f.end - starts[i]!, variants[i]!.length) };
  });
  // One finding per value: of findings that overlap, the first (widest at the same start) stands.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LeakFinding[] = [];
  for (const f of all) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      continue;
    }
    out.push(f);
  }
  return out;
}

/** Replaces each span (merged where they overlap or touch) with WITHHELD. */
function withhold(text: string, spans: readonly { start: number; end: number }[]): string {
  if (!spans.length) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  let open: { start: number; end: number } | undefined;
  for (const s of sorted) {
    if (open && s.start <= open.end) {
      open.end = Math.max(open.end, s.end);
      continue;
    }
    if (open) {
      out += text.slice(last, open.start) + WITHHELD;
      last = open.end;
    }
    open = { start: s.start, end: s.end };
  }
  out += text.slice(last, open!.start) + WITHHELD;
  return out + text.slice(open!.end);
}

/** The identifying parts of the protected runtime values (known-env), folded. */
const knownParts = new WeakMap<readonly KnownValue[], string[]>();
function partsOfKnown(known: readonly KnownValue[]): string[] {
  let parts = knownParts.get(known);
  if (!parts) {
    parts = known
      .flatMap((kv) => kv.forms.filter((f) => f.label === 'as written').flatMap((f) => identifyingParts({ text: f.text })))
      .map(foldText)
      .filter((p) => p.length >= MIN_PART);
    knownParts.set(known, parts);
  }
  return parts;
}

/**
 * The one redactor: withholds, from any text the tool prints or writes (lint messages, graph and
 * explain output, gate facts and problems, file paths), what the detector reports in it and every
 * re-shaped echo (case, punctuation, a title turned into a file name) of an identifying part of a
 * leaked value of the document and of the protected runtime values. It withholds nothing else: a
 * message is never hidden for a few letters it shares with a value.
 */
export class Redactor {
  /** Folded identifying parts of this document's leaked values and of the protected runtime values. */
  private readonly parts: string[];

  constructor(
    values: readonly (string | LeakedValue)[],
    private readonly policy: LeakPolicy,
    private readonly known: readonly KnownValue[] = [],
    /** Where the values are in the document (sorted): ranges are kept off them. */
    private readonly spans: readonly { start: number; end: number }[] = [],
  ) {
    const parts = new Set(partsOfKnown(known));
    for (const v of values) {
      for (const p of identifyingParts(typeof v === 'string' ? { text: v } : v)) {
        const f = foldText(p);
        if (f.length >= MIN_PART) parts.add(f);
      }
    }
    this.parts = [...parts];
  }

  /** No value to look for beyond what the detector reports. */
  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** Holds nothing the detector reports and no re-shaped identifying part of a value. */
  isSafe(text: string): boolean {
    if (detectsLeak(text, this.policy, this.known)) return false;
    return this.empty || echoSpans(text, this.parts).length === 0;
  }

  /**
   * A range of another rule, kept off the values: one that runs into a value ends where the value
   * starts, one that starts inside a value is reduced to its start, so no range's extent tells a
   * value's length.
   */
  clamp(range: { start: number; end: number }): { start: number; end: number } {
    let { start, end } = range;
    for (const s of this.spans) {
      if (s.start >= end) break;
      if (s.end <= start) continue;
      if (start >= s.start) return { start, end: start };
      end = s.start;
      break;
    }
    return { start, end };
  }

  /** The text with every value (and re-shaped identifying part) replaced by `(value withheld)`. */
  text(text: string): string {
    if (this.isSafe(text)) return text;
    const spans = [...detectLeaks(text, { policy: this.policy, knownValues: this.known }), ...echoSpans(text, this.parts)];
    const out = withhold(text, spans);
    return this.isSafe(out) ? out : WITHHELD;
  }

  /**
   * Text taken from the document at `start` (a title, a Status value): what of it lies inside a
   * leaked value is withheld by position, so no piece of a value is shown, then the rest as `text`.
   */
  slice(text: string, start: number): string {
    const end = start + text.length;
    const inside: { start: number; end: number }[] = [];
    for (const s of this.spans) if (s.start < end && s.end > start) inside.push({ start: Math.max(0, s.start - start), end: Math.min(text.length, s.end - start) });
    return this.text(withhold(text, inside));
  }

  /**
   * A value read from the document inside `range` (a Status value, a heading's title): withheld by
   * position where it lies inside a leaked value, then as `text`. When the value cannot be placed in
   * the range, a range that touches a leaked value withholds it whole.
   */
  from(source: string, range: { start: number; end: number }, value: string): string {
    const touches = this.spans.some((s) => s.start < range.end && s.end > range.start);
    if (!touches) return this.text(value);
    const at = source.slice(range.start, range.end).indexOf(value);
    return at === -1 ? WITHHELD : this.slice(value, range.start + at);
  }

  /** Paths already shown by this redactor: every message of a document asks for its path (fingerprints). */
  private readonly shownPaths = new Map<string, string>();

  /** A file path, each folder and file name shown with any value in it withheld. */
  path(path: string): string {
    let shown = this.shownPaths.get(path);
    if (shown === undefined) {
      shown = this.withheldInPath(path);
      if (this.shownPaths.size >= 10_000) this.shownPaths.clear();
      this.shownPaths.set(path, shown);
    }
    return shown;
  }

  private withheldInPath(path: string): string {
    const parts = path.split(/([/\\])/);
    let changed = false;
    for (let i = 0; i < parts.length; i += 2) {
      const part = parts[i]!;
      if (!part) continue;
      // The detector's findings in the name as written, and re-shaped echoes of the values.
      const spans = [...partFindings(part, this.policy, this.known), ...echoSpans(part, this.parts)];
      if (!spans.length) continue;
      const shown = withhold(part, spans);
      if (shown !== part) {
        parts[i] = shown;
        changed = true;
      }
    }
    return changed ? parts.join('') : path;
  }

  /** The message, with values withheld, or one that says it was withheld and why. */
  message(text: string): string {
    const out = this.text(text);
    return out === WITHHELD && text !== WITHHELD ? 'message withheld: it would repeat part of a value that no-endpoint-leak reports in this file' : out;
  }
}

