import { embeddedIPv4, inCidr, parseIPv4, parseIPv6, type Address } from './ip.js';
import type { AddressRange, LeakPolicy } from './policy.js';

export type HostKind =
  | 'empty'
  | 'placeholder'
  | 'reserved'
  | 'allowed'
  | 'never'
  | 'ip'
  | 'loopback-name'
  | 'single-label'
  | 'private-suffix'
  | 'cluster-internal'
  | 'magicdns'
  | 'public-domain'
  | 'invalid';

export interface HostInfo {
  kind: HostKind;
  /** Names the kind of host in messages ("Tailscale IPv4", "single-label"); never any part of it. */
  what: string;
  /** True when the host alone (no port, scheme or path) is fine: loopback. */
  bareOk: boolean;
}

/** Kinds that are never reported, whatever surrounds them. */
export const HARMLESS: ReadonlySet<HostKind> = new Set(['empty', 'placeholder', 'reserved', 'allowed', 'never', 'invalid']);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;

/** `fe80::1%eth0` → `fe80::1`. */
function withoutZone(host: string): string {
  const z = host.indexOf('%');
  return z === -1 ? host : host.slice(0, z);
}

/** The first address range that holds an address (mapped and NAT64 forms use their IPv4). */
export function addressRange(addr: Address, policy: LeakPolicy): AddressRange | undefined {
  const a = embeddedIPv4(addr) ?? addr;
  return policy.addresses.find((r) => inCidr(a, r.cidr));
}

/** Placeholder syntax or a placeholder word: `<host>`, `${HOST}`, `{{ host }}`, `$HOST`, `%HOST%`, `…`. */
export function isPlaceholderHost(host: string, policy: LeakPolicy): boolean {
  const c = host.charCodeAt(0);
  if (c === 60 || c === 36 || c === 123 || c === 37) return true; // < $ { %
  if (host.includes('…') || host.includes('...') || host === '*') return true;
  if (host.length >= 3 && /^[x*]+$/i.test(host)) return true;
  return policy.hostPlaceholders.has(host.toLowerCase());
}

function hostAllowed(lower: string, policy: LeakPolicy): boolean {
  for (const a of policy.allowedHosts) {
    if (a.startsWith('.')) {
      if (lower.endsWith(a) || lower === a.slice(1)) return true;
    } else if (lower === a) return true;
  }
  return false;
}

function classifyAddress(addr: Address, text: string, policy: LeakPolicy): HostInfo {
  if (hostAllowed(text.toLowerCase(), policy)) return { kind: 'allowed', what: 'allowed host', bareOk: true };
  const range = addressRange(addr, policy);
  if (!range || !range.flag) return { kind: 'never', what: range?.name ?? 'address', bareOk: true };
  return { kind: 'ip', what: range.name, bareOk: !range.bare };
}

/** A DNS name's characters: letters, digits, hyphen, underscore, dots between labels. */
function validName(lower: string): boolean {
  if (lower.length > 253) return false;
  let labelLen = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c === 46) {
      if (labelLen === 0) return false;
      labelLen = 0;
    } else if (isLower(c) || isDigit(c) || c === 45 || c === 95 || c >= 0x80) {
      if (++labelLen > 63) return false;
    } else return false;
  }
  return labelLen > 0;
}

/**
 * What a host is, decided after parsing — never by substring: `example.com.evil.io` is public,
 * `notexample.com` is public, `api.example.com` is reserved.
 */
