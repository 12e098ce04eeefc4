import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';

// The parser remark-parse + remark-frontmatter run (remark-parse is fromMarkdown with the plugins'
// extensions), called directly: the same tree, without loading unified and vfile on every start.
// The extensions are built once for the whole process.
const extensions = [frontmatter(['yaml'])];
const mdastExtensions = [frontmatterFromMarkdown(['yaml'])];

/** The one Markdown parse a file gets. Everything else reads the model built from this tree. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions, mdastExtensions });
}
