/**
 * The Markdown parser: unified with remark-parse, remark-frontmatter and remark-gfm (micromark and
 * mdast-util-from-markdown underneath), behind one module so the build can bundle it:
 * `scripts/bundle-vendor.mjs` replaces the compiled file with a single-file bundle of these
 * packages, applying its measured performance patches as it bundles. A cold start (one file on
 * save, a pre-commit run) then loads one file instead of dozens of small ES modules (with the
 * globby and yaml bundles, a cold single-file lint went from 0.38–0.50 s to 0.27–0.33 s by hand,
 * commit ffd64cb). Unbundled (tests running the TypeScript sources, a build without esbuild) it is
 * the same code, imported package by package, unpatched.
 */
export { unified } from 'unified';
export { default as remarkParse } from 'remark-parse';
export { default as remarkFrontmatter } from 'remark-frontmatter';
export { default as remarkGfm } from 'remark-gfm';
// remark-gfm's five parts, one by one (the parse leaves out a part a text cannot hold: src/parse/markdown.ts).
export { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
export { gfmFootnote } from 'micromark-extension-gfm-footnote';
export { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
export { gfmTable } from 'micromark-extension-gfm-table';
export { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
export { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
export { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
export { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
export { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
export { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
