import { classifyHost, HARMLESS, hostPhrase, addressRange, article, type HostInfo } from './hosts.js';
import { embeddedIPv4, isIPv4Mask, parseIPv4, parseIPv6, sameCidr, type Address } from './ip.js';
import { asciiLower, normalize, rewritten, toSource, type Normalized } from './normalize.js';
import type { LeakClassId, LeakPolicy } from './policy.js';

/** One written form of a protected runtime value, lower-cased for a case-insensitive search (see known-env.ts). */
export interface KnownForm {
  text: string;
  /** Names the form in messages ("URL-encoded"); never any part of the value. */
  label: string;
  /** Must not touch host-name characters on either side (host-only forms). */
  bounded: boolean;
}

/** A protected runtime value in every form it could be written in (built by known-env.ts). */
export interface KnownValue {
  /** The environment variable's name (not secret). */
  name: string;
  forms: KnownForm[];
}

/**
 * The leak detector. It never matches with one big regular expression: each class has a scanner
 * that jumps between trigger characters with `indexOf` (`://`, `:`, `@`, `=`, `.ts.net`, token
 * prefixes), looks a bounded distance around each trigger, and decides with the policy's lists.
 * Every scanner is linear in the text; the only regular expressions are anchored checks on short,
 * bounded strings (linted with eslint-plugin-regexp in `npm test`).
 */

export interface LeakFinding {
  classId: LeakClassId;
  /** Source range (UTF-16 offsets) of the whole match. */
  start: number;
  end: number;
  /** What was found, for messages ("URL with a Tailscale IPv4 host"); never any part of the value. */
  what: string;
  /** Credentials cannot be suppressed. */
  credential: boolean;
  /** A public host: the advice is to allow-list it or remove it. */
  publicHost: boolean;
  /** The variable or flag name of an endpoint setting or credential (it is not the value). */
  name?: string;
  /** The value was written encoded, escaped, defanged or with invisible characters. */
  obfuscated: boolean;
  /** This line has more findings than are reported (MAX_PER_LINE); this is the last one listed. */
  moreOnLine?: boolean;
}

export interface DetectOptions {
  policy: LeakPolicy;
  /** Runtime values that must not appear (sot scan, and lint when the variables are set). */
  knownValues?: readonly KnownValue[];
  /**
   * When `text` was assembled from pieces of a larger source (the text of a paragraph without its
   * emphasis and code-span marks), the source offset of each of its characters.
   */
  base?: { starts: Int32Array; ends: Int32Array };
}

interface Match {
  cls: LeakClassId;
  a: number;
  b: number;
  what: string;
  credential?: boolean;
  publicHost?: boolean;
  name?: string;
  more?: boolean;
}

/** Highest first: the finding that explains an overlapping group best. */
const PRIORITY: Record<LeakClassId, number> = {
  credential: 0,
  'known-env-value': 1,
  'endpoint-assignment': 2,
  url: 3,
  'ssh-target': 4,
  'host-port': 5,
  magicdns: 6,
  cidr: 7,
  'ip-address': 8,
};

/** Findings reported per line: a line with more is machine-made; listing thousands helps nobody. */
export const MAX_PER_LINE = 50;

const WELL_KNOWN_PORTS = new Set([21, 22, 23, 25, 53, 80, 88, 110, 111, 135, 139, 143, 389, 443, 445, 465, 514, 587, 631, 636, 873, 990, 993, 995]);

// ---------------------------------------------------------------- characters

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isDigit(c) || isAlpha(c);
const isWord = (c: number) => isAlnum(c) || c === 95;
const isSpace = (c: number) => c === 32 || c === 9;
const isBlank = (c: number) => c <= 32 || c === 0xa0;
/** DNS-ish: letters, digits, `-`, `_`, `.`. */
const isHostChar = (c: number) => isWord(c) || c === 45 || c === 46;
const isSchemeChar = (c: number) => isAlnum(c) || c === 43 || c === 45 || c === 46;
const isUserChar = (c: number) => isWord(c) || c === 45 || c === 46;
const isNameChar = (c: number) => isWord(c) || c === 45 || c === 46;
const isV6Char = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 58 || c === 46;
const isHexText = (s: string) => /^[0-9a-f]+$/i.test(s);
/** Stops a URL authority: blanks, path/query/fragment starts, quotes and brackets of prose. */
const AUTHORITY_STOP = new Set([...'/\\?#<>"\'`|{}()^,;'].map((ch) => ch.charCodeAt(0)));
/** Stops a URL: blanks, quotes and angle brackets. */
const URL_STOP = new Set([...'<>"\'`|{}^'].map((ch) => ch.charCodeAt(0)));
const TRAILING_PUNCT = new Set([...'.,:;!?*_~'].map((ch) => ch.charCodeAt(0)));

function digitsAt(t: string, i: number, max: number): number {
  let j = i;
  while (j < t.length && j - i <= max && isDigit(t.charCodeAt(j))) j++;
  return j - i;
}

// ---------------------------------------------------------------- values

