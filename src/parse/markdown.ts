import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

// One processor for the whole process: building it per file costs more than some parses.
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** The one Markdown parse a file gets. Everything else reads the model built from this tree. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}
