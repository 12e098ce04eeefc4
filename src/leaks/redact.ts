import type { SotConfig } from '../config/config.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import { knownEnvValues, type KnownValue } from './known-env.js';
import { leakPolicy, type LeakPolicy } from './policy.js';
import { pathPartHoldsValue, pathPartLeaks, Redactor, type LeakedValue } from './redactor.js';

/**
 * Keeping leaked values out of everything the tool prints. `no-endpoint-leak` never puts a value in
 * its messages; the other rules quote document text through `quote()`, which withholds anything
 * the detector reports; and the engine passes every other message through a `Redactor` for its
 * document, which catches what a rule might echo in another shape (a title turned into a file
 * name, a key hashed into a fingerprint).
 */

export { identifyingParts, Redactor, WITHHELD, type LeakedValue } from './redactor.js';

/** The rule whose own messages are built never to hold a value (its meta's `redaction: 'own'`: the engine does not re-check them). */
export const LEAK_RULE_ID = 'no-endpoint-leak';

/** The policy for a config (allowed hosts, a project's extra patterns). */
export function policyFor(config?: Pick<SotConfig, 'leaks' | 'root'>): LeakPolicy {
  if (!config) return leakPolicy();
  const { leaks } = config;
  return leakPolicy({ allowedHosts: leaks.allowedHosts, patternsFile: leaks.patternsFile, ignoreClasses: leaks.ignoreClasses, root: config.root });
}

let envCache: { key: string; values: KnownValue[] } | undefined;
/** The runtime values of the config's protected variables, when set in this process. */
export function knownValuesFor(config: Pick<SotConfig, 'leaks'>, policy: LeakPolicy, env: NodeJS.ProcessEnv = process.env): KnownValue[] {
  const names = config.leaks.knownEnv ?? [];
  const key = JSON.stringify(names.map((n) => [n, env[n] ?? null]));
  if (envCache?.key !== key) envCache = { key, values: knownEnvValues(names, policy, env).values };
  return envCache.values;
}

/** Leaks found in a text, remembered for the last few documents so the rule and the engine share one scan. */
const recent = new Map<string, { policy: LeakPolicy; findings: LeakFinding[] }>();
const RECENT_MAX = 8;

export function rememberFindings(text: string, policy: LeakPolicy, findings: LeakFinding[]): void {
  recent.delete(text);
  recent.set(text, { policy, findings });
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
}

function findingsOf(text: string, policy: LeakPolicy, known: readonly KnownValue[]): LeakFinding[] {
  const hit = recent.get(text);
  if (hit && hit.policy === policy) return hit.findings;
  const findings = detectLeaks(text, { policy, knownValues: known });
  rememberFindings(text, policy, findings);
  return findings;
}

/** The part of a finding that must never be repeated (a URL without its scheme, the whole of anything else). */
export function sensitiveCore(text: string, f: LeakFinding): string {
  const value = text.slice(f.start, f.end);
  const scheme = /^[a-z][a-z0-9+.-]{0,31}:\/\//i.exec(value);
  return scheme ? value.slice(scheme[0].length) : value;
}

const redactors = new WeakMap<object, { findings: LeakFinding[]; path?: string; redactor: Redactor }>();

/**
 * The leak findings of a document's text: those of the scan `no-endpoint-leak` made (the full
 * Markdown scan) when it scanned this text, else a plain-text scan. The engine keeps them with the
 * document after its per-file phase (`SotDocument.leaks`: ranges and kinds, never values), so the
 * cross-file phase, on another thread or from the cache, redacts without scanning again.
 */
export function documentLeaks(text: string, config?: Pick<SotConfig, 'leaks' | 'root'>): LeakFinding[] {
  if (!text) return [];
  const { policy, known } = settingsFor(config);
  return findingsOf(text, policy, known);
}

const perConfig = new WeakMap<object, { policy: LeakPolicy; known: KnownValue[] }>();
/**
 * The policy and protected runtime values of a config object, worked out once per object (a run's
 * config): the engine asks for them for every message and every related location, and building
 * the policy key and reading the environment each time cost more than the redaction itself.
 */
function settingsFor(config?: Pick<SotConfig, 'leaks' | 'root'>): { policy: LeakPolicy; known: KnownValue[] } {
  if (!config) return { policy: policyFor(), known: [] };
  let s = perConfig.get(config);
  if (!s) {
    const policy = policyFor(config);
    s = { policy, known: knownValuesFor(config as Pick<SotConfig, 'leaks'>, policy) };
    perConfig.set(config, s);
  }
  return s;
}

/**
 * The redactor for one document's text, kept per `owner` (the document's line index): its values
 * come from `findings` when the caller has them (the document's recorded `leaks`), else from the
 * scan `no-endpoint-leak` made (the full Markdown scan), or a plain-text scan when the rule has not
 * run (yet, or at all: it may be turned off, the values still never echo).
 */
