import type { Frontmatter, FrontmatterEntry, FrontmatterProblem, Range } from '../model/types.js';
import { loadYaml } from '../vendor/load-yaml.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** The YAML library (CommonJS build), loaded the first time a block is not simple (see simpleBlock). */
function yaml(): YamlModule {
  yamlModule ??= loadYaml();
  return yamlModule;
}

/** Cap on alias expansion: a "billion laughs" block is a syntax error, not an out-of-memory. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses the YAML between the fences, keeping every key's and value's source range (offsets into
 * the whole document) so schema errors can point at the offending token. Simple blocks (the usual
 * frontmatter) are read directly, the rest by the YAML library; `library: true` forces the latter
 * (tests compare the two).
 */
export function readFrontmatter(text: string, block: Range, options: { library?: boolean } = {}): Frontmatter {
  // The opening fence's line ends at LF, CRLF or a lone CR (old Mac files): all three are Markdown line endings.
  let firstBreak = block.start;
  while (firstBreak < block.end && text[firstBreak] !== '\n' && text[firstBreak] !== '\r') firstBreak++;
  if (text[firstBreak] === '\r' && text[firstBreak + 1] === '\n') firstBreak++;
  const yamlStart = firstBreak >= block.end ? block.end : firstBreak + 1;
  const closing = text.lastIndexOf('---', block.end);
  const yamlEnd = Math.max(yamlStart, closing >= yamlStart ? closing : block.end);
  // The yaml package knows LF and CRLF but not a lone CR; one character for one keeps every offset.
  const yamlText = text.slice(yamlStart, yamlEnd).replace(/\r(?!\n)/g, '\n');
  const at = (r: [number, number] | readonly number[] | undefined, fallback: Range): Range =>
    r ? { start: yamlStart + r[0]!, end: yamlStart + Math.max(r[0]!, r[1]!) } : fallback;
  const whole: Range = { start: yamlStart, end: yamlEnd };

  const simple = options.library ? undefined : simpleBlock(yamlText, yamlStart);
  if (simple) return { range: block, yamlRange: whole, data: simple.data, entries: simple.entries, syntaxErrors: [] };

  // The yaml package does not read CRLF exactly as LF (around control characters it reports other
  // errors): it gets LF only, and every offset it gives is mapped back to the source.
  const lf = lfOnly(yamlText);
  const atSource = (r: [number, number] | readonly number[] | undefined, fallback: Range): Range =>
    r ? at([lf.toSource(r[0]!), lf.toSource(Math.max(r[0]!, r[1]!))], fallback) : fallback;
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const syntaxErrors: FrontmatterProblem[] = [];
  const doc = parseDocument(lf.text, { prettyErrors: false, uniqueKeys: true, lineCounter: new LineCounter() });
  for (const e of doc.errors) {
    syntaxErrors.push({ message: firstLine(e.message), range: errorRange(lf.text, e.code, e.message, e.pos, atSource, whole) });
  }

  const entries: FrontmatterEntry[] = [];
  let data: Record<string, unknown> | undefined;
  if (syntaxErrors.length === 0) {
    try {
      const js: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (js !== null && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
      else if (js === null || js === undefined) data = {};
      else syntaxErrors.push({ message: `frontmatter must be a mapping of keys to values, not ${Array.isArray(js) ? 'a list' : `a ${typeof js}`}`, range: whole });
    } catch (e) {
      syntaxErrors.push({ message: firstLine((e as Error).message), range: whole });
    }
  }
  if (data && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = pair.key;
      const keyName = isScalar(key) ? String(key.value) : String(key);
      const keyRange = atSource(isScalar(key) ? key.range ?? undefined : undefined, whole);
      const valueNode = pair.value as { range?: [number, number, number] } | null;
      const valueRange = valueNode?.range ? atSource(valueNode.range, keyRange) : { start: keyRange.end, end: keyRange.end };
      entries.push({ key: keyName, value: data[keyName], keyRange, valueRange });
    }
  }
  return { range: block, yamlRange: whole, data, entries, syntaxErrors };
}

