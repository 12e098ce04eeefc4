import type { Root } from 'mdast';
import type { Frontmatter } from '../model/types.js';
import { readFrontmatter } from './frontmatter.js';
import { parseMarkdown } from './markdown.js';

/** What the one parse of a file gives the model builder: the Markdown tree and its frontmatter read. */
export interface ParsedDocument {
  tree: Root;
  /** The YAML block's keys and values with their source ranges; absent when the file has no block. */
  frontmatter?: Frontmatter;
}

/** Parses a file's text: the Markdown tree, then the YAML of its frontmatter block if it has one. */
export function parseDocument(text: string): ParsedDocument {
  const tree = parseMarkdown(text);
  // remark-frontmatter recognises the block on the first line only: it can only be the first child.
  const first = tree.children[0];
  if (first?.type !== 'yaml') return { tree };
  const block = { start: first.position?.start.offset ?? 0, end: first.position?.end.offset ?? 0 };
  return { tree, frontmatter: readFrontmatter(text, block) };
}
