/**
 * The Markdown parser (micromark + mdast, with the frontmatter extension), behind one module so the
 * build can bundle it: `scripts/bundle-vendor.mjs` replaces the compiled file with a single-file
 * bundle of these packages. Loading about 80 small ES modules one by one cost ~60 ms of every cold
 * start (one file on save, a pre-commit run); the bundle loads in ~15 ms. Unbundled (tests running
 * the TypeScript sources, a build without esbuild) it is the same code, imported package by package.
 */
export { fromMarkdown } from 'mdast-util-from-markdown';
export { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
export { frontmatter } from 'micromark-extension-frontmatter';
