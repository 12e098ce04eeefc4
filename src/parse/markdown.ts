import type { Root } from 'mdast';
import type { Processor as UnifiedProcessor } from 'unified';
import {
  gfmAutolinkLiteral,
  gfmAutolinkLiteralFromMarkdown,
  gfmFootnote,
  gfmFootnoteFromMarkdown,
  gfmStrikethrough,
  gfmStrikethroughFromMarkdown,
  gfmTable,
  gfmTableFromMarkdown,
  gfmTaskListItem,
  gfmTaskListItemFromMarkdown,
  remarkFrontmatter,
  remarkGfm,
  remarkParse,
  unified,
} from '../vendor/markdown.js';

/**
 * The Markdown processor: GitHub Flavored Markdown (the SOT lives in a Git forge and is written for
 * its renderer) with YAML frontmatter. Built and frozen once when this module loads, and shared by
 * every caller: `sot lint`, its worker threads (each loads this module once) and the language
 * server. remark-gfm's defaults are GitHub's: single-tilde strikethrough on, literal autolinks,
 * tables, task lists and footnotes.
 */
export const markdownProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/**
 * remark-gfm's five parts, in its order, each with what a text must hold for the part to find
 * anything in it: a character or sequence every one of its constructs starts with or contains,
 * tested on the raw text (a superset: a text that passes may still hold none).
 *
 * Measured (BENCHMARKS.md, "GFM"): the GFM parse costs about 40% more CPU than CommonMark on the
 * generated documents, mostly the literal-autolink constructs micromark tries at every word, and a
 * planning document seldom holds any GFM construct. A text is parsed with the parts it may hold;
 * the tree is the same as with all five (test/parse/gfm-parts.test.ts compares them on the corpus
 * and on generated GFM).
 */
const PARTS = [
  {
    name: 'autolink literal',
    // `www.`, `http://`, `https://` (any case) or `@` (e-mail, mailto:, xmpp:). The mdast step
    // matches decoded text nodes, where a character reference (`&#64;`, `&commat;`) is already
    // `@`: any reference keeps the part too.
    mayHold: /www\.|https?:\/\/|@|&(?:#|[a-z])/i,
    micromark: gfmAutolinkLiteral,
    mdast: gfmAutolinkLiteralFromMarkdown,
  },
  // Calls and definitions both start `[^`; micromark reads references and escapes as themselves,
  // never as the `[`, `^`, `~`, `|` these constructs are made of.
  { name: 'footnote', mayHold: /\[\^/, micromark: gfmFootnote, mdast: gfmFootnoteFromMarkdown },
  { name: 'strikethrough', mayHold: /~/, micromark: gfmStrikethrough, mdast: gfmStrikethroughFromMarkdown },
  { name: 'table', mayHold: /\|/, micromark: gfmTable, mdast: gfmTableFromMarkdown },
  // `[ ]`, `[x]`, `[X]`; micromark also takes a tab or a line ending between the brackets.
  { name: 'task list item', mayHold: /\[(?:[ \txX]|\r\n?|\n)\]/, micromark: gfmTaskListItem, mdast: gfmTaskListItemFromMarkdown },
] as const;

const ALL_PARTS = (1 << PARTS.length) - 1;

type Processor = typeof markdownProcessor;

/**
 * Processors for the subsets of the parts, made when first needed (at most 31 besides the full
 * one) and kept for the process: like `markdownProcessor`, frozen and shared.
 */
const byParts = new Map<number, Processor>();

function processorWith(parts: number): Processor {
  let p = byParts.get(parts);
  if (!p) {
    const chosen = PARTS.filter((_, i) => parts & (1 << i));
    p = unified()
      .use(remarkParse)
      .use(remarkFrontmatter, ['yaml'])
      .use(function gfmParts(this: UnifiedProcessor) {
        const data = this.data();
        (data.micromarkExtensions ??= []).push(...chosen.map((part) => part.micromark()));
        (data.fromMarkdownExtensions ??= []).push(...chosen.map((part) => part.mdast()));
      })
      .freeze();
    byParts.set(parts, p);
  }
  return p;
}

/** The one Markdown parse a file gets. Everything else reads the model built from this tree. */
export function parseMarkdown(text: string): Root {
  let parts = 0;
  for (let i = 0; i < PARTS.length; i++) if (PARTS[i]!.mayHold.test(text)) parts |= 1 << i;
  return parts === ALL_PARTS ? markdownProcessor.parse(text) : processorWith(parts).parse(text);
}