/** `key: value` with a plain one-line value; anything else (quotes, flow, blocks, comments…) is not simple. */
const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):( +)([^\s#'"&*!|>%@`,[\]{}?:-][^\t#]*)$/;
/** Anything but a line feed and printable characters (CR, tabs, controls, BOM, surrogates…): not simple. */
const UNUSUAL_CHAR = /[^\n\x20-\x7E\u00A0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** Plain scalars the YAML 1.2 core schema resolves to something other than a string (yaml's own tests). */
const NOT_A_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/**
 * The common frontmatter, read without the YAML library: one `key: value` per line, each value a
 * plain one-line string (no quotes, comments, flow or block syntax, nothing the core schema reads
 * as a number, boolean or null), no duplicate keys. Gives exactly what the YAML library gives for
 * such a block (data, key and value ranges; a property test compares them); any other block returns
 * undefined and goes through the library.
 */
function simpleBlock(yamlText: string, yamlStart: number): { data: Record<string, unknown>; entries: FrontmatterEntry[] } | undefined {
  if (yamlText.length === 0 || yamlText.length > 64 * 1024 || UNUSUAL_CHAR.test(yamlText)) return undefined;
  const data: Record<string, unknown> = {};
  const entries: FrontmatterEntry[] = [];
  let at = 0;
  const lines = yamlText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = SIMPLE_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    const raw = m[3]!;
    let end = raw.length;
    while (raw.charCodeAt(end - 1) === 32) end--;
    const value = raw.slice(0, end);
    if (key === '__proto__' || Object.prototype.hasOwnProperty.call(data, key) || NOT_A_STRING.test(value) || value.includes(': ') || value.endsWith(':')) return undefined;
    data[key] = value;
    const keyStart = yamlStart + at;
    const valueStart = keyStart + key.length + 1 + m[2]!.length;
    entries.push({ key, value, keyRange: { start: keyStart, end: keyStart + key.length }, valueRange: { start: valueStart, end: valueStart + value.length } });
    at += line.length + 1;
  }
  return entries.length ? { data, entries } : undefined;
}

/** Text with CRLF as LF, and the source offset of each offset in it. */
function lfOnly(s: string): { text: string; toSource: (i: number) => number } {
  if (!s.includes('\r')) return { text: s, toSource: (i) => i };
  // Offsets (in the LF text) of the line feeds that had a CR before them.
  const dropped: number[] = [];
  const text = s.replace(/\r\n/g, (_m, at: number) => {
    dropped.push(at - dropped.length);
    return '\n';
  });
  return {
    text,
    toSource: (i) => {
      let lo = 0;
      let hi = dropped.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (dropped[mid]! < i) lo = mid + 1;
        else hi = mid;
      }
      return i + lo;
    },
  };
}

function firstLine(s: string): string {
  // The yaml package quotes tokens JSON-style: the same token reads the same whatever the line endings.
  return (s.split(/\r\n?|\n/)[0] ?? s).replace(/ at line \d+, column \d+:?$/, '').replace(/\\r(?:\\n)?/g, '\\n');
}

/**
 * Where a YAML error is, inside the YAML: an unclosed quote points at its opening quote, and an
 * error reported at the very end points at the last YAML character instead of the closing fence.
 */
function errorRange(yamlText: string, code: string, message: string, pos: [number, number], at: (r: [number, number], f: Range) => Range, whole: Range): Range {
  let [start, end] = pos;
  const quote = /closing (["'])/.exec(message)?.[1];
  if (code === 'MISSING_CHAR' && quote) {
    const open = yamlText.lastIndexOf(quote, Math.min(start, yamlText.length - 1));
    if (open !== -1) return at([open, open + 1], whole);
  }
  if (start >= yamlText.trimEnd().length) {
    start = Math.max(0, yamlText.trimEnd().length - 1);
    end = start + 1;
  }
  // A range never ends on a line break: the same error has the same end with LF or CRLF.
  while (end > start && (yamlText[end - 1] === '\n' || yamlText[end - 1] === '\r')) end--;
  return at([start, end], whole);
}
