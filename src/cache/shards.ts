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
