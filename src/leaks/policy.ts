import { resolve } from 'node:path';
import { DataFileError, loadDataFile } from '../data/load-data.js';
import { rulesDir } from '../paths.js';
import { parseCidr, type Cidr } from './ip.js';

/** The kinds of finding. Ids are stable: config (`leaks.ignoreClasses`) and tests use them. */
export const LEAK_CLASSES = ['url', 'host-port', 'ip-address', 'cidr', 'magicdns', 'ssh-target', 'endpoint-assignment', 'credential', 'known-env-value'] as const;
export type LeakClassId = (typeof LEAK_CLASSES)[number];

/** The shape of rules/leak-patterns.yaml (every section optional in a project's extra file). */
export interface LeakPatternsFile {
  classes?: Partial<Record<LeakClassId, { title: string; advice: string }>>;
  publicHostAdvice?: string;
  addresses?: { cidr: string; name: string; flag?: boolean; bare?: boolean }[];
  wellKnownRanges?: string[];
  hosts?: {
    reservedDomains?: string[];
    reservedSuffixes?: string[];
    loopbackNames?: string[];
    privateSuffixes?: string[];
    magicDnsSuffix?: string;
    placeholders?: string[];
    notHosts?: string[];
    versionTags?: string[];
    clusterSuffixes?: string[];
    unixSockets?: boolean;
  };
  values?: { statusWords?: string[]; placeholders?: string[] };
  context?: { versionWords?: string[]; versionOperators?: string[]; sshCommands?: string[]; versionFollowers?: string[] };
  names?: { endpoint?: string[]; credential?: string[]; image?: string[]; selfName?: string[] };
  tokens?: { name: string; prefix: string; charset: string; min: number; max: number; digit?: boolean; dots?: number }[];
}

export interface AddressRange {
  cidr: Cidr;
  name: string;
  /** False: never reported in any form. */
  flag: boolean;
  /** False: reported only with a port, scheme or path. */
  bare: boolean;
}

export interface TokenPattern {
  name: string;
  prefix: string;
  /** ASCII lookup table of the characters allowed after the prefix. */
  charset: Uint8Array;
  min: number;
  max: number;
  digit: boolean;
  dots?: number;
}

/** The compiled policy: lookups the detector uses on every candidate. */
export interface LeakPolicy {
  classes: Record<LeakClassId, { title: string; advice: string }>;
  publicHostAdvice: string;
  addresses: AddressRange[];
  wellKnownRanges: Cidr[];
  reservedDomains: string[];
  reservedSuffixes: string[];
  loopbackNames: ReadonlySet<string>;
  /** Longest first, each with its leading dot. */
  privateSuffixes: string[];
  /** With its leading dot: `.ts.net`. */
  magicDnsSuffix: string;
  hostPlaceholders: ReadonlySet<string>;
  notHosts: ReadonlySet<string>;
  versionTags: ReadonlySet<string>;
  /** Lower case, each with its leading dot: `.svc`, `.cluster.local`, `.kubernetes.default`. */
  clusterSuffixes: string[];
  /** Report Unix sockets (`unix:/path`, `http://unix:/path`) as Unix socket paths. */
  unixSockets: boolean;
  statusWords: ReadonlySet<string>;
  valuePlaceholders: ReadonlySet<string>;
  versionWords: ReadonlySet<string>;
  versionOperators: string[];
  sshCommands: ReadonlySet<string>;
  /** Lower case, longest first: `and later`, `or newer`. */
  versionFollowers: string[];
  endpointNames: string[][];
  credentialNames: string[][];
  imageNames: string[][];
  selfNames: string[][];
  tokens: TokenPattern[];
  /** Lower case; `.example.org` matches subdomains (and the domain itself), anything else exactly. */
  allowedHosts: string[];
  ignoredClasses: ReadonlySet<LeakClassId>;
}

/** The part of the config the policy depends on. */
export interface LeakSettings {
  allowedHosts?: readonly string[];
  /** A project's extra patterns file (absolute, or relative to `root`). */
  patternsFile?: string;
  ignoreClasses?: readonly string[];
  root?: string;
}

const SCHEMA = 'leak-patterns.schema.json';
const cache = new Map<string, LeakPolicy>();

/** The policy for a config (bundled data, the project's extra file, allowed hosts); cached. */
export function leakPolicy(settings: LeakSettings = {}): LeakPolicy {
  const extraPath = settings.patternsFile ? resolve(settings.root ?? process.cwd(), settings.patternsFile) : undefined;
  const key = JSON.stringify([settings.allowedHosts ?? [], extraPath ?? '', settings.ignoreClasses ?? []]);
  let policy = cache.get(key);
  if (!policy) {
    const files = [loadDataFile<LeakPatternsFile>('leak-patterns.yaml', SCHEMA)];
    if (extraPath) files.push(loadDataFile<LeakPatternsFile>(extraPath, SCHEMA));
    policy = compile(files, settings, extraPath ?? resolve(rulesDir, 'leak-patterns.yaml'));
    cache.set(key, policy);
  }
  return policy;
}

