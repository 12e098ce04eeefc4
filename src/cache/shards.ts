/** Shards: a run that changes one file rewrites one small file, not the whole cache. */
export const SHARDS = 64;

/**
 * A path's shard: FNV-1a over its UTF-16 code units. Asked for every entry when the cache is
 * read and written (thousands per run), so a cryptographic hash would cost more than it buys:
 * this only spreads paths over files.
 */
export function shardOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * The entries of shard `n` read as bytes, from offset `from` (past its header): one per line,
 * `[path, …]<TAB>body`. JSON holds no raw tab or newline, so both separate safely. Only lines
 * ended by a newline count (a cut-off last line is not trusted); a line that does not parse, or
 * whose path belongs to another shard, is skipped (that file's entry is made again).
 */
export function forEachEntry(bytes: Buffer, from: number, n: number, each: (path: string, head: unknown[], body: Buffer) => void): void {
  for (let start = from, end = bytes.indexOf(NEWLINE, start); end !== -1; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
    const tab = bytes.indexOf(TAB, start);
    if (tab === -1 || tab > end) continue;
    let head: unknown;
    try {
      head = JSON.parse(bytes.toString('utf8', start, tab));
    } catch {
      continue;
    }
    if (Array.isArray(head) && typeof head[0] === 'string' && shardOf(head[0]) === n) each(head[0], head, bytes.subarray(tab + 1, end));
  }
}

/** One entry line of a shard, as `forEachEntry` reads it. */
export function entryLine(head: unknown[], body: Buffer): Buffer[] {
  return [Buffer.from(`${JSON.stringify(head)}\t`), body, Buffer.from('\n')];
}
