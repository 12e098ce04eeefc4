import { relative } from 'node:path';
import type { SotConfig } from '../config/config.js';
import { policyFor } from '../leaks/redact.js';
import { buildModelOptions, type ModelOptions } from '../model/options.js';
import { RunMemos } from '../util/run-memo.js';
import { allRules, metaByIdOf, ruleIds } from './registry.js';
import { checkRuleOptions } from './rule-options.js';
import { Timing } from './timing.js';
import type { DocumentContext, DocumentRule, Rule, RuleMeta, Severity, WorkspaceRule } from './types.js';

/** Settings and compiled rule lists shared by every file of a run. */
export class RunContext {
  readonly modelOptions: ModelOptions;
  readonly today: string;
  readonly timing: Timing;
  readonly docRules: DocumentRule[];
  readonly wsRules: WorkspaceRule[];
  /** What the per-file phase runs on an in-scope document: the document rules, then workspace rules' `checkDocument`. */
  readonly perFileChecks: readonly { id: string; check(ctx: DocumentContext): void }[];
  /**
   * What the run keeps of each document after its per-file phase: the whole model, or only its
   * `LinkedDocument` part (with every workspace rule's part prepared first) for a caller that reads
   * nothing else: under half the size (serialized, 7.6 of 17.4 KB per generated document), and
   * what a worker thread copies back.
   */
  readonly keep: 'document' | 'linked';
  /** Every rule id a directive may name. */
  readonly knownRules: ReadonlySet<string>;
  /**
   * What this context remembers between its cross-file runs (the last graph, reference counts):
   * an editor's project updates them after each edit; dropping the context lets them go.
   */
  readonly memos = new RunMemos();
  /** The metadata of the rules this context was given (and the engine's checks): what messages are reported with. */
  readonly ruleMetas: ReadonlyMap<string, RuleMeta>;
  /** Rules that only `sot-disable-next-line <rule>` may suppress (`RuleMeta.suppression`). */
  readonly nextLineOnly: ReadonlySet<string>;
  /** Rules no directive suppresses (`RuleMeta.suppression: 'never'`). */
  readonly unsuppressible: ReadonlySet<string>;

  /**
   * Analyses may be written to a cache: context documents get the Markdown-aware leak scan too (a
   * value split by formatting must not be cached), not only the plain-text one on demand.
   */
  readonly caching: boolean;

  /** `relative(config.root, path)` by path: every message of a file asks for it. */
  private readonly relativePaths = new Map<string, string>();

  /** `rules` replaces the registered rules (an embedding tool's own set; tests). */
  constructor(readonly config: SotConfig, options: { today?: string; timing?: Timing; rules?: readonly Rule[]; caching?: boolean; keep?: 'document' | 'linked' } = {}) {
    this.caching = options.caching === true;
    this.keep = options.keep ?? 'document';
    // The cache stores whole models (a later run's in-scope file, the editor, read more of them).
    if (this.caching && this.keep === 'linked') throw new Error("a run that caches its analyses keeps whole documents (keep: 'document')");
    this.modelOptions = buildModelOptions(config);
    // The leak policy (bundled and the project's leaks.patternsFile) loads now: a broken file is a
    // configuration error before any file is read, not a failure inside a rule.
    policyFor(config);
    this.today = options.today ?? localToday();
    this.timing = options.timing ?? new Timing(false);
    const given = options.rules ?? allRules();
    this.ruleMetas = metaByIdOf(given);
    // Rule options are the config's: a bad one stops the run (exit 2) before any file is read.
    checkRuleOptions(config, this.ruleMetas);
    const on = given.filter((r) => severityOf(config, r.meta.id, r.meta.defaultSeverity) !== 0);
    // A rule's data files load now (never at import): a broken one is a configuration error too.
    for (const r of on) r.load?.();
    this.docRules = on.filter((r): r is DocumentRule => r.meta.scope === 'document');
    this.wsRules = on.filter((r): r is WorkspaceRule => r.meta.scope === 'workspace');
    this.perFileChecks = [
      ...this.docRules.map((r) => ({ id: r.meta.id, check: (c: DocumentContext) => r.check(c) })),
      ...this.wsRules.flatMap((r) => (r.checkDocument ? [{ id: r.meta.id, check: (c: DocumentContext) => r.checkDocument!(c) }] : [])),
    ];
    this.knownRules = new Set([...ruleIds(), ...(options.rules ?? []).map((r) => r.meta.id)]);
    const suppression = (kind: RuleMeta['suppression']) => new Set([...this.knownRules].filter((id) => this.ruleMetas.get(id)?.suppression === kind));
    this.nextLineOnly = suppression('next-line-only');
    this.unsuppressible = suppression('never');
  }

  /** A file's path relative to the project root, as fingerprints hash it. */
  relativePath(path: string): string {
    let r = this.relativePaths.get(path);
    if (r === undefined) {
      r = relative(this.config.root, path);
      // An editor's context lives as long as the session: bounded, as files come and go.
      if (this.relativePaths.size >= 100_000) this.relativePaths.clear();
      this.relativePaths.set(path, r);
    }
    return r;
  }
}

export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function severityOf(config: SotConfig, id: string, fallback: 'warn' | 'error'): Severity | 0 {
  const s = config.rules[id] ?? fallback;
  return s === 'off' ? 0 : s === 'warn' ? 1 : 2;
}