/** Placeholder or status word: `<redacted>`, `${HOST}`, `{{ x }}`, `$VAR`, `%VAR%`, `missing`, `HOST:PORT`, `…`. */
export function isPlaceholderValue(value: string, policy: LeakPolicy): boolean {
  const s = value.trim();
  if (!s) return true;
  if (policy.valuePlaceholders.has(s) || policy.statusWords.has(s.toLowerCase())) return true;
  const c = s.charCodeAt(0);
  if (c === 60 && s.endsWith('>')) return true; // <…>
  if (s.startsWith('${') || s.startsWith('{{') || s.startsWith('$(') || s.startsWith('{%')) return true;
  if (c === 36 && /^\$[a-z_]\w*$/i.test(s)) return true;
  if (c === 37 && /^%\w+%$/.test(s)) return true;
  if (s.includes('…') || s.includes('...')) return true;
  if (s.length >= 3 && /^[x*#.-]+$/i.test(s)) return true;
  if (/^your[-_]/i.test(s)) return true;
  return false;
}

/** `/abs/path`, `./rel`, `../rel`, `~/x`, `C:\x`: file paths, never endpoints. */
function isPathLike(value: string): boolean {
  return value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~/') || /^[a-z]:[\\/]/i.test(value);
}

/** Lower-case words of an identifier: `CTO_HARNESS_BASE_URL`, `baseUrl`, `--api-key` → […]. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isAlnum(c)) {
      if (cur) words.push(cur);
      cur = '';
      continue;
    }
    const prev = name.charCodeAt(i - 1);
    if (cur && c >= 65 && c <= 90 && ((prev >= 97 && prev <= 122) || isDigit(prev))) {
      words.push(cur);
      cur = '';
    }
    cur += name[i]!.toLowerCase();
  }
  if (cur) words.push(cur);
  return words;
}

function endsWithSeq(words: string[], seqs: string[][]): boolean {
  return seqs.some((seq) => seq.length <= words.length && seq.every((w, k) => words[words.length - seq.length + k] === w));
}

// ---------------------------------------------------------------- lists of versions

const isVersionChar = (c: number) => isAlnum(c) || c === 46 || c === 45 || c === 95 || c === 43;
/** A list item that can be a version: a digit and a `.` or `-` (`11.0.16.0`, `jdk8u345-b01`). */
function isVersionToken(s: string): boolean {
  return /\d/.test(s) && (s.includes('.') || s.includes('-'));
}

/**
 * A list item that is a version by itself and cannot be an address or a machine: numbers joined by
 * `.`, `u`, `_` or `-`, each part at most a short prefix of letters (`11.0.16`, `jdk8u345-b01`,
 * `rhel8.6`), not a dotted quad (`gpu-01` and `spark1` are not versions: no digit starts a part).
 */
function isSureVersion(s: string): boolean {
  return /^[a-z]{0,8}\d+(?:[.u_-][a-z]{0,3}\d+)+$/i.test(s) && !parseIPv4(s);
}

/** Where a list separator (`, `, ` / `, ` and `, ` or `) that ends at `k` starts; `k` if none. */
function listSeparatorBefore(t: string, lower: string, k: number): number {
  let j = k;
  while (j > 0 && k - j < 4 && isSpace(t.charCodeAt(j - 1))) j--;
  const c = t.charCodeAt(j - 1);
  if (c === 44 || c === 47 || c === 59) j--;
  else if (lower.startsWith('and', j - 3) && !isWord(lower.charCodeAt(j - 4))) j -= 3;
  else if (lower.startsWith('or', j - 2) && !isWord(lower.charCodeAt(j - 3))) j -= 2;
  else return k;
  while (j > 0 && k - j < 12 && isSpace(t.charCodeAt(j - 1))) j--;
  return j;
}

function listSeparatorAfter(t: string, lower: string, e: number): number {
  let j = e;
  while (j < t.length && j - e < 4 && isSpace(t.charCodeAt(j))) j++;
  const c = t.charCodeAt(j);
  if (c === 44 || c === 47 || c === 59) j++;
  else if (lower.startsWith('and ', j)) j += 3;
  else if (lower.startsWith('or ', j)) j += 2;
  else return e;
  while (j < t.length && j - e < 12 && isSpace(t.charCodeAt(j))) j++;
  return j;
}

/** The start of a version-shaped token that ends at `k` (`k` if none). */
function versionTokenBefore(t: string, k: number): number {
  let j = k;
  while (j > 0 && k - j < 32 && isVersionChar(t.charCodeAt(j - 1))) j--;
  return j < k && isVersionToken(t.slice(j, k)) ? j : k;
}

function versionTokenAfter(t: string, e: number): number {
  let j = e;
  while (j < t.length && j - e < 32 && isVersionChar(t.charCodeAt(j))) j++;
  while (j > e && t.charCodeAt(j - 1) === 46) j--;
  return j > e && isVersionToken(t.slice(e, j)) ? j : e;
}

// ---------------------------------------------------------------- the scan

class Scan {
  readonly t: string;
  readonly lower: string;
  readonly out: Match[] = [];
  /** Ranges of every URL seen (flagged or not, in order), so `@` inside one is not an SSH target. */
  readonly urlSpans: [number, number][] = [];
  /** Where ssh/scp/rsync… commands are, found once on first need (sorted). */
  private sshAt: number[] | undefined;
  private readonly hosts = new Map<string, HostInfo>();

  constructor(readonly n: Normalized, readonly policy: LeakPolicy) {
    this.t = n.text;
    this.lower = asciiLower(n.text);
  }

  push(m: Match): void {
    if (!this.policy.ignoredClasses.has(m.cls)) this.out.push(m);
  }

  /** classifyHost, remembered for the scan (machine-made text repeats the same hosts). */
  host(raw: string): HostInfo {
    let info = this.hosts.get(raw);
    if (!info) {
      info = classifyHost(raw, this.policy);
      if (this.hosts.size < 4096) this.hosts.set(raw, info);
    }
    return info;
  }

  /** An ssh/scp/rsync… command at most 200 characters earlier on the same line. */
  sshContext(at: number): boolean {
    if (!this.sshAt) {
      const found: number[] = [];
      const isCmdChar = (c: number) => isAlnum(c) || c === 45;
      for (const cmd of this.policy.sshCommands) {
        for (let i = this.lower.indexOf(cmd); i !== -1; i = this.lower.indexOf(cmd, i + cmd.length)) {
          if (!isCmdChar(this.lower.charCodeAt(i - 1)) && !isCmdChar(this.lower.charCodeAt(i + cmd.length))) found.push(i);
        }
      }
      this.sshAt = found.sort((x, y) => x - y);
    }
    // The last command before `at`, if it is close enough and on the same line.
    const xs = this.sshAt;
    let lo = 0;
    let hi = xs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! < at) {
        best = xs[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best === -1 || at - best > 200) return false;
    // The target is an argument of that command: no line break, pipe, `;`, `&&`, code mark or
    // sentence end between them (`ssh in and run go install pkg@version` names no SSH target).
    const t = this.t;
    for (let k = best; k < at; k++) {
      const c = t.charCodeAt(k);
      if (c === 10 || c === 13 || c === 124 || c === 59 || c === 38 || c === 96) return false;
      if ((c === 46 || c === 33 || c === 63) && isSpace(t.charCodeAt(k + 1))) return false;
    }
    return true;
  }

  /**
   * A version word or operator right before `a` (`version 1.2.3.4`, `==1.2.3.4`, `§ 1.2.3.4`),
   * also across a short parenthetical (`Version (IBM Java): 8.0.7.15`).
   */
  versionContext(a: number): boolean {
    const t = this.t;
    let k = a;
    while (k > 0 && a - k < 3 && isSpace(t.charCodeAt(k - 1))) k--;
    for (const op of this.policy.versionOperators) if (k >= op.length && t.startsWith(op, k - op.length)) return true;
    while (k > 0 && a - k < 6 && ' \t:#=(-'.includes(t[k - 1]!)) k--;
    if (t.charCodeAt(k - 1) === 41) {
      // `(…)` of at most 40 characters on the line, then the word.
      let o = k - 2;
      while (o >= 0 && k - o <= 40 && t.charCodeAt(o) !== 40 && t.charCodeAt(o) !== 10) o--;
      if (o >= 0 && t.charCodeAt(o) === 40) {
        k = o;
        while (k > 0 && o - k < 3 && isSpace(t.charCodeAt(k - 1))) k--;
      }
    }
    if (t[k - 1] === '§') return true;
    let w = k;
    while (w > 0 && k - w < 24 && isAlpha(t.charCodeAt(w - 1))) w--;
    return w < k && this.policy.versionWords.has(this.lower.slice(w, k));
  }

  /**
   * The dotted quad [a, b) is one item of a list of versions: the list (items joined by `,`, `/`,
   * `and`, `or`; each holding a digit and a `.` or `-`) starts after a version word, holds an item
   * that can only be a version (`jdk8u345-b01, 11.0.16.0`), or ends with a version phrase
   * (`11.0.16.0, 17.0.4.0 and later`, `1.2.3.4+`).
   */
  versionList(a: number, b: number): boolean {
    const t = this.t;
    // Backwards over earlier items.
    let k = a;
    for (let items = 0; items < 8; items++) {
      const sep = listSeparatorBefore(t, this.lower, k);
      if (sep === k) break;
      const start = versionTokenBefore(t, sep);
      if (start === sep) break;
      k = start;
      if (this.versionContext(k) || isSureVersion(t.slice(start, sep))) return true;
    }
    // Forwards over later items, then the phrase.
    let e = b;
    if (t.charCodeAt(e) === 43 && !isWord(t.charCodeAt(e + 1))) return true; // 1.2.3.4+
    for (let items = 0; items < 8; items++) {
      const sep = listSeparatorAfter(t, this.lower, e);
      if (sep === e) break;
      const end = versionTokenAfter(t, sep);
      if (end === sep) break;
      if (isSureVersion(t.slice(sep, end))) return true;
      e = end;
    }
    while (e < t.length && isSpace(t.charCodeAt(e))) e++;
    for (const f of this.policy.versionFollowers) if (this.lower.startsWith(f, e) && !isWord(this.lower.charCodeAt(e + f.length))) return true;
    return false;
  }

  /**
   * Is the setting that holds the value starting at `v` a container image (`image: app:2019`,
   * `--image=…`, a Dockerfile's `FROM app:1.2`)? Its `name:tag` is no host and port.
   */
  imageSetting(v: number): boolean {
    const t = this.t;
    let k = v;
    while (k > 0 && v - k < 4 && (isSpace(t.charCodeAt(k - 1)) || t.charCodeAt(k - 1) === 34 || t.charCodeAt(k - 1) === 39)) k--;
    const sep = t.charCodeAt(k - 1);
    if (sep === 58 || sep === 61) {
      k--;
      while (k > 0 && v - k < 8 && (isSpace(t.charCodeAt(k - 1)) || t.charCodeAt(k - 1) === 34 || t.charCodeAt(k - 1) === 39)) k--;
    }
    let n = k;
    while (n > 0 && k - n < 64 && isNameChar(t.charCodeAt(n - 1))) n--;
    if (n < k && endsWithSeq(nameWords(t.slice(n, k)), this.policy.imageNames)) return true;
    // Dockerfile: `FROM [--platform=…] image:tag` at the start of a line.
    let l = v;
    while (l > 0 && v - l < 96 && t.charCodeAt(l - 1) !== 10) l--;
    while (l < v && isSpace(t.charCodeAt(l))) l++;
    if (!t.startsWith('FROM ', l)) return false;
    for (let j = l + 5; j < v; j++) if (t.charCodeAt(j) === 32 && t.charCodeAt(j + 1) !== 45 && j + 1 < v && !isSpace(t.charCodeAt(j + 1))) return false;
    return true;
  }

  inUrl(p: number): boolean {
    let lo = 0;
    let hi = this.urlSpans.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.urlSpans[mid]![0] <= p) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found !== -1 && p < this.urlSpans[found]![1];
  }
}

/** `scheme://authority…`: any scheme; the host is parsed (WHATWG URL for numeric IPv4 forms). */
function scanUrls(s: Scan): void {
  const t = s.t;
  for (let i = t.indexOf('://'); i !== -1; i = t.indexOf('://', i + 3)) {
    let a = i;
    while (a > 0 && i - a < 32 && isSchemeChar(t.charCodeAt(a - 1))) a--;
    while (a < i && !isAlpha(t.charCodeAt(a))) a++;
    if (a === i) continue;
    const authStart = i + 3;
    let e = authStart;
    while (e < t.length && e - authStart < 1024 && !isBlank(t.charCodeAt(e)) && !AUTHORITY_STOP.has(t.charCodeAt(e))) e++;
    let ae = e;
    while (ae > authStart && TRAILING_PUNCT.has(t.charCodeAt(ae - 1))) ae--;
    let end = e;
    while (end < t.length && end - e < 2048 && !isBlank(t.charCodeAt(end)) && !URL_STOP.has(t.charCodeAt(end))) {
      if (t.charCodeAt(end) === 58 && t.startsWith('//', end + 1)) {
        // The next URL starts here: stop before its scheme.
        while (end > e && isSchemeChar(t.charCodeAt(end - 1))) end--;
        break;
      }
      end++;
    }
    while (end > ae && (TRAILING_PUNCT.has(t.charCodeAt(end - 1)) || t.charCodeAt(end - 1) === 41)) end--;
    s.urlSpans.push([a, Math.max(end, ae)]);
    if (isUnixSocket(s.lower.slice(a, Math.min(end, a + 48)))) {
      // A Unix socket is a file, not a network endpoint: reported only if the policy says so.
      if (s.policy.unixSockets) s.push({ cls: 'url', a, b: Math.max(end, ae), what: 'URL of a Unix socket path' });
      continue;
    }
    judgeAuthority(s, t.slice(authStart, ae), a, Math.max(end, ae));
  }
}

function splitHostPort(hostport: string): { host: string; port: string } {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close === -1) return { host: hostport, port: '' };
    const rest = hostport.slice(close + 1);
    return { host: hostport.slice(0, close + 1), port: rest.startsWith(':') ? rest.slice(1) : '' };
  }
  const colon = hostport.lastIndexOf(':');
  if (colon === -1) return { host: hostport, port: '' };
  // More than one colon and no brackets: an unbracketed IPv6 literal, not host:port.
  if (hostport.indexOf(':') !== colon && parseIPv6(hostport)) return { host: hostport, port: '' };
  return { host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}

