/**
 * Which of a work item's requirements the evidence in a linted set meets: one answer for the
 * `evidence-gate` rule, `sot explain` and `sot graph --format json`, computed from each document's
 * prepared part (its evidence sets' outcomes and the requirements it states) so a cached or
 * linked-only document answers without its lists.
 */
import type { ProjectEvidence } from '../model/options.js';
import type { RequirementOrigin } from '../model/requirements.js';
import type { Range } from '../model/types.js';

/** What one evidence set meets: requirement keys, and for a recorded pass the conditions each key leaves unmet. */
export interface SetOutcome {
  /** The set's label paragraph or evidence heading. */
  anchor: Range;
  met: string[];
  claim?: { anchor: Range; unmet: Record<string, string[]> };
}

/** A requirement a document states for an item (model/requirements.ts), kept as a key and places. */
export interface PreparedRequirement {
  id: string;
  /** Absent for free text: shown by `sot explain`, never checked. */
  key?: string;
  /** The sentence or bullet that states it. */
  source: Range;
  /** The part of it this requirement is. */
  part: Range;
  origin: RequirementOrigin;
  endpointAlone?: true;
}

/**
 * The evidence-gate rule's per-document part. Ids, ranges and counts only, never text of the
 * document: a prepared part is also kept beside a masked copy of a document that holds a leaked
 * value (see cache/analyze.ts).
 */
export interface PreparedEvidence {
  outcomes: SetOutcome[];
  /** The requirements the rule checks (those with a key, and endpoint-alone sentences), in the order stated. */
  requirements: PreparedRequirement[];
  /**
   * The free-text requirements (no key: `sot explain` and `sot graph` show them, nothing checks
   * them), packed into one string (`packRequirements`); absent when there are none. Most stated
   * requirements are free text (every acceptance bullet), and a warm `--cache` run decodes every
   * cached document's part while the rule reads none of them: as one string they cost nothing to
   * decode (as objects, 5.5 MB of them in 5,000 documents, about 0.2 s of such a run).
   */
  freeText?: string;
}

/** A free-text requirement as packed: its place in the document's list of stated requirements, then its fields. */
type PackedFreeText = [at: number, id: string, sourceStart: number, sourceEnd: number, partStart: number, partEnd: number, origin: RequirementOrigin];

/** The requirements a document states (in the order stated), as its part keeps them: the checked ones as they are, free text packed. */
export function packRequirements(stated: readonly PreparedRequirement[]): Pick<PreparedEvidence, 'requirements' | 'freeText'> {
  const requirements: PreparedRequirement[] = [];
  const free: PackedFreeText[] = [];
  stated.forEach((r, at) => {
    if (r.key !== undefined || r.endpointAlone) requirements.push(r);
    else free.push([at, r.id, r.source.start, r.source.end, r.part.start, r.part.end, r.origin]);
  });
  return free.length ? { requirements, freeText: JSON.stringify(free) } : { requirements };
}

/** Every requirement a part holds, free text unpacked, in the order the document states them (`packRequirements` undone). */
export function statedIn(part: PreparedEvidence): PreparedRequirement[] {
  if (part.freeText === undefined) return part.requirements;
  const free = JSON.parse(part.freeText) as PackedFreeText[];
  const out: PreparedRequirement[] = [];
  let checked = 0;
  for (const [at, id, sourceStart, sourceEnd, partStart, partEnd, origin] of free) {
    while (out.length < at && checked < part.requirements.length) out.push(part.requirements[checked++]!);
    out.push({ id, source: { start: sourceStart, end: sourceEnd }, part: { start: partStart, end: partEnd }, origin });
  }
  while (checked < part.requirements.length) out.push(part.requirements[checked++]!);
  return out;
}

export interface Place<D> {
  doc: D;
  range: Range;
}

