/**
 * The Markdown parser (micromark + mdast, with the frontmatter extension), behind one module so the
 * build can bundle it: `scripts/bundle-vendor.mjs` replaces the compiled file with a single-file
 * bundle of these packages: a cold start (one file on save, a pre-commit run) then loads one file
 * instead of dozens of small ES modules (with the globby and yaml bundles, a cold single-file lint
 * went from 0.38–0.50 s to 0.27–0.33 s by hand, commit ffd64cb). Unbundled (tests running
 * the TypeScript sources, a build without esbuild) it is the same code, imported package by package.
 */
export { fromMarkdown } from 'mdast-util-from-markdown';
export { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
export { frontmatter } from 'micromark-extension-frontmatter';