/** The host the WHATWG URL parser sees: `0x64.0x65.0x66.0x67` and `1684366951` become dotted quads. */
function whatwgHost(host: string): string {
  if (!host || host.startsWith('[') || parseIPv4(host) || !/^[0-9a-fx.]+$/i.test(host) || !/\d/.test(host)) return host;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}

function judgeAuthority(s: Scan, authority: string, a: number, b: number): void {
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon !== -1) {
    const password = userinfo.slice(colon + 1);
    if (password && !isPlaceholderValue(password, s.policy)) s.push({ cls: 'credential', a, b, what: 'password in the user part of a URL', credential: true });
  }
  const { host } = splitHostPort(authority.slice(at + 1));
  const info = s.host(whatwgHost(host));
  if (HARMLESS.has(info.kind)) return;
  s.push({ cls: 'url', a, b, what: `URL with ${hostPhrase(info)}`, publicHost: info.kind === 'public-domain' });
}

/** Dotted quads, with an optional `/bits`, `:port` or `/path`. */
function scanIPv4(s: Scan): void {
  const t = s.t;
  const re = /\d{1,3}(?:\.\d{1,3}){3}/g;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const a = m.index;
    const b = a + m[0].length;
    const prev = t.charCodeAt(a - 1);
    if (isWord(prev) || prev === 46) continue;
    const next = t.charCodeAt(b);
    if (isWord(next) || (next === 46 && isDigit(t.charCodeAt(b + 1)))) continue;
    if ((next === 45 || next === 43) && isAlpha(t.charCodeAt(b + 1))) continue; // 1.2.3.4-beta
    const addr = parseIPv4(m[0]);
    if (!addr) continue;
    if (s.versionContext(a) || s.versionList(a, b) || imageTag(s, a)) continue;
    judgeAddress(s, addr, m[0], a, b);
  }
}

