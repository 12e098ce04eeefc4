import type { SotConfig } from '../config/config.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import { knownEnvValues, type KnownValue } from './known-env.js';
import { leakPolicy, type LeakPolicy } from './policy.js';

/**
 * Keeping leaked values out of everything the tool prints. `no-endpoint-leak` never puts a value in
 * its messages; the other rules quote document text through `quote()`, which withholds anything
 * the detector reports; and the engine passes every other message through a `Redactor` for its
 * document, which catches what a rule might echo in another shape (a title turned into a file
 * name, a key hashed into a fingerprint).
 */

export const WITHHELD = '(value withheld)';

/** The rule whose own messages are built never to hold a value (so the engine does not re-check them). */
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

/**
 * Whether the detector reports anything in a text, remembered per policy and protected values:
 * the engine checks every message and related-location message, and the same texts recur (a
 * cycle's "X is on the cycle" for each member, a message checked by two documents' redactors).
 */
const detected = new WeakMap<LeakPolicy, WeakMap<readonly KnownValue[], Map<string, boolean>>>();
const DETECTED_MAX = 100_000;
function detectsLeak(text: string, policy: LeakPolicy, known: readonly KnownValue[]): boolean {
  let byKnown = detected.get(policy);
  if (!byKnown) detected.set(policy, (byKnown = new WeakMap()));
  let memo = byKnown.get(known);
  if (!memo) byKnown.set(known, (memo = new Map()));
  let hit = memo.get(text);
  if (hit === undefined) {
    hit = detectLeaks(text, { policy, knownValues: known }).length > 0;
    if (memo.size >= DETECTED_MAX) memo.clear();
    memo.set(text, hit);
  }
  return hit;
}

const WINDOW = 4;
const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Withholds, from any text, the leaked values of one document — verbatim or re-shaped. */
export class Redactor {
  /** Every 4-character piece of every value (lower case). */
  private readonly pieces = new Set<string>();
  /** Every 4-character piece, with a letter, of every value with punctuation removed (`SPARK1-TAIL`). */
  private readonly folded = new Set<string>();

  constructor(
    values: readonly string[],
    private readonly policy: LeakPolicy,
    private readonly known: readonly KnownValue[] = [],
    /** Where the values are in the document (sorted): ranges are kept off them. */
    private readonly spans: readonly { start: number; end: number }[] = [],
  ) {
    for (const v of values) {
      const lower = v.toLowerCase();
      for (let i = 0; i + WINDOW <= lower.length; i++) this.pieces.add(lower.slice(i, i + WINDOW));
      const f = fold(v);
      for (let i = 0; i + WINDOW <= f.length; i++) {
        const piece = f.slice(i, i + WINDOW);
        if (/[a-z]/.test(piece)) this.folded.add(piece);
      }
    }
  }

  get empty(): boolean {
    return this.pieces.size === 0;
  }

  /** Holds nothing the detector reports and no piece of this document's leaked values. */
  isSafe(text: string): boolean {
    if (detectsLeak(text, this.policy, this.known)) return false;
    if (this.empty) return true;
    const lower = text.toLowerCase();
    for (let i = 0; i + WINDOW <= lower.length; i++) if (this.pieces.has(lower.slice(i, i + WINDOW))) return false;
    const f = fold(text);
    for (let i = 0; i + WINDOW <= f.length; i++) if (this.folded.has(f.slice(i, i + WINDOW))) return false;
    return true;
  }

  /**
   * A range of another rule, kept off the values: one that runs into a value ends where the value
   * starts, one that starts inside a value is reduced to its start, so no range's extent tells a
   * value's length.
   */
  clamp(range: { start: number; end: number }): { start: number; end: number } {
    let { start, end } = range;
    for (const s of this.spans) {
      if (s.start >= end) break;
      if (s.end <= start) continue;
      if (start >= s.start) return { start, end: start };
      end = s.start;
      break;
    }
    return { start, end };
  }

  /** The message, or one that says it was withheld and why. */
  message(text: string): string {
    if (this.isSafe(text)) return text;
    const spans = detectLeaks(text, { policy: this.policy, knownValues: this.known });
    if (spans.length) {
      let out = '';
      let last = 0;
      for (const s of spans) {
        out += text.slice(last, s.start) + WITHHELD;
        last = s.end;
      }
      out += text.slice(last);
      if (this.isSafe(out)) return out;
    }
    return 'message withheld: it would repeat part of a value that no-endpoint-leak reports in this file';
  }
}

/** The part of a finding that must never be repeated (a URL without its scheme, the whole of anything else). */
export function sensitiveCore(text: string, f: LeakFinding): string {
  const value = text.slice(f.start, f.end);
  const scheme = /^[a-z][a-z0-9+.-]{0,31}:\/\//i.exec(value);
  return scheme ? value.slice(scheme[0].length) : value;
}

const redactors = new WeakMap<object, { findings: LeakFinding[]; redactor: Redactor }>();

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
export function redactorFor(owner: object, text: string, config?: Pick<SotConfig, 'leaks' | 'root'>, recorded?: LeakFinding[]): Redactor {
  const { policy, known } = settingsFor(config);
  const findings = recorded ?? (text ? findingsOf(text, policy, known) : []);
  const cached = redactors.get(owner);
  if (cached && cached.findings === findings) return cached.redactor;
  const redactor = new Redactor(
    findings.map((f) => sensitiveCore(text, f)),
    policy,
    known,
    findings.map((f) => ({ start: f.start, end: f.end })).sort((a, b) => a.start - b.start),
  );
  redactors.set(owner, { findings, redactor });
  return redactor;
}

/** Does a text shown to the user hold anything the detector reports? (The default policy: no allowed hosts.) */
export function looksSensitive(text: string): boolean {
  return detectLeaks(text, { policy: leakPolicy() }).length > 0;
}