export function classifyHost(raw: string, policy: LeakPolicy): HostInfo {
  let host = raw.trim();
  if (host.endsWith('.') && !host.endsWith('..')) host = host.slice(0, -1);
  if (!host) return { kind: 'empty', what: 'empty host', bareOk: true };
  if (isPlaceholderHost(host, policy)) return { kind: 'placeholder', what: 'placeholder', bareOk: true };
  if (host.startsWith('[') && host.endsWith(']')) {
    const inner = withoutZone(host.slice(1, -1));
    const a = parseIPv6(inner);
    return a ? classifyAddress(a, inner, policy) : { kind: 'invalid', what: 'invalid host', bareOk: true };
  }
  const v4 = parseIPv4(host);
  if (v4) return classifyAddress(v4, host, policy);
  if (host.includes(':')) {
    const inner = withoutZone(host);
    const a = parseIPv6(inner);
    return a ? classifyAddress(a, inner, policy) : { kind: 'invalid', what: 'invalid host', bareOk: true };
  }
  let lower = host.toLowerCase();
  if (lower.startsWith('*.')) {
    lower = lower.slice(2);
    if (!lower || !lower.includes('.')) return { kind: 'placeholder', what: 'wildcard', bareOk: true };
  }
  if (!validName(lower)) return { kind: 'invalid', what: 'invalid host', bareOk: true };
  for (const d of policy.reservedDomains) if (lower === d || lower.endsWith(`.${d}`)) return { kind: 'reserved', what: 'reserved name', bareOk: true };
  for (const s of policy.reservedSuffixes) if (lower.endsWith(s) || lower === s.slice(1)) return { kind: 'reserved', what: 'reserved name', bareOk: true };
  if (hostAllowed(lower, policy)) return { kind: 'allowed', what: 'allowed host', bareOk: true };
  if (policy.loopbackNames.has(lower)) return { kind: 'loopback-name', what: 'loopback name', bareOk: true };
  for (const n of policy.loopbackNames) if (lower.endsWith(n) && lower.charCodeAt(lower.length - n.length - 1) === 46) return { kind: 'loopback-name', what: 'loopback name', bareOk: true };
  const magic = policy.magicDnsSuffix;
  if (lower.endsWith(magic) && lower.length > magic.length) return { kind: 'magicdns', what: 'Tailscale MagicDNS', bareOk: false };
  if (isClusterName(lower, policy)) return { kind: 'cluster-internal', what: 'cluster-internal name', bareOk: false };
  for (const s of policy.privateSuffixes) if (lower.endsWith(s) && lower.length > s.length) return { kind: 'private-suffix', what: 'private-network name', bareOk: false };
  if (!lower.includes('.')) {
    return /[a-z]/.test(lower) ? { kind: 'single-label', what: 'single-label', bareOk: false } : { kind: 'invalid', what: 'invalid host', bareOk: true };
  }
  const tld = lower.slice(lower.lastIndexOf('.') + 1);
  if (!/[a-z]/.test(tld) && !/[\u0080-\uffff]/.test(tld)) return { kind: 'invalid', what: 'invalid host', bareOk: true };
  return { kind: 'public-domain', what: 'public', bareOk: false };
}

/**
 * A name inside a Kubernetes cluster: under a cluster suffix (`api.ns.svc`, `x.cluster.local`), or a
 * dotted suffix itself (`kubernetes.default`, `cluster.local`). A bare `svc` is a word.
 */
function isClusterName(lower: string, policy: LeakPolicy): boolean {
  for (const s of policy.clusterSuffixes) {
    if (lower.endsWith(s) && lower.length > s.length) return true;
    if (lower === s.slice(1) && s.indexOf('.', 1) !== -1) return true;
  }
  return false;
}

/** "a Tailscale IPv4 host", "a public host not in `leaks.allowedHosts`", … for messages. */
export function hostPhrase(info: HostInfo): string {
  switch (info.kind) {
    case 'ip':
      return `${article(info.what)} ${info.what} host`;
    case 'loopback-name':
      return 'a loopback name';
    case 'single-label':
      return 'a single-label host name';
    case 'private-suffix':
      return 'a private-network host name';
    case 'cluster-internal':
      return 'a cluster-internal name';
    case 'magicdns':
      return 'a Tailscale MagicDNS name';
    case 'public-domain':
      return 'a public host not in `leaks.allowedHosts`';
    default:
      return 'a host';
  }
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) && !/^(?:uni|use)/i.test(word) ? 'an' : 'a';
}
