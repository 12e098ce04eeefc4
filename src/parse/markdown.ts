import type { Root } from 'mdast';
import { remarkFrontmatter, remarkGfm, remarkParse, unified } from '../vendor/markdown.js';

/**
 * The one Markdown processor of the process: GitHub Flavored Markdown (the SOT lives in a Git
 * forge and is written for its renderer) with YAML frontmatter. Built and frozen once when this
 * module loads, and shared by every caller: `sot lint`, its worker threads (each loads this module
 * once) and the language server. remark-gfm's defaults are GitHub's: single-tilde strikethrough on,
 * literal autolinks, tables, task lists and footnotes.
 */
export const markdownProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** The one Markdown parse a file gets. Everything else reads the model built from this tree. */
export function parseMarkdown(text: string): Root {
  return markdownProcessor.parse(text);
}
