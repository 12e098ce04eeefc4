/**
 * Lines of a document, shared by the engine and the rules: a rule imports these, never the engine
 * (the dependency check in `npm test` enforces it).
 */
import { dirname, relative } from 'node:path';
import type { LinkedDocument } from '../model/types.js';
import { LineIndex } from './line-index.js';

// Weak: an index lives as long as its document, and a dropped run frees both.
const lineIndexes = new WeakMap<LinkedDocument, LineIndex>();

/** The line index of a document's text, built once per document. */
export function linesOf(doc: LinkedDocument): LineIndex {
  let l = lineIndexes.get(doc);
  if (!l) {
    l = new LineIndex(doc.text);
    lineIndexes.set(doc, l);
  }
  return l;
}

/** Records the index already built for `doc`'s text (the per-file phase builds one before the model). */
export function rememberLines(doc: LinkedDocument, lines: LineIndex): void {
  lineIndexes.set(doc, lines);
}

/**
 * Where `offset` of `to` is, as a message written about `from` names it: `line 12` in the same
 * document, else the path relative to `from`'s folder and the line, `../A-ISSUES.md:12`.
 */
export function whereIs(from: LinkedDocument, to: LinkedDocument, offset: number): string {
  const line = linesOf(to).point(offset).line;
  return from === to ? `line ${line}` : `${relative(dirname(from.path), to.path)}:${line}`;
}
