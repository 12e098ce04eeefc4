import type { Root } from 'mdast';
import type { SotConfig } from '../config/config.js';
import type { ModelOptions } from '../model/options.js';
import type { LinkedDocument, Range, SotDocument } from '../model/types.js';
import type { LineIndex } from '../text/line-index.js';
import type { LeakFinding } from '../leaks/detect.js';
import type { Timing } from './timing.js';
import type { WorkGraph } from '../graph/graph.js';
import type { RunMemos } from '../util/run-memo.js';

export type Severity = 1 | 2;

/** Another place that explains a message (the other definition, the blocker, the claim). */
export interface RelatedLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A certain, local edit: replace [start, end) of the file text with `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

/** ESLint's message shape, plus `related` and a line-independent `fingerprint`. */
export interface LintMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: RelatedLocation[];
  fingerprint: string;
  fix?: Fix;
  /** Set on findings no inline directive can suppress (a credential in the file). */
  unsuppressible?: true;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** How many messages inline directives suppressed (with a reason). */
  suppressedCount: number;
}

/** What a rule reports: a range in the document, words, and optionally related places and a fix. */
export interface Report {
  range: Range;
  message: string;
  /** Stable identity of the finding, e.g. the work-item ids involved. Defaults to the occurrence index. */
  key?: string;
  related?: { doc: LinkedDocument; range: Range; message: string }[];
  fix?: Fix;
  /** No inline directive can suppress this finding. */
  unsuppressible?: boolean;
}

/**
 * A rule's example, run as a test (lint/rule-tester.ts) and shown on its docs page. The file is
 * linted exactly as written (`text`), as `path`, with today 2026-11-21 (EXAMPLE_TODAY), and
 * only this rule's messages count. See docs/rules-authoring.md.
 */
export interface RuleExample {
  name: string;
  /** File name the example is linted as (without it: the frontmatter title in UPPER-KEBAB-CASE, else `<rule id>.md`). */
  path?: string;
  text: string;
  /** This rule's options (`rules: { id: [severity, options] }`), when the example is about one. */
  options?: Record<string, unknown>;
  /**
   * Every message of this rule, exactly and in order: `line:column-endLine:endColumn message`.
   * Absent or empty on an ok example.
   */
  errors?: string[];
  /** The file after this rule's fixes are applied (a fixable rule's not-ok example with a fix). */
  output?: string;
  /**
   * The earlier, looser form (lines, and a part of the message); kept working for examples not yet
   * converted (scripts/convert-rule-examples.mjs writes `errors` and `output` from it).
   */
  expect?: { line: number; column?: number; message?: string }[];
}

export interface WorkspaceExample {
  name: string;
  files: Record<string, string>;
  config?: Partial<Pick<SotConfig, 'externalItems' | 'admission' | 'requirements' | 'workItemIdPattern'>>;
  /** As `RuleExample.options`. */
  options?: Record<string, unknown>;
  /** Every message of this rule, exactly, files in the order of `files`: `FILE line:column-endLine:endColumn message`. */
  errors?: string[];
  /** The earlier, looser form: see `RuleExample.expect`. */
  expect?: { file: string; line: number; column?: number; message?: string }[];
}

export interface RuleMeta {
  id: string;
  /** One line: what the rule checks. */
  description: string;
  defaultSeverity: 'warn' | 'error';
  tags: string[];
  /** Longer documentation: why, what to do about a finding. Markdown. */
  docs: string;
  fixable?: boolean;
  /**
   * `next-line-only`: only `sot-disable-next-line <this rule> -- reason` suppresses it (block and
   * all-rules directives do not), and a directive naming it that suppresses nothing is an error.
   * `never`: no directive suppresses it (the engine's `file-unreadable` and `internal-error`: a file
   * that was not linted, a check that did not finish); a directive naming it suppresses nothing.
   */
  suppression?: 'next-line-only' | 'never';
  /**
   * `own`: the rule builds its messages, keys, fixes and related locations so that none holds a
   * leaked value (no-endpoint-leak, whose findings are the values), and the engine reports them as
   * given. Without it the engine redacts each of the rule's messages against the leaks of the
   * documents it names: values in the text are masked, a range is kept from telling a value's
   * length, and a key or fix that would repeat a value is not used.
   */
  redaction?: 'own';
  /**
   * The JSON Schema of the rule's options object, as in ESLint's `meta.schema`: the config gives
   * them as `rules: { id: [severity, options] }`, validated against this when a run context is
   * built (a config error, exit 2), and the rule reads them as `ctx.ruleOptions`. A rule without a
   * schema takes no options.
   */
  schema?: Record<string, unknown>;
}

/** A rule's options as the config gives them (validated against `RuleMeta.schema`); `{}` when none. */
export type RuleOptions = Readonly<Record<string, unknown>>;

export interface DocumentContext {
  doc: SotDocument;
  tree: Root;
  lines: LineIndex;
  config: SotConfig;
  options: ModelOptions;
  /** Today as YYYY-MM-DD (injectable for tests). */
  today: string;
  /** This rule's options from the config (`rules: { id: [severity, options] }`), validated; `{}` when none. */
  ruleOptions: RuleOptions;
  report(report: Report): void;
}

export interface DocumentRule {
  meta: RuleMeta & { scope: 'document' };
  examples: { ok: RuleExample[]; notOk: RuleExample[] };
  /**
   * Loads what the rule reads besides documents (its data files), once, when a run context that
   * runs the rule is built: a broken file is then a configuration error (exit 2) before any file
   * is read. Importing a rule reads nothing.
   */
  load?(): void;
  check(ctx: DocumentContext): void;
}

/** What a cross-file rule sees: every document as `LinkedDocument` (what the cross-file phase keeps of it). */
export interface WorkspaceContext {
  docs: readonly LinkedDocument[];
  config: SotConfig;
  options: ModelOptions;
  /** This rule's options from the config, validated; `{}` when none. */
  ruleOptions: RuleOptions;
  timing: Timing;
  report(doc: LinkedDocument, report: Report): void;
  /**
   * Whether findings on `doc` are kept (it is in the run's scope: a pre-commit file, a document
   * open in the editor). Every document still counts for the conclusions; a rule may skip the
   * work of building findings that would only be dropped.
   */
  wanted(doc: LinkedDocument): boolean;
  /** The wanted documents, in the order of `docs` (few in an editor or a pre-commit run). */
  wantedDocs: readonly LinkedDocument[];
  /** This rule's `prepare` result for `doc`: recorded with the document (worker, cache), else computed now. */
  prepared<T>(doc: LinkedDocument): T;
  /** The work graph of `docs`, built once per cross-file run (and updated from the run context's last one). */
  graph(): WorkGraph;
  /** What the run context remembers between its cross-file runs (an editor's: one document changed each time). */
  memos: RunMemos;
}

/**
 * A cross-file rule. It sees documents as `LinkedDocument` (the type keeps it from reading what a
 * run may have dropped). Of a document it does not report on, it reads only what
 * lint/cross-file-digest.ts covers: `links`, `claims`, its `prepared` parts, `leaks`, and the
 * line and column of ranges in them. The cache reuses a document's cross-file findings while none
 * of that changed in any document (cache/cross-file.ts); reading more would let them go stale.
 * Of the documents it reports on (`wantedDocs`, `wanted`) it may read any linked field.
 */
export interface WorkspaceRule {
  meta: RuleMeta & { scope: 'workspace' };
  examples: { ok: WorkspaceExample[]; notOk: WorkspaceExample[] };
  /** As `DocumentRule.load`: the rule's data files, loaded when a run context that runs the rule is built. */
  load?(): void;
  /**
   * The rule's per-document part, as small plain data: computed in the per-file phase (on the
   * worker thread that analysed the document), stored in the cache with it, and otherwise on first
   * `ctx.prepared(doc)`; `check` reads it instead of walking every document's lists and text again
   * on each run. It must hold ids, ranges and counts, and nothing read from inside a leaked value
   * (`PrepareContext.leaks`): the cache keeps it beside a masked copy of a document that holds one.
   */
  prepare?(doc: SotDocument, ctx: PrepareContext): unknown;
  /**
   * The rule's findings that depend on the document alone, made in the per-file phase like a
   * document rule's (on a worker thread, cached with the file's analysis), under this rule's id.
   */
  checkDocument?(ctx: DocumentContext): void;
  check(ctx: WorkspaceContext): void;
}

export interface PrepareContext {
  config: SotConfig;
  options: ModelOptions;
  /** This rule's options from the config, validated; `{}` when none. */
  ruleOptions: RuleOptions;
  /**
   * Where the document holds leaked values (ranges and kinds, never values). A part that keeps
   * anything read from the document's text (an id is text too) must leave out what lies inside
   * these: the part is stored beside the masked copy of such a document, in the clear.
   */
  leaks(): readonly LeakFinding[];
}

export type Rule = DocumentRule | WorkspaceRule;
