import type { Range, Reference, LinkedDocument, StatusClaim, WorkItem } from '../model/types.js';
import { byPath } from '../util/order.js';
import { MemoKey, type RunMemos } from '../util/run-memo.js';
import { Adjacency } from './adjacency.js';

/** Where a work item is defined. */
export interface Definition {
  doc: LinkedDocument;
  id: string;
  /** The item's status value (`StatusLine.value`), if it has a Status line. */
  status?: string;
  /** The item's heading. */
  headingRange: Range;
  /** Its Status line, else its heading: where the definition's status is. */
  statusRange: Range;
  /** The item in `doc.workItems` (read from a cached document only when a rule asks for it). */
  readonly item: WorkItem;
}

export interface ItemNode {
  id: string;
  definitions: Definition[];
  /** The status every definition agrees on; undefined when missing or when definitions disagree. */
  status?: string;
}

/** The source of an edge: a work item, or a document when the text is outside any item. */
export type EdgeSource = { kind: 'item'; id: string } | { kind: 'document'; doc: LinkedDocument };

export interface BlockedByEdge {
  kind: 'blocked-by';
  from: string;
  to: string;
  doc: LinkedDocument;
  /** The reference's range in `doc`. */
  range: Range;
  /** The reference in `doc.references` (read from a cached document only when a rule asks for it). */
  readonly ref: Reference;
}

export interface ClaimEdge {
  kind: 'claim';
  from: EdgeSource;
  to: string;
  doc: LinkedDocument;
  claim: StatusClaim;
}

export interface MentionEdge {
  kind: 'mention';
  from: EdgeSource;
  to: string;
  doc: LinkedDocument;
  ref: Reference;
}

export type Edge = BlockedByEdge | ClaimEdge | MentionEdge;

/** One graph over every document of a run: built once, in time linear in the input. */
export interface WorkGraph {
  /**
   * Every defined item. Iteration order means nothing: an editor's update adds new ids at the end.
   * Where order shows in output, order by first definition (`byFirstDefinition`).
   */
  nodes: Map<string, ItemNode>;
  blockedBy: BlockedByEdge[];
  claims: ClaimEdge[];
  mentions: MentionEdge[];
  /** Outgoing blocked-by edges per item id. */
  blockersOf: Map<string, BlockedByEdge[]>;
}

export function isDefined(graph: WorkGraph, id: string): boolean {
  return graph.nodes.has(id);
}

/** Items ordered by where they are first defined (document path, then place in it), as a fresh build lists them. */
export function byFirstDefinition(a: ItemNode, b: ItemNode): number {
  const x = a.definitions[0]!;
  const y = b.definitions[0]!;
  return byPath(x.doc, y.doc) || x.headingRange.start - y.headingRange.start;
}

function source(doc: LinkedDocument, ownerItem: number | undefined): EdgeSource {
  const item = ownerItem === undefined ? undefined : doc.links.items[ownerItem];
  return item ? { kind: 'item', id: item.id } : { kind: 'document', doc };
}

/** One document's definitions and edges: they depend on that document only. */
interface DocPart {
  definitions: Definition[];
  blockedBy: BlockedByEdge[];
  /** Computed on first read (they read `references`). */
  readonly mentions: MentionEdge[];
  claims: ClaimEdge[];
  /** The ids it defines and its blocked-by edges, as text: equal shapes, same nodes and edges. */
  shape?: string;
}

function shapeOfPart(p: DocPart): string {
  // JSON: unambiguous whatever characters a configured id pattern lets an id hold.
  return (p.shape ??= JSON.stringify([p.definitions.map((d) => d.id), p.blockedBy.map((e) => [e.from, e.to])]));
}

/** Kept per document object, so an editor rebuilding the graph after one edit redoes one document. */
const parts = new WeakMap<LinkedDocument, DocPart>();

function partOf(doc: LinkedDocument): DocPart {
  let part = parts.get(doc);
  if (part) return part;
  // Built from the fields every run needs (`links`, claims); a definition's item, an edge's
  // reference and the mentions read `workItems` and `references`, which a cached document decodes
  // only when asked.
  const { items } = doc.links;
  const blockedBy = doc.links.blockedBy.map(({ item, id, ref, range }): BlockedByEdge => ({
    kind: 'blocked-by',
    from: items[item]!.id,
    to: id,
    doc,
    range,
    get ref() {
      return doc.references[ref]!;
    },
  }));
  const claims = doc.claims.map((claim): ClaimEdge => ({ kind: 'claim', from: source(doc, claim.ownerItem), to: claim.id, doc, claim }));
  let mentions: MentionEdge[] | undefined;
  part = {
    definitions: items.map(({ id, status, heading, statusLine }, index): Definition => ({
      doc,
      id,
      status,
      headingRange: heading,
      statusRange: statusLine ?? heading,
      get item() {
        return doc.workItems[index]!;
      },
    })),
    blockedBy,
    claims,
    get mentions() {
      return (mentions ??= mentionsOf(doc));
    },
  };
  parts.set(doc, part);
  return part;
}

