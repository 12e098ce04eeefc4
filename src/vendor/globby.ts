/** globby (and fast-glob under it), bundled by the build like ./markdown.ts: ~50 ms less per cold start. */
export { convertPathToPattern, globby, isDynamicPattern } from 'globby';
