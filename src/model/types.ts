/**
 * The document model: everything rules know about one file, built once from one parse.
 * Plain data (offsets, strings, arrays) so it can be cached, sent to a worker, or indexed by the
 * workspace graph without keeping the Markdown tree alive.
 */

import type { LeakFinding } from '../leaks/detect.js';

/** A half-open UTF-16 range [start, end) in the document text. */
export interface Range {
  start: number;
  end: number;
}

/** A kind's name from rules/documents.yaml or the project's `kinds` (`prd`, `issues`, …), or `unknown`. */
export type DocumentKind = string;

export interface FrontmatterEntry {
  key: string;
  /** JavaScript value as YAML gave it (strings stay strings: dates are not converted). */
  value: unknown;
  keyRange: Range;
  valueRange: Range;
}

export interface FrontmatterProblem {
  message: string;
  range: Range;
}

export interface Frontmatter {
  /** The whole block including its `---` fences. */
  range: Range;
  /** The YAML text between the fences. */
  yamlRange: Range;
  /** The parsed mapping, or undefined if the YAML did not parse to a mapping. */
  data: Record<string, unknown> | undefined;
  entries: FrontmatterEntry[];
  syntaxErrors: FrontmatterProblem[];
}

export interface Heading {
  depth: number;
  text: string;
  range: Range;
  /** Range of the heading text, without the `#` marks. */
  textRange: Range;
}

export interface ListItem {
  /**
   * Plain text of the item, without nested lists and without struck-through text (withdrawn: an
   * item struck through whole has the text ''). A table row's is `label: value`.
   */
  text: string;
  range: Range;
  /**
   * `Label: value` split of the item's text, when it has that shape (evidence bullets; a row of a
   * two-column table). Read with struck-through text left out: a struck label or value is no field.
   */
  field?: { label: string; value: string; valueRange: Range };
  /** A GFM task-list item: true for `- [x]` (or `[X]`), false for `- [ ]`. */
  checked?: boolean;
  /** A task-list item's check box, `[ ]` or `[x]`. */
  box?: Range;
}

export interface List {
  range: Range;
  /**
   * True when the list is a GFM table of two columns (label | value) read as a list: under a label
   * paragraph (`Validation evidence:`) or in an evidence section. Each row below the header is one
   * item, its `field` the two cells, `range` the row.
   */
  table?: true;
  items: ListItem[];
  /** Label of the paragraph that introduces the list (`Acceptance:`), if any. */
  label?: string;
  labelRange?: Range;
  /** Index into `sections`, or -1 before the first H2. */
  section: number;
}

export type SectionKind = 'work-item' | 'evidence' | 'plain';

export interface Section {
  heading: Heading;
  kind: SectionKind;
  /** Content range: from the heading to the next H2 (or end of file). */
  range: Range;
  /** ISO date in an evidence heading (`… Evidence - 2026-06-01`). */
  date?: string;
  /** For evidence sections: index of the work item that owns it (the last one above it). */
  ownerItem?: number;
}

export interface StatusLine {
  /** Value as written, lower-cased, without the trailing period. */
  value: string;
  range: Range;
  valueRange: Range;
  /** False when the line is not exactly `Status: <value>.` */
  wellFormed: boolean;
}

export interface WorkItem {
  id: string;
  title: string;
  /** Index into `sections`. */
  section: number;
  heading: Heading;
  idRange: Range;
  status?: StatusLine;
  /** Extra `Status:` lines after the first. */
  extraStatusLines: Range[];
  /** Labelled lists (`Acceptance:`, `Blocked by:`…), keyed by lower-case label without colon. */
  lists: Record<string, number>;
  /**
   * Labels whose paragraph has no list after it; `table` when a table follows it that is no list
   * (not two columns, or a header row only).
   */
  emptyLabels: { label: string; range: Range; table?: { columns: number; rows: number } }[];
  /**
   * Task-list progress of the `Acceptance:` list (its items and the items of lists nested in it),
   * when it holds task items that are not struck through: how many are checked, of how many, and
   * the check boxes (`[ ]`) of those that are not.
   */
  acceptance?: AcceptanceProgress;
  /** Evidence sections owned by this item (indices into `sections`). */
  evidenceSections: number[];
}

export interface AcceptanceProgress {
  checked: number;
  total: number;
  /** The check box of each unchecked item, in document order. */
  open: Range[];
}

export type ReferenceContext = 'definition' | 'blocked-by' | 'heading' | 'list' | 'prose' | 'code';

export interface Reference {
  id: string;
  range: Range;
  context: ReferenceContext;
  /** Index of the work item whose section holds the reference, if any. */
  ownerItem?: number;
  /**
   * Inside struck-through text: still a mention (an id written down must exist), but withdrawn as
   * anything more: in a `Blocked by:` list it is no blocked-by link (its context is then `list`).
   */
  struck?: true;
}

