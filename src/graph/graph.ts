import type { Range, Reference, LinkedDocument, StatusClaim, WorkItem } from '../model/types.js';
import { byPath } from '../util/order.js';

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
  /** The ids it defines and its blocked-by edges, as text: what the cycles depend on. */
  shape?: string;
}

const shapes = new WeakMap<WorkGraph, string>();
const partsOfGraph = new WeakMap<WorkGraph, DocPart[]>();

/**
 * The defined ids and blocked-by edges of a graph built by buildGraph, as one string: equal
 * strings, equal cycles. Undefined for a graph made some other way (nothing is remembered).
 */
function shapeOf(graph: WorkGraph): string | undefined {
  let shape = shapes.get(graph);
  if (shape === undefined) {
    const all = partsOfGraph.get(graph);
    if (!all) return undefined;
    shape = all.map(shapeOfPart).join('\n');
    shapes.set(graph, shape);
  }
  return shape;
}

function shapeOfPart(p: DocPart): string {
  return (p.shape ??= `${p.definitions.map((d) => d.id).join(' ')}|${p.blockedBy.map((e) => `${e.from}>${e.to}`).join(' ')}`);
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

export function buildGraph(docs: readonly LinkedDocument[]): WorkGraph {
  const input = docs.map(partOf);
  const updated = last ? updateGraph(last, docs, input) : undefined;
  if (updated) return updated;
  // The same files as last time (an editor's runs): the same order, without sorting again.
  const samePaths = last !== undefined && last.paths.length === docs.length && docs.every((d, i) => d.path === last!.paths[i]);
  const order = samePaths ? last!.order : docs.map((_, i) => i).sort((a, b) => byPath(docs[a]!, docs[b]!));
  const ordered = order.map((i) => input[i]!);
  const nodes = new Map<string, ItemNode>();
  for (const part of ordered) {
    for (const def of part.definitions) {
      let node = nodes.get(def.id);
      if (!node) nodes.set(def.id, (node = { id: def.id, definitions: [] }));
      node.definitions.push(def);
    }
  }
  for (const node of nodes.values()) setStatus(node);
  const blockersOf = new Map<string, BlockedByEdge[]>();
  for (const part of ordered) {
    for (const edge of part.blockedBy) {
      const list = blockersOf.get(edge.from);
      if (list) list.push(edge);
      else blockersOf.set(edge.from, [edge]);
    }
  }
  const graph = assemble(nodes, blockersOf, ordered);
  last = { input, paths: docs.map((d) => d.path), order, graph };
  return graph;
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
  const graph: WorkGraph = {
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
  partsOfGraph.set(graph, ordered);
  return graph;
}

/** The last graph built (an editor rebuilds it after every edit, with one document changed). */
let last: { input: DocPart[]; paths: string[]; order: number[]; graph: WorkGraph } | undefined;

/**
 * Forgets the last graph built. It is kept for an editor's next rebuild, and through it every
 * document of the run: a one-shot run lets it go once its conclusions are drawn, so the documents
 * can be collected before the output is built.
 */
export function releaseLastGraph(): void {
  last = undefined;
}
/** More changed documents than this: build from scratch. */
const MAX_UPDATED = 16;

/**
 * The last graph brought up to date in place, when the documents are the same files in the same
 * order and the changed ones define the same ids with the same blocked-by edges (a status or
 * prose edit): their definitions and edges are swapped at the same places, so the result is what
 * a fresh build gives. Undefined when a fresh build is needed.
 */
function updateGraph(prev: NonNullable<typeof last>, docs: readonly LinkedDocument[], input: DocPart[]): WorkGraph | undefined {
  if (input.length !== prev.input.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < input.length; i++) {
    if (input[i] === prev.input[i]) continue;
    if (changed.length >= MAX_UPDATED || docs[i]!.path !== prev.paths[i] || shapeOfPart(input[i]!) !== shapeOfPart(prev.input[i]!)) return undefined;
    changed.push(i);
  }
  const { nodes, blockersOf } = prev.graph;
  const swaps: (() => void)[] = [];
  const touched = new Set<ItemNode>();
  for (const i of changed) {
    const was = prev.input[i]!;
    const now = input[i]!;
    for (const [k, d] of was.definitions.entries()) {
      const node = nodes.get(d.id);
      const at = node ? node.definitions.indexOf(d) : -1;
      if (!node || at < 0) return undefined;
      swaps.push(() => (node.definitions[at] = now.definitions[k]!));
      touched.add(node);
    }
    for (const [k, e] of was.blockedBy.entries()) {
      const list = blockersOf.get(e.from);
      const at = list ? list.indexOf(e) : -1;
      if (!list || at < 0) return undefined;
      swaps.push(() => (list[at] = now.blockedBy[k]!));
    }
  }
  for (const swap of swaps) swap();
  for (const node of touched) setStatus(node);
  const graph = assemble(nodes, blockersOf, prev.order.map((j) => input[j]!));
  last = { input, paths: prev.paths, order: prev.order, graph };
  return graph;
}

const graphs = new WeakMap<readonly LinkedDocument[], WorkGraph>();

/** The graph of a run's documents, built at most once however many rules ask for it. */
export function graphOf(docs: readonly LinkedDocument[], time: <T>(phase: string, fn: () => T) => T = (_p, fn) => fn()): WorkGraph {
  let g = graphs.get(docs);
  if (!g) {
    g = time('graph', () => buildGraph(docs));
    graphs.set(docs, g);
  }
  return g;
}

/**
 * Strongly connected components of the blocked-by edges between defined items (Tarjan,
 * iterative). Components of one item count only with a self-edge. With `from`, only the
 * components of items reachable from those (each found whole): the cycles through them.
 */
let lastCycles: { shape: string; from: string; cycles: string[][] } | undefined;

export function blockedByCycles(graph: WorkGraph, from?: Iterable<string>): string[][] {
  // An editor re-lints after every edit; most edits leave the items and their edges as they were.
  const shape = shapeOf(graph);
  if (shape === undefined) return findCycles(graph, from);
  const fromKey = from === undefined ? '*' : [...from].sort().join(' ');
  if (lastCycles && lastCycles.shape === shape && lastCycles.from === fromKey) return lastCycles.cycles.map((c) => [...c]);
  const cycles = findCycles(graph, from);
  lastCycles = { shape, from: fromKey, cycles: cycles.map((c) => [...c]) };
  return cycles;
}

function findCycles(graph: WorkGraph, from?: Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const targets = (id: string) => (graph.blockersOf.get(id) ?? []).map((e) => e.to).filter((t) => graph.nodes.has(t));
  for (const start of [...(from ?? graph.nodes.keys())].sort()) {
    if (index.has(start) || !graph.nodes.has(start)) continue;
    const work: { id: string; next: number; succ: string[] }[] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: 0, succ: targets(id) });
    };
    visit(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.succ.length) {
        const w = frame.succ[frame.next++]!;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        const selfLoop = component.length === 1 && targets(frame.id).includes(frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** Components up to this size get each member's shortest cycle; larger ones a linear-time walk. */
const EXACT_CYCLE_LIMIT = 64;

/**
 * For every member of a component, a closed blocked-by walk through it, as a path of ids that
 * starts and ends at that member. Small components get each member's shortest cycle (one BFS
 * each); large ones share two BFS trees through one hub, so the whole cost stays linear.
 * With `only`, just those members' walks (and the first member's).
 */
const pathMemo = { shape: '', paths: new Map<string, Map<string, string[]>>() };

export function cyclePaths(graph: WorkGraph, component: string[], only?: ReadonlySet<string>): Map<string, string[]> {
  const shape = shapeOf(graph);
  if (shape === undefined) return computeCyclePaths(graph, component, only);
  if (pathMemo.shape !== shape || pathMemo.paths.size > 64) {
    pathMemo.shape = shape;
    pathMemo.paths.clear();
  }
  const key = `${component.join(' ')}|${only ? [...only].sort().join(' ') : '*'}`;
  let paths = pathMemo.paths.get(key);
  if (!paths) pathMemo.paths.set(key, (paths = computeCyclePaths(graph, component, only)));
  return new Map([...paths].map(([id, p]) => [id, [...p]]));
}

function computeCyclePaths(graph: WorkGraph, component: string[], only?: ReadonlySet<string>): Map<string, string[]> {
  const members = only ? component.filter((id, i) => i === 0 || only.has(id)) : component;
  const inComponent = new Set(component);
  // Each member's successors inside the component, listed once (the searches below ask many times).
  const outs = new Map<string, string[]>();
  for (const id of component) outs.set(id, (graph.blockersOf.get(id) ?? []).map((e) => e.to).filter((t) => inComponent.has(t)));
  const out = (id: string) => outs.get(id) ?? [];
  const paths = new Map<string, string[]>();
  if (component.length <= EXACT_CYCLE_LIMIT) {
    for (const id of members) paths.set(id, shortestCycle(out, id));
    return paths;
  }
  const hub = component[0]!;
  const incoming = new Map<string, string[]>();
  for (const id of component) {
    for (const t of out(id)) {
      const list = incoming.get(t);
      if (list) list.push(id);
      else incoming.set(t, [id]);
    }
  }
  const fromHub = bfsTree(hub, out);
  const toHub = bfsTree(hub, (id) => incoming.get(id) ?? []);
  for (const id of members) {
    const there = walk(fromHub, id).reverse(); // hub → … → id
    const back = walk(toHub, id); // id → … → hub
    const loop = [...there, ...back.slice(1)]; // hub → … → id → … → hub
    const at = loop.indexOf(id);
    paths.set(id, [...loop.slice(at, -1), ...loop.slice(0, at), id]);
  }
  return paths;
}

function shortestCycle(out: (id: string) => string[], start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const to of out(id)) {
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = prev.get(at)) path.splice(1, 0, at);
        path.push(start);
        return path;
      }
      if (!prev.has(to)) {
        prev.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

function bfsTree(root: string, next: (id: string) => string[]): Map<string, string | undefined> {
  const parent = new Map<string, string | undefined>([[root, undefined]]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const to of next(queue[i]!)) {
      if (!parent.has(to)) {
        parent.set(to, queue[i]);
        queue.push(to);
      }
    }
  }
  return parent;
}

/** The tree path from `id` up to the root: [id, parent, …, root]. */
function walk(tree: Map<string, string | undefined>, id: string): string[] {
  const path = [id];
  for (let at = tree.get(id); at !== undefined; at = tree.get(at)) path.push(at);
  return path;
}
