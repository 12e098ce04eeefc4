import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Locked entries: the analysis of a document that holds leaked values is stored encrypted under a
 * key derived from the document's own text (see `Entry.locked` in cache.ts).
 */

/** What a locked entry holds once decrypted: a sealed analysis and its value ranges, or a masked copy. */
export interface Locked {
  spans?: [number, number][];
  raw: string;
}

/**
 * The key of a locked entry: derived from the document's whole text, which only whoever can read
 * the document has (the entry's blob hash, stored in the clear, is another digest of it).
 */
function lockKey(text: string): Buffer {
  return createHash('sha256').update('sot-lint cache lock\0').update(text).digest();
}

/** `raw` encrypted (AES-256-GCM) under the document's key, as base64 (no tab, no newline: a shard line). */
export function lock(text: string, payload: Locked): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', lockKey(text), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.from(Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'));
}

/** A locked entry opened with the document's text; undefined when the text is not the one it was locked with. */
export function unlock(raw: Buffer, text: string): Locked | undefined {
  try {
    const bytes = Buffer.from(raw.toString('latin1'), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', lockKey(text), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const payload = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Locked;
    return typeof payload?.raw === 'string' && (payload.spans === undefined || isSpans(payload.spans)) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function isSpans(x: unknown): x is [number, number][] {
  return Array.isArray(x) && x.length > 0 && x.every((s) => Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[1] > s[0]);
}