/** References that are neither definitions, blocked-by links nor inside a claim (a claim is its own edge). */
function mentionsOf(doc: LinkedDocument): MentionEdge[] {
  const claimed = new Set(doc.claims.map((c) => c.range.start));
  const linked = new Set(doc.links.blockedBy.map((b) => b.ref));
  const out: MentionEdge[] = [];
  doc.references.forEach((ref, i) => {
    if (ref.context === 'definition' || linked.has(i) || claimed.has(ref.range.start)) return;
    out.push({ kind: 'mention', from: source(doc, ref.ownerItem), to: ref.id, doc, ref });
  });
  return out;
}

/** One document's blocked-by and claim edges: the same objects its graph holds (rules that look at a few documents). */
export function edgesOf(doc: LinkedDocument): { readonly blockedBy: readonly BlockedByEdge[]; readonly claims: readonly ClaimEdge[] } {
  return partOf(doc);
}

export function buildGraph(docs: readonly LinkedDocument[], memos?: RunMemos): WorkGraph {
  const input = docs.map(partOf);
  const prev = memos?.get(LAST_BUILD);
  const updated = prev && memos ? updateGraph(prev, docs, input, memos) : undefined;
  if (updated) return updated;
  // The same files as last time (an editor's runs): the same order, without sorting again.
  const samePaths = prev !== undefined && prev.paths.length === docs.length && docs.every((d, i) => d.path === prev.paths[i]);
  const order = samePaths ? prev.order : docs.map((_, i) => i).sort((a, b) => byPath(docs[a]!, docs[b]!));
  const ordered = order.map((i) => input[i]!);
  const nodes = new Map<string, ItemNode>();
  const blockersOf = new Map<string, BlockedByEdge[]>();
  for (const part of ordered) addPart(nodes, blockersOf, part, append);
  for (const node of nodes.values()) setStatus(node);
  const graph = assemble(nodes, blockersOf, ordered);
  memos?.set(LAST_BUILD, { input, paths: docs.map((d) => d.path), order, graph });
  return graph;
}

/** The cycle searches' view of a graph (cycles.ts), kept up to date by updateGraph. */
const adjacencies = new WeakMap<WorkGraph, Adjacency>();

/** The graph's blocked-by edges over integer node numbers, made on first use and kept across an editor's updates. */
export function adjacencyOf(graph: WorkGraph): Adjacency {
  let adjacency = adjacencies.get(graph);
  if (!adjacency) adjacencies.set(graph, (adjacency = new Adjacency(graph)));
  return adjacency;
}

/** The status every definition agrees on (none when they disagree). */
function setStatus(node: ItemNode): void {
  const first = node.definitions[0]!.status;
  if (node.definitions.every((d) => d.status === first)) node.status = first;
  else delete node.status;
}

function assemble(nodes: Map<string, ItemNode>, blockersOf: Map<string, BlockedByEdge[]>, ordered: DocPart[]): WorkGraph {
  let mentions: MentionEdge[] | undefined;
  let blockedBy: BlockedByEdge[] | undefined;
  let claims: ClaimEdge[] | undefined;
  // The edge lists are gathered on first use: the rules of an editor run look at the few open
  // documents' edges (edgesOf) and at blockersOf; `sot graph` and `sot explain` read them all.
  return {
    nodes,
    get blockedBy() {
      return (blockedBy ??= ordered.flatMap((part) => part.blockedBy));
    },
    get claims() {
      return (claims ??= ordered.flatMap((part) => part.claims));
    },
    get mentions() {
      return (mentions ??= ordered.flatMap((part) => part.mentions));
    },
    blockersOf,
  };
}

interface LastBuild {
  input: DocPart[];
  paths: string[];
  order: number[];
  graph: WorkGraph;
}

/** The last graph built (an editor rebuilds it after every edit, with one document changed). */
const LAST_BUILD = new MemoKey<LastBuild>('graph: last build');

/** More changed documents than this: build from scratch. */
const MAX_UPDATED = 16;

/**
 * The last graph brought up to date in place, when the documents are the same files in the same
 * order and at most MAX_UPDATED of them changed: their definitions and edges are taken out and the
 * new ones put where a fresh build puts them (in path order), so the result is what a fresh build
 * gives, except that the ids of `nodes` may iterate in another order. Undefined when a fresh build
 * is needed.
 */
