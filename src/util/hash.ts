import * as crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string | Buffer, encoding: 'hex') => string;
const oneShot = (crypto as { hash?: OneShot }).hash;

/**
 * A digest in hex. `crypto.hash` (Node ≥ 20.12) skips creating a Hash object, which matters where
 * it is called per finding or per file, and at a cold start; older Node 20 releases take the long way.
 */
export function hashHex(algorithm: 'sha1' | 'sha256', data: string | Buffer): string {
  return oneShot ? oneShot(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data).digest('hex');
}
