import type { Nodes } from 'mdast';

/**
 * The readable text of a node (code spans keep their content, markup is dropped), skipping nested
 * lists so a list item's text is its own. Iterative: a 10,000-deep document must not overflow.
 */
export function plainText(node: Nodes): string {
  const out: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text' || n.type === 'inlineCode') out.push(n.value);
    else if (n.type === 'break') out.push(' ');
    else if (n.type === 'list' && n !== node) continue;
    else if ('children' in n) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
      if (n.type === 'paragraph' && n !== node) stack.push({ type: 'text', value: ' ' } as Nodes);
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}
