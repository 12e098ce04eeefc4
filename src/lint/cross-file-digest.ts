import type { LinkedDocument } from '../model/types.js';
import { hashHex } from '../util/hash.js';
import type { LineIndex } from '../text/line-index.js';

/**
 * What the cross-file phase reads of a document it does not report on, as one digest: its links,
 * claims, the workspace rules' prepared parts, its leak ranges, and the line and column of every
 * range in them (a message says "defined at X.md:91"). WorkspaceRule's contract is that a rule reads
 * no more of another document than this, so a run in which no document's digest changed draws the
 * same conclusions about every document whose own content did not change either (the cache reuses
 * their cross-file messages, cache/cross-file.ts). The prepared parts must have been computed.
 */
export function crossFileDigest(doc: LinkedDocument, lines: LineIndex): string {
  const seen = [doc.links, doc.claims, doc.prepared ?? null, doc.leaks ?? null, doc.masked === true];
  const positions: number[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      const r = v as { start?: unknown; end?: unknown };
      if (typeof r.start === 'number' && typeof r.end === 'number') {
        const a = lines.point(r.start);
        const b = lines.point(r.end);
        positions.push(a.line, a.column, b.line, b.column);
      }
      for (const k in v) walk((v as Record<string, unknown>)[k]);
    }
  };
  walk(seen);
  return hashHex('sha1', `${JSON.stringify(seen)}\0${positions.join(',')}`);
}
