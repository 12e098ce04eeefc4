import type { Root } from 'mdast';
import { fromMarkdown, frontmatter, frontmatterFromMarkdown } from '../vendor/markdown.js';

// The parser remark-parse + remark-frontmatter run (remark-parse is fromMarkdown with the plugins'
// extensions), called directly: the same tree, without loading unified and vfile on every start.
// The extensions are built once for the whole process.
const extensions = [frontmatter(['yaml'])];
const mdastExtensions = [frontmatterFromMarkdown(['yaml'])];

/** The one Markdown parse a file gets. Everything else reads the model built from this tree. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions, mdastExtensions });
}