/**
 * A tag after `name:` that is an image or package reference: the name has a path
 * (`k8s.gcr.io/etcd:3.3.10.1`) or is the value of an image setting (`image: app:1.2.3.4`).
 */
function imageTag(s: Scan, a: number): boolean {
  const t = s.t;
  if (t.charCodeAt(a - 1) !== 58) return false;
  let n = a - 1;
  while (n > 0 && a - 1 - n < 128 && (isNameChar(t.charCodeAt(n - 1)) || t.charCodeAt(n - 1) === 47)) n--;
  const name = t.slice(n, a - 1);
  if (!/[a-z]/i.test(name)) return false;
  return (name.includes('/') && t.charCodeAt(n - 1) !== 47) || s.imageSetting(n);
}

type Suffix = { kind: 'bare' | 'cidr' | 'port' | 'path'; end: number; bits?: number };

/** What follows an address: `/24`, `:8000`, `/v1`, or nothing. */
function addressSuffix(t: string, b: number, maxBits: number): Suffix {
  const c = t.charCodeAt(b);
  if (c === 47) {
    const n = digitsAt(t, b + 1, 3);
    if (n > 0 && n <= 3) {
      const after = t.charCodeAt(b + 1 + n);
      const bits = Number(t.slice(b + 1, b + 1 + n));
      if (!isWord(after) && !(after === 46 && isDigit(t.charCodeAt(b + 2 + n))) && bits <= maxBits) return { kind: 'cidr', end: b + 1 + n, bits };
      return { kind: 'path', end: b + 1 };
    }
    const p = t.charCodeAt(b + 1);
    if (isAlpha(p) || p === 95 || p === 126) return { kind: 'path', end: b + 1 };
  }
  if (c === 58) {
    const n = digitsAt(t, b + 1, 5);
    if (n > 0 && n <= 5) {
      const port = Number(t.slice(b + 1, b + 1 + n));
      const after = t.charCodeAt(b + 1 + n);
      if (port >= 1 && port <= 65535 && !isWord(after) && !((after === 46 || after === 58) && isDigit(t.charCodeAt(b + 2 + n)))) return { kind: 'port', end: b + 1 + n };
    }
  }
  return { kind: 'bare', end: b };
}

function judgeAddress(s: Scan, addr: Address, text: string, a: number, b: number): void {
  const { policy, t } = s;
  const suffix = addressSuffix(t, b, addr.v === 4 ? 32 : 128);
  if (suffix.kind === 'cidr') {
    const cidr = { addr, bits: suffix.bits! };
    if (policy.wellKnownRanges.some((w) => sameCidr(cidr, w))) return;
    const range = addressRange(addr, policy);
    if (!range || !range.flag) return;
    s.push({ cls: 'cidr', a, b: suffix.end, what: `${range.name} network range` });
    return;
  }
  if (suffix.kind === 'bare' && isIPv4Mask(embeddedIPv4(addr) ?? addr)) return;
  const info = s.host(text);
  if (HARMLESS.has(info.kind)) return;
  if (suffix.kind === 'bare' && info.bareOk) return;
  if (suffix.kind === 'port') s.push({ cls: 'host-port', a, b: suffix.end, what: `${info.what} address with a port` });
  else if (suffix.kind === 'path') s.push({ cls: 'url', a, b: suffix.end, what: `scheme-less URL with ${article(info.what)} ${info.what} host` });
  else s.push({ cls: 'ip-address', a, b, what: `${info.what} address` });
}

/** Runs of hex digits, colons and dots holding at least two colons: IPv6 candidates. */
function scanIPv6(s: Scan): void {
  const t = s.t;
  let from = 0;
  for (let p = t.indexOf(':', from); p !== -1; p = t.indexOf(':', from)) {
    let a = p;
    while (a > 0 && p - a < 48 && isV6Char(t.charCodeAt(a - 1))) a--;
    let b = p;
    while (b < t.length && b - p < 48 && isV6Char(t.charCodeAt(b))) b++;
    from = b + 1;
    const afterRun = t.charCodeAt(b);
    if (isWord(t.charCodeAt(a - 1)) || isWord(afterRun)) continue;
    let e = b;
    while (e > a && t.charCodeAt(e - 1) === 46) e--;
    if (t.charCodeAt(e - 1) === 58 && t.charCodeAt(e - 2) !== 58) e--;
    let text = t.slice(a, e);
    if (text.split(':').length < 3) continue;
    let z = e;
    if (t.charCodeAt(e) === 37) {
      // zone id: fe80::1%eth0
      let k = e + 1;
      while (k < t.length && k - e < 16 && isHostChar(t.charCodeAt(k))) k++;
      if (k > e + 1) z = k;
    }
    const addr = parseIPv6(text);
    if (!addr) continue;
    const groups = text.split(':').filter(Boolean);
    if (!/\d/.test(text) && groups.length < 3) continue; // `Add::add`, `dead::beef` in code
    if (codePath(t, text, groups, a, z)) continue;
    const bracketed = t.charCodeAt(a - 1) === 91 && t.charCodeAt(z) === 93;
    if (bracketed) {
      text = `[${text}]`;
      judgeAddress(s, addr, text, a - 1, z + 1);
    } else judgeAddress(s, addr, text, a, z);
  }
}

/**
 * A path of a programming language that happens to parse as IPv6: `f1::<u32>()`, `f32::{MAX}`,
 * `impl'17::<T>` (a scope followed by generics, a group or a glob), and `Option<&C1::E>`, `B2::A`
 * (two short groups starting with a letter: addresses are not written `c1::e`).
 */
function codePath(t: string, text: string, groups: string[], a: number, z: number): boolean {
  const next = t.charCodeAt(z);
  if (text.endsWith('::') && (next === 60 || next === 123 || next === 40 || next === 42)) return true;
  return groups.length === 2 && !text.startsWith('::') && groups[0]!.length <= 2 && groups[1]!.length <= 2 && isAlpha(text.charCodeAt(0)) && t.charCodeAt(a - 1) !== 91;
}

function isServicePort(port: number): boolean {
  return port >= 1024 || WELL_KNOWN_PORTS.has(port);
}

