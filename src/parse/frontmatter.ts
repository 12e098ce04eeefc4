import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Frontmatter, FrontmatterEntry, FrontmatterProblem, Range } from '../model/types.js';

/** Cap on alias expansion: a "billion laughs" block is a syntax error, not an out-of-memory. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses the YAML between the fences, keeping every key's and value's source range (offsets into
 * the whole document) so schema errors can point at the offending token.
 */
export function readFrontmatter(text: string, block: Range): Frontmatter {
  const firstBreak = text.indexOf('\n', block.start);
  const yamlStart = firstBreak === -1 || firstBreak >= block.end ? block.end : firstBreak + 1;
  const closing = text.lastIndexOf('---', block.end);
  const yamlEnd = Math.max(yamlStart, closing >= yamlStart ? closing : block.end);
  const yamlText = text.slice(yamlStart, yamlEnd);
  const at = (r: [number, number] | readonly number[] | undefined, fallback: Range): Range =>
    r ? { start: yamlStart + r[0]!, end: yamlStart + Math.max(r[0]!, r[1]!) } : fallback;
  const whole: Range = { start: yamlStart, end: yamlEnd };

  const syntaxErrors: FrontmatterProblem[] = [];
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true, lineCounter: new LineCounter() });
  for (const e of doc.errors) {
    syntaxErrors.push({ message: firstLine(e.message), range: errorRange(yamlText, e.code, e.message, e.pos, at, whole) });
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
      const keyRange = at(isScalar(key) ? key.range ?? undefined : undefined, whole);
      const valueNode = pair.value as { range?: [number, number, number] } | null;
      const valueRange = valueNode?.range ? at(valueNode.range, keyRange) : { start: keyRange.end, end: keyRange.end };
      entries.push({ key: keyName, value: data[keyName], keyRange, valueRange });
    }
  }
  return { range: block, yamlRange: whole, data, entries, syntaxErrors };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/ at line \d+, column \d+:?$/, '');
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
  return at([start, end], whole);
}
