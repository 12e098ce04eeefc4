/**
 * Strict textual IPv4 / IPv6 parsing and range membership, without regular expressions: every
 * function here is a single left-to-right pass over a bounded string.
 */

/** An address as 16 bytes (IPv4 uses the first 4), with its family. */
export interface Address {
  v: 4 | 6;
  bytes: Uint8Array;
}

export interface Cidr {
  addr: Address;
  bits: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** `a.b.c.d`, each 1–3 decimal digits, 0–255. Leading zeros are read as decimal. */
export function parseIPv4(s: string): Address | undefined {
  if (s.length < 7 || s.length > 15) return undefined;
  const bytes = new Uint8Array(16);
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255 || part > 3) return undefined;
      bytes[part++] = value;
      digits = 0;
      value = 0;
    } else if (isDigit(c)) {
      if (++digits > 3) return undefined;
      value = value * 10 + (c - 48);
    } else return undefined;
  }
  return part === 4 ? { v: 4, bytes } : undefined;
}

/**
 * RFC 4291 text form: eight groups, or fewer with one `::`, optionally ending in a dotted quad.
 * No zone id (strip `%zone` first) and no brackets.
 */
export function parseIPv6(s: string): Address | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (s.startsWith('::')) {
    gap = 0;
    i = 2;
    if (s.length === 2) return { v: 6, bytes: new Uint8Array(16) };
  } else if (s.charCodeAt(0) === 58) return undefined;
  while (i < s.length) {
    // A dotted quad may only end the address.
    const rest = s.slice(i);
    if (!rest.includes(':') && rest.includes('.')) {
      const v4 = parseIPv4(rest);
      if (!v4) return undefined;
      groups.push((v4.bytes[0]! << 8) | v4.bytes[1]!, (v4.bytes[2]! << 8) | v4.bytes[3]!);
      i = s.length;
      break;
    }
    let value = 0;
    let n = 0;
    while (i < s.length && n <= 4) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      n++;
      i++;
    }
    if (n === 0 || n > 4) return undefined;
    groups.push(value);
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 58) return undefined;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap !== -1) return undefined;
      gap = groups.length;
      i++;
      if (i === s.length) break;
    } else if (i === s.length) return undefined;
  }
  if (groups.length > 8 || (gap === -1 && groups.length !== 8) || (gap !== -1 && groups.length > 7)) return undefined;
  const full = gap === -1 ? groups : [...groups.slice(0, gap), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(gap)];
  const bytes = new Uint8Array(16);
  full.forEach((g, k) => {
    bytes[2 * k] = g >> 8;
    bytes[2 * k + 1] = g & 0xff;
  });
  return { v: 6, bytes };
}

export function parseAddress(s: string): Address | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/** `addr/bits` with bits within the family's width. */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash <= 0) return undefined;
  const addr = parseAddress(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > (addr.v === 4 ? 32 : 128)) return undefined;
  return { addr, bits };
}

export function inCidr(a: Address, c: Cidr): boolean {
  if (a.v !== c.addr.v) return false;
  const full = c.bits >> 3;
  for (let k = 0; k < full; k++) if (a.bytes[k] !== c.addr.bytes[k]) return false;
  const rem = c.bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return ((a.bytes[full]! ^ c.addr.bytes[full]!) & mask) === 0;
}

/** Same network and prefix length (the host bits of the written address are ignored). */
export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.bits === b.bits && inCidr(a.addr, b);
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address. */
export function embeddedIPv4(a: Address): Address | undefined {
  if (a.v !== 6) return undefined;
  const b = a.bytes;
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0);
  if (!mapped && !nat64) return undefined;
  const bytes = new Uint8Array(16);
  bytes.set(b.subarray(12, 16));
  return { v: 4, bytes };
}

/** A contiguous netmask (255.255.255.0) or its inverse, the wildcard mask (0.0.0.255). */
export function isIPv4Mask(a: Address): boolean {
  if (a.v !== 4) return false;
  const n = ((a.bytes[0]! << 24) | (a.bytes[1]! << 16) | (a.bytes[2]! << 8) | a.bytes[3]!) >>> 0;
  const inv = ~n >>> 0;
  const contiguous = (inv & (inv + 1)) === 0; // ones then zeros
  const wildcard = (n & (n + 1)) === 0; // zeros then ones
  return (contiguous && a.bytes[0] === 255) || (wildcard && a.bytes[0] === 0);
}