/** `name:port` for names that are not IP literals: localhost, single labels, private suffixes. */
function scanHostPort(s: Scan): void {
  const { t, policy } = s;
  for (let p = t.indexOf(':'); p !== -1; p = t.indexOf(':', p + 1)) {
    if (!isDigit(t.charCodeAt(p + 1))) continue;
    const n = digitsAt(t, p + 1, 5);
    if (n > 5 || (n > 1 && t.charCodeAt(p + 1) === 48)) continue;
    const q = p + 1 + n;
    const port = Number(t.slice(p + 1, q));
    if (port < 1 || port > 65535) continue;
    const next = t.charCodeAt(q);
    if (isWord(next) || ((next === 46 || next === 58 || next === 44) && isDigit(t.charCodeAt(q + 1)))) continue;
    if (next === 58 && t.charCodeAt(q + 1) === 58) continue; // a group of an IPv6 address: `fd00:1234::/110`
    let h = p;
    while (h > 0 && p - h < 254 && isHostChar(t.charCodeAt(h - 1))) h--;
    while (h < p && (t.charCodeAt(h) === 46 || t.charCodeAt(h) === 45)) h++;
    if (h === p) continue;
    const prev = t.charCodeAt(h - 1);
    // `<spark1:8000>` is an autolink (a reader sees the host), so `<` does not hide a host.
    if (prev === 64 || prev === 36 || prev === 123 || prev === 37 || prev === 92) continue; // @ $ { % \
    if (prev === 47 && t.charCodeAt(h - 2) !== 47) continue; // a path segment: src/Makefile:12
    if (prev === 58) {
      // `-L 8000:spark1:8000` (an ssh forward) is host:port; any other colon chain (IPv6) is not.
      let k = h - 1;
      while (k > 0 && h - 1 - k < 5 && isDigit(t.charCodeAt(k - 1))) k--;
      if (k === h - 1 || !(k === 0 || isBlank(t.charCodeAt(k - 1)) || t.charCodeAt(k - 1) === 61)) continue;
    }
    const host = t.slice(h, p);
    if (/^[\d.]+$/.test(host)) continue; // times, ratios, versions; IPs have their own scanner
    const info = s.host(host);
    const lowerHost = host.toLowerCase();
    switch (info.kind) {
      case 'loopback-name':
      case 'private-suffix':
      case 'cluster-internal':
      case 'magicdns':
        s.push({ cls: 'host-port', a: h, b: q, what: `${info.kind === 'magicdns' ? 'Tailscale MagicDNS name' : info.what} with a port` });
        break;
      case 'single-label':
        if (!isServicePort(port) || policy.notHosts.has(lowerHost)) break;
        if (/^[a-z]\d{1,4}$/i.test(host)) break; // a metric or key: `P50:1130`, `q3:12`
        if (s.imageSetting(h)) break; // `image: eventlogger:2019`: a name and tag
        if (/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+$/.test(host)) break; // a work-item id: CTO-WORK-030:12
        if (/^\d/.test(host) && /^[\d-]+t\d+$/i.test(host)) break; // 2026-06-01T02:25
        s.push({ cls: 'host-port', a: h, b: q, what: 'single-label host name with a port' });
        break;
      default:
        break;
    }
  }
  // `localhost/v1`: a loopback name with a path is an endpoint even without a scheme or port.
  for (const name of policy.loopbackNames) {
    for (let i = s.lower.indexOf(name); i !== -1; i = s.lower.indexOf(name, i + name.length)) {
      const e = i + name.length;
      const prev = t.charCodeAt(i - 1);
      if (isHostChar(prev) || prev === 47 || prev === 64) continue;
      if (t.charCodeAt(e) !== 47) continue;
      const c = t.charCodeAt(e + 1);
      if (!(isAlpha(c) || c === 95 || c === 126)) continue;
      s.push({ cls: 'url', a: i, b: e + 1, what: 'scheme-less URL with a loopback name' });
    }
  }
}

/** `<machine>.<tailnet>.ts.net` and `<tailnet>.ts.net`, bare; not `.ts.net` or `*.ts.net`. */
function scanMagicDns(s: Scan): void {
  const { lower } = s;
  const suffix = s.policy.magicDnsSuffix;
  for (let i = lower.indexOf(suffix); i !== -1; i = lower.indexOf(suffix, i + 1)) {
    const e = i + suffix.length;
    const next = lower.charCodeAt(e);
    if (isWord(next) || next === 45 || (next === 46 && isAlnum(lower.charCodeAt(e + 1)))) continue;
    let h = i;
    while (h > 0 && i - h < 253 && isHostChar(lower.charCodeAt(h - 1))) h--;
    while (h < i && (lower.charCodeAt(h) === 46 || lower.charCodeAt(h) === 45)) h++;
    if (h === i) continue;
    if (lower.charCodeAt(h - 1) === 47 && lower.charCodeAt(h - 2) !== 47) continue; // a path segment
    s.push({ cls: 'magicdns', a: h, b: e, what: 'Tailscale MagicDNS name' });
  }
}

/** `user@host` SSH, scp and rsync targets (an e-mail address is not one). */
function scanAtTargets(s: Scan): void {
  const { t, policy } = s;
  for (let p = t.indexOf('@'); p !== -1; p = t.indexOf('@', p + 1)) {
    if (s.inUrl(p)) continue;
    let u = p;
    while (u > 0 && p - u < 64 && isUserChar(t.charCodeAt(u - 1))) u--;
    const userPlaceholder = t.charCodeAt(p - 1) === 125 || t.charCodeAt(p - 1) === 62; // ${USER}@ <user>@
    if (u === p && !userPlaceholder) continue;
    if (t.charCodeAt(u - 1) === 47 || t.charCodeAt(u - 1) === 64) continue; // actions/checkout@v4, a@b@c
    let q = p + 1;
    if (t.charCodeAt(q) === 91) {
      let close = q + 1;
      while (close < t.length && close - q <= 64 && t.charCodeAt(close) !== 93) close++;
      if (t.charCodeAt(close) !== 93) continue;
      q = close + 1;
    } else {
      while (q < t.length && q - p < 254 && isHostChar(t.charCodeAt(q))) q++;
      while (q > p + 1 && (t.charCodeAt(q - 1) === 46 || t.charCodeAt(q - 1) === 45)) q--;
    }
    if (q === p + 1) continue;
    const host = t.slice(p + 1, q);
    const lowerHost = host.toLowerCase();
    if (policy.versionTags.has(lowerHost) || /^v\d/i.test(host) || /^[\d.]+$/.test(host) && !parseIPv4(host)) continue;
    if (host.length >= 7 && host.length <= 40 && isHexText(host) && /\d/.test(host)) continue; // name@<commit>
    const after = t.charCodeAt(q);
    const scpPath = after === 58 && (isAlpha(t.charCodeAt(q + 1)) || '/~._'.includes(t[q + 1] ?? ' '));
    const info: HostInfo = s.host(host);
    let flag = false;
    switch (info.kind) {
      case 'single-label':
        // `name@word` is a handle (`r@golang`), a decorator, a package or version (`pkg@version`,
        // `eslint-plugin-@foo`), a rustdoc link (`[type@foo]`), a sed expression (`s@a@b@g`) or a
        // closure (`{closure@src/lib.rs:3:24}`) far more often than a machine: it is an SSH target
        // only as the argument of an ssh/scp/rsync… command, in the scp form `user@host:path`, or
        // in a shell prompt (`root@debug-image:~#`, `[root@box home]#`, `me@laptop foo %`).
        flag = scpPath || s.sshContext(u) || shellPrompt(t, u, q);
        break;
      case 'ip':
      case 'loopback-name':
      case 'private-suffix':
      case 'cluster-internal':
      case 'magicdns':
        flag = true;
        break;
      case 'public-domain':
        flag = scpPath || s.sshContext(u);
        break;
      default:
        break;
    }
    if (flag) s.push({ cls: 'ssh-target', a: u, b: q, what: `SSH target with ${hostPhrase(info)}`, publicHost: info.kind === 'public-domain' });
  }
}