/** A document's part of the work graph, as small plain data (derived from `workItems` and `references`). */
export interface DocumentLinks {
  /**
   * Each work item's id, status value (`StatusLine.value`) and the ranges cross-file findings
   * point at (its heading, its Status line), by index into `workItems`.
   */
  items: { id: string; status?: string; heading: Range; statusLine?: Range }[];
  /** The blocked-by references of work items, in document order. */
  blockedBy: BlockedByLink[];
}

/** A reference in a work item's `Blocked by:` list. */
export interface BlockedByLink {
  /** Index into `workItems`. */
  item: number;
  id: string;
  /** Index into `references`. */
  ref: number;
  /** The reference's range. */
  range: Range;
}

export type ClaimAssertion = 'blocked' | 'validated' | 'not-validated-by-evidence';

export interface StatusClaim {
  id: string;
  asserts: ClaimAssertion;
  /** The claim pattern (from rules/claims.yaml) that matched. */
  pattern: string;
  /** Range of the id inside the claim sentence. */
  range: Range;
  /** Range of the whole sentence. */
  sentence: Range;
  ownerItem?: number;
}

/**
 * A sentence that states what other items need before they may be validated
 * (rules/requirements.yaml `statements`): "`X` remains blocked until C", "C before unblocking `X`".
 */
export interface RequirementStatement {
  /** The statement pattern that matched. */
  pattern: string;
  /** The items it is about, each with its range in the sentence. */
  ids: { id: string; range: Range }[];
  sentence: Range;
  /** What they need (absent for `endpointAlone`). */
  condition?: Range;
  /** "A configured endpoint alone does not validate `X`". */
  endpointAlone?: true;
}

export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line';
  /** Rule ids; empty means every rule. */
  rules: string[];
  reason?: string;
  range: Range;
}

export interface SotDocument {
  /** Absolute path. */
  path: string;
  text: string;
  kind: DocumentKind;
  /** Frontmatter title, else the first H1's text. */
  title?: string;
  frontmatter?: Frontmatter;
  headings: Heading[];
  /** Top-level blocks' ranges in order, for "what follows the H1" checks. */
  blocks: { type: string; range: Range }[];
  sections: Section[];
  lists: List[];
  workItems: WorkItem[];
  references: Reference[];
  /**
   * What every run's work graph reads of this document (see DocumentLinks): kept apart from
   * `workItems` and `references` so that a cached context document is decoded without them.
   */
  links: DocumentLinks;
  claims: StatusClaim[];
  /** Requirement statements in its prose (model/requirements.ts). */
  statements?: RequirementStatement[];
  directives: Directive[];
  /** Ranges of HTML comments and code, where directives and prose rules do not look. */
  htmlRanges: Range[];
  codeRanges: Range[];
  /**
   * Ranges of struck-through text (GFM `~~…~~` or `~…~`: `delete` nodes), outermost, in order. It is
   * withdrawn: it makes no status claim, no evidence, no blocked-by link and no Status line. Its
   * ids are still references (mentions), and it is still scanned for leaks (it is still written down).
   */
  struck: Range[];
  /**
   * What the leak detector found in `text` (ranges and kinds, never values), recorded at the end of
   * the per-file phase so later phases (cross-file messages, another thread, a cached analysis)
   * redact without scanning the text again. Absent until then.
   */
  leaks?: LeakFinding[];
  /** Workspace rules' per-document parts (`WorkspaceRule.prepare`), by rule id, recorded with `leaks`. */
  prepared?: Record<string, unknown>;
  /** What the cross-file phase reads of this document, as a digest (lint/cross-file-digest.ts), recorded with `prepared`. */
  crossFileDigest?: string;
  /**
   * Set on a cached context copy of a document that holds a leaked value: `text` (and everything
   * built from it) has each leaked value replaced by `x`s of the same length, so every offset and
   * line holds; `leaks` and `prepared` are the original's. Never linted as in scope.
   */
  masked?: true;
}

/**
 * What the cross-file phase reads of a document: the work graph, the workspace rules
 * (`WorkspaceContext`), cross-file messages (positions, redaction) and inline directives. A run that
 * needs nothing more of its documents (`RunContext` `keep: 'linked'`) keeps only this of each one
 * after its per-file phase: blocks, headings, sections and lists are most of a document's size and
 * only the per-file rules read them.
 */
export type LinkedDocument = Pick<SotDocument, (typeof LINKED_FIELDS)[number]>;
/** The fields of `LinkedDocument`, for the code that keeps only those. */
export const LINKED_FIELDS = ['path', 'text', 'kind', 'title', 'workItems', 'references', 'links', 'claims', 'directives', 'leaks', 'prepared', 'crossFileDigest', 'masked'] as const;
