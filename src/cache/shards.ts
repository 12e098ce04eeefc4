import { hashHex } from '../util/hash.js';

/** Shards: a run that changes one file rewrites one small file, not the whole cache. */
export const SHARDS = 64;
export const shardOf = (path: string): number => parseInt(hashHex('sha1', path).slice(0, 2), 16) % SHARDS;