/** `user@host` [u, q) starts a shell prompt: first on its line (after `[`), then `$`, `#`, `%` or `>` after an optional directory. */
function shellPrompt(t: string, u: number, q: number): boolean {
  let l = u;
  if (t.charCodeAt(l - 1) === 91) l--;
  while (l > 0 && u - l < 8 && isSpace(t.charCodeAt(l - 1))) l--;
  if (l > 0 && t.charCodeAt(l - 1) !== 10) return false;
  let r = q;
  if (isSpace(t.charCodeAt(r))) {
    r++;
    const from = r;
    while (r < t.length && r - from < 64 && (isNameChar(t.charCodeAt(r)) || t.charCodeAt(r) === 47 || t.charCodeAt(r) === 126)) r++;
  }
  if (t.charCodeAt(r) === 93) r++;
  if (isSpace(t.charCodeAt(r))) r++;
  const c = t.charCodeAt(r);
  return (c === 36 || c === 35 || c === 37 || c === 62) && (r + 1 >= t.length || isBlank(t.charCodeAt(r + 1)));
}

/** `NAME=value`, `NAME: value`, `"name": "value"`, `--name=value`, `--name value`. */
function scanAssignments(s: Scan): void {
  const t = s.t;
  for (let p = t.indexOf('='); p !== -1; p = t.indexOf('=', p + 1)) assignmentAt(s, p, '=');
  for (let p = t.indexOf(':'); p !== -1; p = t.indexOf(':', p + 1)) assignmentAt(s, p, ':');
  for (let p = t.indexOf('--'); p !== -1; p = t.indexOf('--', p + 1)) {
    if (!isWord(t.charCodeAt(p - 1)) && t.charCodeAt(p - 1) !== 45) flagWithSpace(s, p);
  }
}

function nameKind(name: string, policy: LeakPolicy): 'endpoint' | 'credential' | undefined {
  const words = nameWords(name);
  if (!words.length) return undefined;
  if (endsWithSeq(words, policy.endpointNames)) return 'endpoint';
  if (endsWithSeq(words, policy.credentialNames)) return 'credential';
  return undefined;
}

function assignmentAt(s: Scan, p: number, sep: '=' | ':'): void {
  const t = s.t;
  const next = t.charCodeAt(p + 1);
  const prev = t.charCodeAt(p - 1);
  let k = p;
  if (sep === '=') {
    if (next === 61 || next === 62 || next === 126 || prev === 61 || prev === 33 || prev === 60 || prev === 62) return;
    if (prev === 58 || prev === 63 || prev === 43) k--;
    while (k > 0 && p - k < 4 && isSpace(t.charCodeAt(k - 1))) k--;
  } else {
    if (next === 47 || next === 58 || prev === 58) return; // URL scheme, `::`
    if (!(isSpace(next) || next === 34 || next === 39 || next === 96)) return; // `key: value`, `"key":"value"`
  }
  let ne = k;
  const closeQuote = t.charCodeAt(ne - 1);
  if (closeQuote === 34 || closeQuote === 39 || closeQuote === 96) ne--;
  let ns = ne;
  while (ns > 0 && ne - ns < 128 && isNameChar(t.charCodeAt(ns - 1))) ns--;
  if (ns === ne) return;
  const name = t.slice(ns, ne);
  const kind = nameKind(name, s.policy);
  if (!kind) return;
  readValue(s, p + 1, sep, name.replace(/^-+/, ''), kind);
}

