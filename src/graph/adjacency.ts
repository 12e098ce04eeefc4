/** What an adjacency reads of a work graph (graph.ts's WorkGraph, named by shape: graph.ts imports this module). */
interface WorkGraph {
  nodes: ReadonlyMap<string, unknown>;
  blockersOf: ReadonlyMap<string, readonly { to: string }[]>;
}

let versions = 0;
const NONE: readonly number[] = [];

/**
 * A graph's blocked-by edges over integer node numbers. Cycle searches walk arrays instead of
 * looking ids up in maps (on a 10,000-item graph the lookups alone were most of a search), and an
 * editor's update renumbers nothing: it rewrites the lists of the few ids an edit touched.
 */
export class Adjacency {
  /** A new number whenever the defined ids or the blocked-by edges change: equal versions, equal cycles. */
  version = ++versions;
  /** What cycle searches over this adjacency remember (graph/cycles.ts), valid for one version. */
  readonly memos: {
    cycles?: { version: number; from: string; cycles: string[][] };
    paths?: { version: number; paths: Map<string, Map<string, string[]>> };
  } = {};
  /** The id of each number. Numbers are never reused: an id renamed away keeps its number, undefined. */
  readonly ids: string[] = [];
  /** Whether each number is a defined item (an edge to an undefined id is no edge). */
  readonly defined: boolean[] = [];
  /** Each number's blocked-by targets, defined or not, in the order of `blockersOf`. */
  readonly targets: (readonly number[])[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(graph: WorkGraph) {
    for (const id of graph.nodes.keys()) this.defined[this.number(id)] = true;
    for (const [id, edges] of graph.blockersOf) this.targets[this.number(id)] = edges.map((e) => this.number(e.to));
  }

  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  /** After an update of `graph`: `touched` ids may have been defined or undefined, `sources` got other edges. */
  update(graph: WorkGraph, touched: Iterable<string>, sources: Iterable<string>): void {
    for (const id of touched) this.defined[this.number(id)] = graph.nodes.has(id);
    for (const id of sources) this.targets[this.number(id)] = (graph.blockersOf.get(id) ?? []).map((e) => this.number(e.to));
    this.version = ++versions;
  }

  private number(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.numbers.set(id, n);
      this.ids.push(id);
      this.defined.push(false);
      this.targets.push(NONE);
    }
    return n;
  }
}