export function redactorFor(owner: object, text: string, config?: Pick<SotConfig, 'leaks' | 'root'>, recorded?: LeakFinding[], path?: string): Redactor {
  const { policy, known } = settingsFor(config);
  const findings = recorded ?? (text ? findingsOf(text, policy, known) : []);
  const cached = redactors.get(owner);
  if (cached && cached.findings === findings && cached.path === path) return cached.redactor;
  // A value in the document's own path (a folder or file name) is one of its values too: a message
  // quoting the file name withholds it.
  const inPath = path ? pathValues(path, config) : [];
  const redactor = new Redactor(
    [...findings.map((f) => ({ text: sensitiveCore(text, f), classId: f.classId })), ...inPath],
    policy,
    known,
    findings.map((f) => ({ start: f.start, end: f.end })).sort((a, b) => a.start - b.start),
  );
  redactors.set(owner, { findings, path, redactor });
  return redactor;
}

/** The values in a path's folder and file names, as the redactor takes them. */
function pathValues(path: string, config?: Pick<SotConfig, 'leaks' | 'root'>): LeakedValue[] {
  const { policy, known } = settingsFor(config);
  return path.split(/[/\\]/).flatMap((part) => (part ? pathPartLeaks(part, policy, known).map((f) => ({ text: part.slice(f.start, f.end), classId: f.classId })) : []));
}

/**
 * The redactor of each document of a run that printed no lint messages (graph, explain): the
 * document's recorded leaks, else one plain-text scan kept with it.
 */
export function documentRedactors(config?: Pick<SotConfig, 'leaks' | 'root'>): (doc: { path: string; text: string; leaks?: LeakFinding[] }) => Redactor {
  return (doc) => {
    doc.leaks ??= documentLeaks(doc.text, config);
    return redactorFor(doc, doc.text, config, doc.leaks, doc.path);
  };
}

/**
 * How each file path is printed (every format of lint, graph and explain): folder and file names
 * with any value withheld, through the document's own redactor (so a file name that re-shapes a
 * value the document holds is caught), else the plain one.
 */
export function pathRedaction(docs: readonly { path: string; text: string; leaks?: LeakFinding[] }[], config?: Pick<SotConfig, 'leaks' | 'root'>): (path: string, of?: string) => string {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const redactorOf = documentRedactors(config);
  let plain: Redactor | undefined;
  // Asked for every file of a run and every related location of its messages: the usual call
  // (`of` not given) is remembered by the path alone, without building a key.
  const memo = new Map<string, string>();
  const memoOf = new Map<string, string>();
  /** `path` as printed; `of`: the document it names, when `path` is written another way (relative). */
  return (path, of = path) => {
    const key = of === path ? path : `${of}\0${path}`;
    const remembered = of === path ? memo : memoOf;
    let shown = remembered.get(key);
    if (shown === undefined) {
      const doc = byPath.get(of);
      // A document with no leaked value and no value in its path has nothing of its own to
      // withhold: the plain redactor (the detector and the protected runtime values) does the same.
      const own = doc && (doc.leaks === undefined || doc.leaks.length > 0 || pathHoldsValue(of, config));
      shown = (own ? redactorOf(doc) : (plain ??= plainRedactor(config))).path(path);
      remembered.set(key, shown);
    }
    return shown;
  };
}

/** The redactor for text that belongs to no document (a file that could not be read, a path): the detector and the protected runtime values. */
export function plainRedactor(config?: Pick<SotConfig, 'leaks' | 'root'>): Redactor {
  const { policy, known } = settingsFor(config);
  return new Redactor([], policy, known);
}

/**
 * The leaks in a file's path (relative to the project root when inside it): each folder and file
 * name scanned by the detector on its own, with the component it is in (0-based) and how many
 * there are. `no-endpoint-leak` reports them; every output prints the path through `Redactor.path`.
 */
export function pathLeaks(path: string, config?: Pick<SotConfig, 'leaks' | 'root'>): { component: number; components: number; finding: LeakFinding }[] {
  const { policy, known } = settingsFor(config);
  const root = config?.root;
  const rel = root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  const parts = rel.split(/[/\\]/).filter((p) => p !== '');
  const out: { component: number; components: number; finding: LeakFinding }[] = [];
  parts.forEach((part, i) => {
    for (const finding of pathPartLeaks(part, policy, known)) out.push({ component: i, components: parts.length, finding });
  });
  return out;
}

/** Whether `pathLeaks` finds anything in a path (without making its findings). */
export function pathHoldsValue(path: string, config?: Pick<SotConfig, 'leaks' | 'root'>): boolean {
  const { policy, known } = settingsFor(config);
  const root = config?.root;
  const rel = root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  return rel.split(/[/\\]/).some((part) => part !== '' && pathPartHoldsValue(part, policy, known));
}

/** Does a text shown to the user hold anything the detector reports? (The default policy: no allowed hosts.) */
export function looksSensitive(text: string): boolean {
  return detectLeaks(text, { policy: leakPolicy() }).length > 0;
}
