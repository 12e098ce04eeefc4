import type { FileAnalysis } from '../lint/analysis.js';

/** How an analysis is written in a shard line and read back, its large fields decoded on first use. */

/**
 * Fields of the document model that cross-file rules read for few documents or none: they are
 * stored apart and parsed on first access, so loading the context of a big project (every
 * document, for the graph) decodes only its links (DocumentLinks), claims and prepared parts,
 * not its text, work items, references, sections or lists.
 */
const LAZY_FIELDS = new Set(['text', 'workItems', 'lists', 'blocks', 'headings', 'frontmatter', 'references', 'sections', 'htmlRanges', 'codeRanges', 'struck']);

/** `analysis-json` with the lazy doc fields taken out, then `<TAB>name=json` for each of them. */
export function encode(analysis: Omit<FileAnalysis, 'inScope'>): string {
  if (!analysis.doc) return JSON.stringify(analysis);
  const source = analysis.doc as unknown as Record<string, unknown>;
  const doc: Record<string, unknown> = {};
  const lazy: string[] = [];
  // By name, not by own keys: a document decoded from the cache keeps its lazy fields on its prototype.
  for (const k of new Set([...Object.keys(source), ...LAZY_FIELDS])) {
    const v = source[k];
    if (v === undefined) continue;
    if (LAZY_FIELDS.has(k)) lazy.push(`${k}=${JSON.stringify(v)}`);
    else doc[k] = v;
  }
  return [JSON.stringify({ ...analysis, doc }), ...lazy].join('\t');
}

const TAB = 0x09;

/** Where a decoded document's lazy fields still are: the entry's bytes, past its head. */
export const RAW = Symbol('sot-lint cached fields');
export type LazyHolder = Record<string | symbol, unknown> & { [RAW]?: Buffer };

/** A lazy field of a decoded document: found in its bytes and parsed on first read, then an own property. */
function settleField(doc: LazyHolder, name: string): unknown {
  const raw = doc[RAW];
  let value: unknown;
  if (raw) {
    // `<TAB>name=` (JSON holds no raw tab, and no UTF-8 sequence holds the byte 0x09).
    const at = raw.indexOf(`\t${name}=`);
    if (at !== -1) {
      const start = at + name.length + 2;
      const end = raw.indexOf(TAB, start);
      value = JSON.parse(raw.toString('utf8', start, end === -1 ? raw.length : end));
    }
  }
  Object.defineProperty(doc, name, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/**
 * The prototype of every decoded document: one getter and setter per lazy field, shared, so
 * decoding thousands of context documents makes no closures and cuts no buffers. Only the fields
 * stored are answered from the bytes; the others read as undefined, as when they were not set.
 */
const lazyDocument: object = Object.create(
  Object.prototype,
  Object.fromEntries(
    [...LAZY_FIELDS].map((name) => [
      name,
      {
        enumerable: false,
        configurable: true,
        get(this: LazyHolder) {
          return settleField(this, name);
        },
        set(this: LazyHolder, value: unknown) {
          Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
        },
      },
    ]),
  ),
);

export function decode(raw: Buffer): unknown {
  const tab = raw.indexOf(TAB);
  const analysis = JSON.parse(raw.toString('utf8', 0, tab === -1 ? raw.length : tab)) as { doc?: Record<string, unknown> };
  const doc = analysis?.doc;
  if (tab !== -1 && doc && typeof doc === 'object') {
    const lazy = Object.assign(Object.create(lazyDocument) as LazyHolder, doc);
    Object.defineProperty(lazy, RAW, { value: raw.subarray(tab) });
    analysis.doc = lazy;
  }
  return analysis;
}