function updateGraph(prev: LastBuild, docs: readonly LinkedDocument[], input: DocPart[], memos: RunMemos): WorkGraph | undefined {
  if (input.length !== prev.input.length) return undefined;
  const changed: number[] = [];
  let reshaped = false;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === prev.input[i]) continue;
    if (changed.length >= MAX_UPDATED || docs[i]!.path !== prev.paths[i]) return undefined;
    reshaped ||= shapeOfPart(input[i]!) !== shapeOfPart(prev.input[i]!);
    changed.push(i);
  }
  const { nodes, blockersOf } = prev.graph;
  // Checked before anything changes: the last graph holds every old definition and edge (unless
  // something outside changed it, when a fresh build is the only safe answer).
  for (const i of changed) {
    const was = prev.input[i]!;
    if (was.definitions.some((d) => !nodes.get(d.id)?.definitions.includes(d))) return forgetLast(memos);
    if (was.blockedBy.some((e) => !blockersOf.get(e.from)?.includes(e))) return forgetLast(memos);
  }
  // Taken out first, then put back: an id that stays defined keeps its node (and its place in `nodes`).
  const touched = new Set<string>();
  const sources = new Set<string>();
  const note = (part: DocPart) => {
    for (const d of part.definitions) touched.add(d.id);
    for (const e of part.blockedBy) sources.add(e.from);
  };
  for (const i of changed) {
    const was = prev.input[i]!;
    for (const d of was.definitions) remove(nodes.get(d.id)!.definitions, d);
    for (const e of was.blockedBy) remove(blockersOf.get(e.from)!, e);
    note(was);
  }
  for (const i of changed) {
    addPart(nodes, blockersOf, input[i]!, insertInPathOrder);
    note(input[i]!);
  }
  for (const id of touched) {
    const node = nodes.get(id)!;
    if (node.definitions.length) setStatus(node);
    else nodes.delete(id);
  }
  for (const id of sources) if (!blockersOf.get(id)!.length) blockersOf.delete(id);
  const graph = assemble(nodes, blockersOf, prev.order.map((j) => input[j]!));
  const adjacency = adjacencies.get(prev.graph);
  if (adjacency) {
    if (reshaped) adjacency.update(graph, touched, sources);
    adjacencies.set(graph, adjacency);
  }
  memos.set(LAST_BUILD, { input, paths: prev.paths, order: prev.order, graph });
  return graph;
}

/** A definition or edge of the last graph was not where it was put (changed from outside): build afresh. */
function forgetLast(memos: RunMemos): undefined {
  memos.set(LAST_BUILD, undefined);
  return undefined;
}

/** A part's definitions and blocked-by edges added to the graph's maps, `place` putting each in its list. */
function addPart(nodes: Map<string, ItemNode>, blockersOf: Map<string, BlockedByEdge[]>, part: DocPart, place: (list: { doc: LinkedDocument }[], item: { doc: LinkedDocument }) => void): void {
  for (const def of part.definitions) {
    let node = nodes.get(def.id);
    if (!node) nodes.set(def.id, (node = { id: def.id, definitions: [] }));
    place(node.definitions, def);
  }
  for (const edge of part.blockedBy) {
    let list = blockersOf.get(edge.from);
    if (!list) blockersOf.set(edge.from, (list = []));
    place(list, edge);
  }
}

/** At the end: a build from scratch adds the parts in path order. */
function append<T>(list: T[], item: T): void {
  list.push(item);
}

function remove<T>(list: T[], item: T): void {
  list.splice(list.indexOf(item), 1);
}

/** After every entry from a document at or before `item`'s in path order: where a fresh build puts it. */
function insertInPathOrder(list: { doc: LinkedDocument }[], item: { doc: LinkedDocument }): void {
  let at = list.length;
  while (at > 0 && byPath(list[at - 1]!.doc, item.doc) > 0) at--;
  list.splice(at, 0, item);
}

/** The graph of this run's documents, kept so every rule of one cross-file run shares one build. */
const THIS_RUN = new MemoKey<{ docs: readonly LinkedDocument[]; graph: WorkGraph }>('graph: this run');

/**
 * The graph of a run's documents, built at most once however many rules ask for it, and brought up
 * to date from the last run's when `memos` (the run context's) holds one. Without `memos` (a
 * one-shot `sot graph`), a fresh build.
 */
export function graphOf(docs: readonly LinkedDocument[], memos?: RunMemos, time: <T>(phase: string, fn: () => T) => T = (_p, fn) => fn()): WorkGraph {
  const hit = memos?.get(THIS_RUN);
  if (hit && hit.docs === docs) return hit.graph;
  const graph = time('graph', () => buildGraph(docs, memos));
  memos?.set(THIS_RUN, { docs, graph });
  return graph;
}
