import type { Adjacency } from './adjacency.js';
import { adjacencyOf, type WorkGraph } from './graph.js';

/**
 * Strongly connected components of the blocked-by edges between defined items (Tarjan,
 * iterative). Components of one item count only with a self-edge. With `from`, only the
 * components of items reachable from those (each found whole): the cycles through them.
 */
export function blockedByCycles(graph: WorkGraph, from?: Iterable<string>): string[][] {
  // An editor re-lints after every edit; most edits leave the items and their edges as they were.
  const adjacency = adjacencyOf(graph);
  const starts = [...(from ?? graph.nodes.keys())].sort();
  const fromKey = from === undefined ? '*' : starts.join(' ');
  // Remembered on the adjacency, which lives as long as the graph the run context keeps.
  const memo = adjacency.memos.cycles;
  if (memo && memo.version === adjacency.version && memo.from === fromKey) return memo.cycles.map((c) => [...c]);
  const cycles = findCycles(adjacency, starts);
  adjacency.memos.cycles = { version: adjacency.version, from: fromKey, cycles: cycles.map((c) => [...c]) };
  return cycles;
}

function findCycles(adjacency: Adjacency, starts: readonly string[]): string[][] {
  const { ids, defined, targets } = adjacency;
  const index = new Int32Array(ids.length).fill(-1);
  const low = new Int32Array(ids.length);
  const onStack = new Uint8Array(ids.length);
  const stack: number[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // The walk's own stack: a node, and how many of its targets it has looked at.
  const walking: number[] = [];
  const nextTarget: number[] = [];
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    walking.push(v);
    nextTarget.push(0);
  };
  for (const id of starts) {
    const start = adjacency.numberOf(id);
    if (start === undefined || !defined[start] || index[start]! >= 0) continue;
    visit(start);
    while (walking.length) {
      const top = walking.length - 1;
      const v = walking[top]!;
      const out = targets[v]!;
      if (nextTarget[top]! < out.length) {
        const w = out[nextTarget[top]!++]!;
        if (!defined[w]) continue;
        if (index[w]! < 0) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      walking.pop();
      nextTarget.pop();
      if (walking.length) {
        const parent = walking[walking.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: string[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(ids[w]!);
        } while (w !== v);
        if (component.length > 1 || out.includes(v)) cycles.push(component.sort());
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
export function cyclePaths(graph: WorkGraph, component: string[], only?: ReadonlySet<string>): Map<string, string[]> {
  const adjacency = adjacencyOf(graph);
  let memo = adjacency.memos.paths;
  if (!memo || memo.version !== adjacency.version || memo.paths.size > 64) {
    adjacency.memos.paths = memo = { version: adjacency.version, paths: new Map() };
  }
  const key = `${component.join(' ')}|${only ? [...only].sort().join(' ') : '*'}`;
  let paths = memo.paths.get(key);
  if (!paths) memo.paths.set(key, (paths = computeCyclePaths(adjacency, component, only)));
  return new Map([...paths].map(([id, p]) => [id, [...p]]));
}

function computeCyclePaths(adjacency: Adjacency, component: string[], only?: ReadonlySet<string>): Map<string, string[]> {
  const members = only ? component.filter((id, i) => i === 0 || only.has(id)) : component;
  const { ids, targets } = adjacency;
  const numbers = component.map((id) => adjacency.numberOf(id)!);
  const inComponent = new Uint8Array(ids.length);
  for (const v of numbers) inComponent[v] = 1;
  // Each member's successors inside the component, listed once (the searches below ask many times).
  const outs: number[][] = [];
  for (const v of numbers) outs[v] = targets[v]!.filter((w) => inComponent[w]);
  const out = (v: number) => outs[v]!;
  const named = (path: number[]) => path.map((v) => ids[v]!);
  const paths = new Map<string, string[]>();
  if (component.length <= EXACT_CYCLE_LIMIT) {
    for (const id of members) paths.set(id, named(shortestCycle(out, adjacency.numberOf(id)!)));
    return paths;
  }
  const hub = numbers[0]!;
  const incoming: number[][] = [];
  for (const v of numbers) for (const w of out(v)) (incoming[w] ??= []).push(v);
  const fromHub = bfsTree(ids.length, hub, out);
  const toHub = bfsTree(ids.length, hub, (v) => incoming[v] ?? []);
  for (const id of members) {
    const v = adjacency.numberOf(id)!;
    const there = walk(fromHub, v).reverse(); // hub → … → v
    const back = walk(toHub, v); // v → … → hub
    const loop = [...there, ...back.slice(1)]; // hub → … → v → … → hub
    const at = loop.indexOf(v);
    paths.set(id, named([...loop.slice(at, -1), ...loop.slice(0, at), v]));
  }
  return paths;
}

function shortestCycle(out: (v: number) => number[], start: number): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const to of out(v)) {
      if (to === start) {
        const path = [start];
        for (let at: number | undefined = v; at !== undefined && at !== start; at = prev.get(at)) path.splice(1, 0, at);
        path.push(start);
        return path;
      }
      if (!prev.has(to)) {
        prev.set(to, v);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

const UNSEEN = -2;
const ROOT = -1;

/** Breadth-first tree from `root`: each reached number's parent (ROOT for the root, UNSEEN if not reached). */
function bfsTree(size: number, root: number, next: (v: number) => number[]): Int32Array {
  const parent = new Int32Array(size).fill(UNSEEN);
  parent[root] = ROOT;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const to of next(queue[i]!)) {
      if (parent[to] === UNSEEN) {
        parent[to] = queue[i]!;
        queue.push(to);
      }
    }
  }
  return parent;
}

/** The tree path from `v` up to the root: [v, parent, …, root]. */
function walk(tree: Int32Array, v: number): number[] {
  const path = [v];
  for (let at = tree[v]!; at >= 0; at = tree[at]!) path.push(at);
  return path;
}