function flagWithSpace(s: Scan, p: number): void {
  const t = s.t;
  let e = p + 2;
  while (e < t.length && e - p < 64 && (isAlnum(t.charCodeAt(e)) || t.charCodeAt(e) === 45 || t.charCodeAt(e) === 95)) e++;
  if (e === p + 2 || !isSpace(t.charCodeAt(e))) return; // `--name=value` is read at the `=`
  const name = t.slice(p + 2, e);
  const kind = nameKind(name, s.policy);
  if (!kind) return;
  // `--host spark1`, but not `--host and --port`: a value after a space must look like one.
  let v = e;
  while (v < t.length && isSpace(t.charCodeAt(v))) v++;
  let w = v;
  while (w < t.length && w - v < 64 && !isBlank(t.charCodeAt(w))) w++;
  if (kind === 'endpoint' && !/[\d.:/@[_-]/.test(t.slice(v, w))) return;
  readValue(s, e, ' ', name, kind);
}

const VALUE_STOP = new Set([...',;"\'`|)]}='].map((ch) => ch.charCodeAt(0)));
const MAX_VALUE = 256;

function readValue(s: Scan, from: number, sep: '=' | ':' | ' ', name: string, kind: 'endpoint' | 'credential'): void {
  const t = s.t;
  let v = from;
  while (v < t.length && v - from < 8 && isSpace(t.charCodeAt(v))) v++;
  const q = t.charCodeAt(v);
  let a: number;
  let b: number;
  const quoted = q === 34 || q === 39 || q === 96;
  if (quoted) {
    a = v + 1;
    b = a;
    while (b < t.length && b - a < MAX_VALUE && t.charCodeAt(b) !== q && t.charCodeAt(b) !== 10) b++;
    if (t.charCodeAt(b) !== q) return;
  } else {
    a = v;
    b = a;
    while (b < t.length && b - a < MAX_VALUE && !isBlank(t.charCodeAt(b)) && !VALUE_STOP.has(t.charCodeAt(b))) b++;
    // A base64 value keeps its `=` padding.
    while (b < t.length && b - a < MAX_VALUE && t.charCodeAt(b) === 61 && (b + 1 === t.length || isBlank(t.charCodeAt(b + 1)) || t.charCodeAt(b + 1) === 61)) b++;
    while (b > a && '.,:>*'.includes(t[b - 1]!)) b--; // sentence marks, `<…>`, emphasis
    if (sep === ':') {
      // `Host: the Spark box` is prose; a setting has one value and nothing after it on the line.
      let r = b;
      while (r < t.length && isSpace(t.charCodeAt(r))) r++;
      while (r < t.length && '.,;'.includes(t[r]!)) r++;
      while (r < t.length && isSpace(t.charCodeAt(r))) r++;
      const c = t.charCodeAt(r);
      // Allowed after the value: end of line, a comment, a table bar, a closing brace or code mark, `(`.
      if (r < t.length && c !== 10 && c !== 13 && c !== 35 && c !== 124 && c !== 125 && c !== 96 && c !== 40) return;
    }
  }
  const value = t.slice(a, b).trim();
  if (!value || isPlaceholderValue(value, s.policy) || isPathLike(value)) return;
  if (kind === 'credential') {
    if (value.length >= 8 && /[a-z]/i.test(value) && /\d/.test(value) && !value.includes('://')) {
      s.push({ cls: 'credential', a, b, what: 'credential value', credential: true, name });
    }
    return;
  }
  // `--extern-url name=$X`: the flag's value is a `key=value` pair, not a host.
  if (!quoted && t.charCodeAt(b) === 61) return;
  if (/^\d+$/.test(value)) return;
  if (isUnixSocket(value)) {
    if (s.policy.unixSockets) s.push({ cls: 'endpoint-assignment', a, b, what: 'endpoint setting with a Unix socket path', name });
    return;
  }
  let info: HostInfo;
  let bare = true;
  let host: string;
  const scheme = value.indexOf('://');
  if (scheme !== -1) {
    const rest = value.slice(scheme + 3);
    let e = 0;
    while (e < rest.length && !AUTHORITY_STOP.has(rest.charCodeAt(e))) e++;
    const authority = rest.slice(0, e);
    host = whatwgHost(splitHostPort(authority.slice(authority.lastIndexOf('@') + 1)).host);
    info = s.host(host);
    bare = false;
  } else {
    const slash = value.indexOf('/');
    const hostport = slash === -1 ? value : value.slice(0, slash);
    const split = splitHostPort(hostport);
    host = split.host;
    info = s.host(host);
    bare = slash === -1 && !split.port;
  }
  // Not a host: a version (`url = "1.0.0"`), a fragment (`'#'`), a date, an expression, prose.
  if (HARMLESS.has(info.kind)) return;
  if (bare && info.bareOk && (info.kind === 'ip' || info.kind === 'loopback-name')) return;
  if (bare && !endpointValue(s, info, host, name, b)) return;
  const holding = scheme !== -1 ? `a URL with ${hostPhrase(info)}` : hostPhrase(info);
  s.push({ cls: 'endpoint-assignment', a, b, what: `endpoint setting with ${holding}`, name, publicHost: info.kind === 'public-domain' });
}

/**
 * `unix:/csi/csi.sock`, `unix:///var/run/docker.sock`, `unix://C:\\csi\\csi.sock`, `http+unix:///…`,
 * `http://unix:/run/x.sock`, `npipe:////./pipe/x`: a socket path, with no host. A socket scheme
 * with a host (`unix://10.0.0.5:8000`) is not one: that host is judged as any other.
 */
function isUnixSocket(value: string): boolean {
  const lower = asciiLower(value.slice(0, 48));
  const colon = lower.indexOf(':');
  if (colon <= 0) return false;
  const scheme = lower.slice(0, colon);
  if (lower.startsWith('//unix:/', colon + 1) && lower.charCodeAt(colon + 9) !== 47) return true;
  if (scheme !== 'unix' && scheme !== 'npipe' && !scheme.split('+').includes('unix')) return false;
  if (!lower.startsWith('//', colon + 1)) return lower.charCodeAt(colon + 1) === 47; // unix:/path
  // `scheme://authority/…`: no authority, or a Windows drive (`C:`).
  const authority = lower.slice(colon + 3).split(/[/\\]/)[0]!;
  return authority === '' || /^[a-z]:$/.test(authority);
}

/**
 * A value written alone (no scheme, port or path) names a host only when it reads as one: a code
 * member (`self.addr`, `req.RequestURI`, `options.url`) or a call is not a host; a single label is
 * a machine name only after a setting that says where to connect (not `hostname`, which names the
 * machine itself) and only when it looks like one — lower case, with a digit or hyphen (`spark1`,
 * `gpu-box`, `db01`), not a word of prose or code (`attempt`, `error`, `flag`, `IPv6`, `ip6`).
 */
function endpointValue(s: Scan, info: HostInfo, host: string, name: string, b: number): boolean {
  const t = s.t;
  const next = t.charCodeAt(b);
  if (next === 40 || next === 91) return false; // a call or an index: `URL(…)`, `hosts[0]`
  const camel = /[a-z][A-Z]/.test(host);
  if (info.kind === 'public-domain') {
    if (camel || next === 59) return false;
    const last = nameWords(host.slice(host.lastIndexOf('.') + 1));
    if (last.length && (endsWithSeq(last, s.policy.endpointNames) || endsWithSeq(last, s.policy.credentialNames))) return false;
    return true;
  }
  if (info.kind !== 'single-label') return true;
  if (endsWithSeq(nameWords(name), s.policy.selfNames)) return false;
  const lower = host.toLowerCase();
  if (camel || next === 59 || s.policy.notHosts.has(lower) || s.policy.statusWords.has(lower)) return false;
  return /^[a-z][a-z0-9-]*[a-z0-9]$/i.test(host) && /[\d-]/.test(host);
}

const TOKEN_CHARS = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-'].map((ch) => ch.charCodeAt(0)));

/** `Bearer <token>` anywhere; `Authorization: Basic <base64>`. */
function scanAuthSchemes(s: Scan): void {
  const { t, lower } = s;
  const read = (from: number, what: string) => {
    let v = from;
    while (v < t.length && v - from < 4 && isSpace(t.charCodeAt(v))) v++;
    if (v === from) return;
    let e = v;
    while (e < t.length && e - v < 8192 && TOKEN_CHARS.has(t.charCodeAt(e))) e++;
    const token = t.slice(v, e);
    if (token.length < 8 || !/[a-z]/i.test(token) || !(/\d/.test(token) || token.startsWith('eyJ'))) return;
    if (isPlaceholderValue(token, s.policy)) return;
    s.push({ cls: 'credential', a: v, b: e, what, credential: true });
  };
  for (let i = lower.indexOf('bearer'); i !== -1; i = lower.indexOf('bearer', i + 6)) {
    if (isAlnum(lower.charCodeAt(i - 1))) continue;
    read(i + 6, 'bearer token');
  }
  for (let i = lower.indexOf('basic'); i !== -1; i = lower.indexOf('basic', i + 5)) {
    if (isAlnum(lower.charCodeAt(i - 1))) continue;
    if (!lower.slice(Math.max(0, i - 24), i).includes('authorization')) continue;
    read(i + 5, 'HTTP basic-auth credentials');
  }
}

/** One pass for every token prefix: an alternation of escaped literals (no quantifier, linear). */
const prefixFinders = new WeakMap<LeakPolicy, RegExp>();
function prefixFinder(policy: LeakPolicy): RegExp {
  let re = prefixFinders.get(policy);
  if (!re) {
    const literals = [...new Set(policy.tokens.map((t) => t.prefix))].sort((a, b) => b.length - a.length);
    re = new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|') || '(?!)', 'g');
    prefixFinders.set(policy, re);
  }
  return re;
}

/** Credentials with a known prefix (data: `tokens` in rules/leak-patterns.yaml). */
function scanTokens(s: Scan): void {
  const t = s.t;
  const finder = prefixFinder(s.policy);
  finder.lastIndex = 0;
  if (finder.test(t)) scanTokenPrefixes(s);
  for (let i = t.indexOf('PRIVATE KEY-----'); i !== -1; i = t.indexOf('PRIVATE KEY-----', i + 16)) {
    const from = Math.max(0, i - 40);
    const begin = t.slice(from, i).lastIndexOf('-----BEGIN');
    if (begin === -1) continue;
    s.push({ cls: 'credential', a: from + begin, b: i + 16, what: 'private key block', credential: true });
  }
}

function scanTokenPrefixes(s: Scan): void {
  const t = s.t;
  for (const tok of s.policy.tokens) {
    for (let i = t.indexOf(tok.prefix); i !== -1; ) {
      const bodyStart = i + tok.prefix.length;
      let e = bodyStart;
      let dots = 0;
      let digit = false;
      while (e < t.length && e - bodyStart <= tok.max) {
        const c = t.charCodeAt(e);
        if (c >= 128 || !tok.charset[c]) break;
        if (c === 46) dots++;
        if (isDigit(c)) digit = true;
        e++;
      }
      const len = e - bodyStart;
      const ok =
        !isAlnum(t.charCodeAt(i - 1)) &&
        len >= tok.min &&
        len <= tok.max &&
        !(e < t.length && t.charCodeAt(e) < 128 && tok.charset[t.charCodeAt(e)]) &&
        (!tok.digit || digit) &&
        (tok.dots === undefined || dots === tok.dots);
      if (ok) s.push({ cls: 'credential', a: i, b: e, what: tok.name, credential: true });
      // Continue after the run just read: a prefix inside it is part of the same run.
      i = t.indexOf(tok.prefix, Math.max(i + 1, e));
    }
  }
}

/** Exact runtime values of protected environment variables, in each of their written forms. */
function scanKnownValues(s: Scan, known: readonly KnownValue[]): void {
  const { lower } = s;
  for (const kv of known) {
    for (const form of kv.forms) {
      for (let i = lower.indexOf(form.text); i !== -1; i = lower.indexOf(form.text, i + 1)) {
        const e = i + form.text.length;
        if (form.bounded && (isHostChar(lower.charCodeAt(i - 1)) || isHostChar(lower.charCodeAt(e)))) continue;
        const how = form.label === 'as written' ? '' : ` (${form.label})`;
        s.push({ cls: 'known-env-value', a: i, b: e, what: `runtime value of \`${kv.name}\`${how}`, name: kv.name });
      }
    }
  }
}

/** Overlapping matches become one finding: the best-explaining class, credential if any is. */
function merge(matches: Match[]): Match[] {
  matches.sort((x, y) => x.a - y.a || PRIORITY[x.cls] - PRIORITY[y.cls] || y.b - x.b);
  const out: Match[] = [];
  let group: Match[] = [];
  let groupEnd = -1;
  const flush = () => {
    if (!group.length) return;
    let best = group[0]!;
    let credential = false;
    for (const x of group) {
      if (PRIORITY[x.cls] < PRIORITY[best.cls]) best = x;
      if (x.credential) credential = true;
    }
    // Sorted by start: the group's first match starts it. (Matches are ours to reuse.)
    best.a = group[0]!.a;
    best.b = groupEnd;
    best.credential = credential;
    out.push(best);
    group = [];
  };
  for (const m of matches) {
    if (m.a >= groupEnd) flush();
    group.push(m);
    groupEnd = group.length === 1 ? m.b : Math.max(groupEnd, m.b);
  }
  flush();
  return out;
}

/** Every leak in `text`: normalized first, reported with source offsets. */
export function detectLeaks(text: string, options: DetectOptions): LeakFinding[] {
  const n = normalize(text);
  const s = new Scan(n, options.policy);
  const t = n.text;
  if (t.includes('://')) scanUrls(s);
  if (t.includes('.')) scanIPv4(s);
  if (t.includes(':')) {
    scanIPv6(s);
    scanHostPort(s);
  } else if (t.includes('/')) scanHostPort(s);
  if (s.lower.includes(options.policy.magicDnsSuffix)) scanMagicDns(s);
  if (t.includes('@')) scanAtTargets(s);
  if (t.includes('=') || t.includes(':') || t.includes('--')) scanAssignments(s);
  scanAuthSchemes(s);
  scanTokens(s);
  if (options.knownValues?.length) scanKnownValues(s, options.knownValues);
  const base = options.base;
  const merged = limitPerLine(merge(s.out), t);
  return merged.map((m) => {
    const r = toSource(n, m.a, m.b);
    const f: LeakFinding = {
      classId: m.cls,
      start: base ? base.starts[r.start]! : r.start,
      end: base ? base.ends[Math.max(r.start, r.end - 1)]! : r.end,
      what: m.what,
      credential: m.credential === true || m.cls === 'credential',
      publicHost: m.publicHost === true,
      obfuscated: rewritten(n, text, m.a, m.b),
    };
    if (m.name) f.name = m.name;
    if (m.more) f.moreOnLine = true;
    return f;
  });
}

/** Keeps the first MAX_PER_LINE matches of each line; the last one kept says there were more. */
function limitPerLine(matches: Match[], t: string): Match[] {
  if (matches.length <= MAX_PER_LINE) return matches;
  const out: Match[] = [];
  // The next line break at or after the current line's start (each searched for once).
  let nl = t.indexOf('\n');
  let onLine = 0;
  for (const m of matches) {
    if (nl !== -1 && nl < m.a) {
      while (nl !== -1 && nl < m.a) nl = t.indexOf('\n', nl + 1);
      onLine = 0;
    }
    if (++onLine > MAX_PER_LINE) {
      out[out.length - 1]!.more = true;
      continue;
    }
    out.push(m);
  }
  return out;
}

/** Does `text` hold anything the detector reports? (Used to withhold text from messages.) */
export function containsLeak(text: string, options: DetectOptions): boolean {
  return detectLeaks(text, options).length > 0;
}