export interface RequirementState<D> {
  /** `gate:G` / `condition:C`; absent for free text. */
  key?: string;
  /** Where the documents state it (every place, in path order). */
  stated: (Place<D> & { part: Range; origin: RequirementOrigin })[];
  /** Free text or a key the project's config states for the item. */
  configured?: { key?: string; text?: string };
  /** The first evidence set that meets it. */
  metBy?: Place<D>;
  /** For a gate not met: the recorded passes and what each leaves unmet. */
  passes: (Place<D> & { unmet: string[] })[];
}

export interface ItemRequirements<D> {
  requirements: RequirementState<D>[];
  /** Sentences saying a configured endpoint alone does not validate the item. */
  endpointAlone: Place<D>[];
  /** Those sentences apply and nothing else checkable is required. */
  endpointAloneUnmet: boolean;
}

const ENDPOINT_KEY = 'condition:local-config-unavailable';

/**
 * Every document's prepared part, indexed once per cross-file run: the requirements stated for
 * each id, the first evidence set meeting each key, and the recorded passes. Asking for an item is
 * then proportional to what is stated about it, not to the size of the set.
 */
export interface RequirementIndex<D> {
  stated: Map<string, { doc: D; r: PreparedRequirement }[]>;
  metBy: Map<string, Place<D>>;
  claims: { doc: D; anchor: Range; unmet: Record<string, string[]> }[];
}

/**
 * `freeText`: index the free-text requirements too (`sot explain`, `sot graph`). The rule leaves
 * them out: a free-text requirement is never checked, so an item with no other requirement gets
 * no message either way.
 */
export function indexRequirements<D>(docs: readonly D[], prepared: (doc: D) => PreparedEvidence, { freeText = false }: { freeText?: boolean } = {}): RequirementIndex<D> {
  const index: RequirementIndex<D> = { stated: new Map(), metBy: new Map(), claims: [] };
  for (const doc of docs) {
    const part = prepared(doc);
    for (const r of freeText ? statedIn(part) : part.requirements) {
      let list = index.stated.get(r.id);
      if (!list) index.stated.set(r.id, (list = []));
      list.push({ doc, r });
    }
    for (const o of part.outcomes) {
      for (const key of o.met) if (!index.metBy.has(key)) index.metBy.set(key, { doc, range: o.anchor });
      if (o.claim) index.claims.push({ doc, anchor: o.claim.anchor, unmet: o.claim.unmet });
    }
  }
  return index;
}

/** What the documents (in path order, as indexed) and the config require of `id`, and whether evidence meets it. */
export function itemRequirements<D>(id: string, index: RequirementIndex<D>, evidence: ProjectEvidence): ItemRequirements<D> {
  const states: RequirementState<D>[] = [];
  const byKey = new Map<string, RequirementState<D>>();
  const endpointAlone: Place<D>[] = [];
  for (const { doc, r } of index.stated.get(id) ?? []) {
    if (r.endpointAlone) {
      endpointAlone.push({ doc, range: r.source });
      continue;
    }
    const place = { doc, range: r.source, part: r.part, origin: r.origin };
    if (r.key === undefined) {
      states.push({ stated: [place], passes: [] });
      continue;
    }
    let s = byKey.get(r.key);
    if (!s) {
      s = { key: r.key, stated: [], passes: [] };
      byKey.set(r.key, s);
      states.push(s);
    }
    s.stated.push(place);
  }
  for (const c of evidence.configured.get(id) ?? []) {
    const s = c.key ? byKey.get(c.key) : undefined;
    if (s) s.configured = c;
    else {
      const state: RequirementState<D> = { stated: [], configured: c, passes: [] };
      if (c.key) {
        state.key = c.key;
        byKey.set(c.key, state);
      }
      states.push(state);
    }
  }
  for (const [key, s] of byKey) {
    const met = index.metBy.get(key);
    if (met) s.metBy = met;
    else if (key.startsWith('gate:')) s.passes = index.claims.map((c) => ({ doc: c.doc, range: c.anchor, unmet: c.unmet[key] ?? [] }));
  }
  return { requirements: states, endpointAlone, endpointAloneUnmet: endpointAlone.length > 0 && ![...byKey.keys()].some((k) => k !== ENDPOINT_KEY) };
}