function compile(files: LeakPatternsFile[], settings: LeakSettings, where: string): LeakPolicy {
  const problems: string[] = [];
  const list = <T>(pick: (f: LeakPatternsFile) => T[] | undefined): T[] => files.flatMap((f) => pick(f) ?? []);
  const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const classes = {} as LeakPolicy['classes'];
  for (const id of LEAK_CLASSES) {
    const c = files.map((f) => f.classes?.[id]).filter((x) => x !== undefined).pop();
    if (!c) problems.push(`class \`${id}\` has no title and advice`);
    else classes[id] = c;
  }
  const cidr = (text: string, what: string): Cidr | undefined => {
    const c = parseCidr(text);
    if (!c) problems.push(`${what} \`${text}\` is not an address range (address/bits)`);
    return c;
  };
  // A project's ranges come first so they can refine the bundled ones.
  const addresses: AddressRange[] = [...files].reverse().flatMap((f) =>
    (f.addresses ?? []).flatMap((a) => {
      const c = cidr(a.cidr, 'address range');
      return c ? [{ cidr: c, name: a.name, flag: a.flag !== false, bare: a.bare !== false }] : [];
    }),
  );
  const wellKnownRanges = list((f) => f.wellKnownRanges).flatMap((r) => cidr(r, 'well-known range') ?? []);
  const tokens: TokenPattern[] = list((f) => f.tokens).flatMap((t) => {
    if (t.min > t.max) {
      problems.push(`token pattern \`${t.name}\`: min ${t.min} is over max ${t.max}`);
      return [];
    }
    return [{ name: t.name, prefix: t.prefix, charset: charsetTable(t.charset), min: t.min, max: t.max, digit: t.digit === true, dots: t.dots }];
  });
  const knownClasses = new Set<string>(LEAK_CLASSES);
  for (const c of settings.ignoreClasses ?? []) if (!knownClasses.has(c)) problems.push(`\`leaks.ignoreClasses\` names unknown class \`${c}\` (known: ${LEAK_CLASSES.join(', ')})`);
  if (problems.length) throw new DataFileError(where, problems);
  const suffix = files.map((f) => f.hosts?.magicDnsSuffix).filter((x) => x !== undefined).pop() ?? 'ts.net';
  return {
    classes,
    publicHostAdvice: files.map((f) => f.publicHostAdvice).filter((x) => x !== undefined).pop() ?? 'add the host to `leaks.allowedHosts` or replace it with `<redacted>`',
    addresses,
    wellKnownRanges,
    reservedDomains: list((f) => f.hosts?.reservedDomains).map((d) => d.toLowerCase()),
    reservedSuffixes: list((f) => f.hosts?.reservedSuffixes).map((d) => `.${d.toLowerCase().replace(/^\./, '')}`),
    loopbackNames: lower(list((f) => f.hosts?.loopbackNames)),
    privateSuffixes: list((f) => f.hosts?.privateSuffixes)
      .map((d) => `.${d.toLowerCase().replace(/^\./, '')}`)
      .sort((a, b) => b.length - a.length),
    magicDnsSuffix: `.${suffix.toLowerCase()}`,
    hostPlaceholders: lower(list((f) => f.hosts?.placeholders)),
    notHosts: lower(list((f) => f.hosts?.notHosts)),
    versionTags: lower(list((f) => f.hosts?.versionTags)),
    clusterSuffixes: list((f) => f.hosts?.clusterSuffixes).map((d) => `.${d.toLowerCase().replace(/^\./, '')}`),
    unixSockets: files.map((f) => f.hosts?.unixSockets).filter((x) => x !== undefined).pop() ?? false,
    statusWords: lower(list((f) => f.values?.statusWords)),
    valuePlaceholders: new Set(list((f) => f.values?.placeholders)),
    versionWords: lower(list((f) => f.context?.versionWords)),
    versionOperators: list((f) => f.context?.versionOperators).sort((a, b) => b.length - a.length),
    sshCommands: lower(list((f) => f.context?.sshCommands)),
    versionFollowers: list((f) => f.context?.versionFollowers)
      .map((x) => x.toLowerCase())
      .sort((a, b) => b.length - a.length),
    endpointNames: list((f) => f.names?.endpoint).map((n) => n.split('_')),
    credentialNames: list((f) => f.names?.credential).map((n) => n.split('_')),
    imageNames: list((f) => f.names?.image).map((n) => n.split('_')),
    selfNames: list((f) => f.names?.selfName).map((n) => n.split('_')),
    tokens,
    allowedHosts: (settings.allowedHosts ?? []).map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean),
    ignoredClasses: new Set((settings.ignoreClasses ?? []) as LeakClassId[]),
  };
}

/** `A-Za-z0-9_-` → a 128-entry table (the schema allows printable ASCII only). */
function charsetTable(spec: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    const from = spec.charCodeAt(i);
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      const to = spec.charCodeAt(i + 2);
      for (let c = Math.min(from, to); c <= Math.max(from, to) && c < 128; c++) table[c] = 1;
      i += 2;
    } else if (from < 128) table[from] = 1;
  }
  return table;
}
