import type { Nodes, Root } from 'mdast';
import type { Range } from './types.js';

/**
 * The readable text of a node (code spans keep their content, markup is dropped), skipping nested
 * lists so a list item's text is its own, and skipping struck-through text (GFM `~~…~~`, a `delete`
 * node): what the author withdrew says nothing. Iterative: a 10,000-deep document must not overflow.
 */
export function plainText(node: Nodes): string {
  const out: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text' || n.type === 'inlineCode') out.push(n.value);
    else if (n.type === 'break') out.push(' ');
    else if ((n.type === 'list' || n.type === 'delete') && n !== node) continue;
    else if ('children' in n) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
      if (n.type === 'paragraph' && n !== node) stack.push({ type: 'text', value: ' ' } as Nodes);
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The source ranges of struck-through text (`delete` nodes), outermost only, in document order.
 * Empty without a `~` in the text (no walk at all).
 */
export function struckRanges(tree: Root, text: string): Range[] {
  if (!text.includes('~')) return [];
  const out: Range[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'delete') {
      out.push({ start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 });
      continue;
    }
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}

/** Index of the first range in `sorted` (ordered, disjoint) that ends after `offset`. */
function firstEndingAfter(sorted: readonly Range[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether [start, end) lies wholly inside one struck range. */
export function isStruck(struck: readonly Range[], start: number, end: number): boolean {
  if (!struck.length) return false;
  const r = struck[firstEndingAfter(struck, start)];
  return r !== undefined && r.start <= start && end <= r.end;
}

/**
 * `text[range]` with every struck-through part replaced by spaces: the same length, so an offset
 * in it is an offset in the source. What claims, `Label: value` fields and Status lines are read from.
 */
export function withoutStruck(text: string, range: Range, struck: readonly Range[]): string {
  const source = text.slice(range.start, range.end);
  if (!struck.length) return source;
  let out = '';
  let at = range.start;
  for (let i = firstEndingAfter(struck, range.start); i < struck.length && struck[i]!.start < range.end; i++) {
    const from = Math.max(struck[i]!.start, range.start);
    const to = Math.min(struck[i]!.end, range.end);
    if (from > at) out += text.slice(at, from);
    out += ' '.repeat(to - Math.max(from, at));
    at = Math.max(at, to);
  }
  return out + text.slice(at, range.end);
}
