/** globby (and fast-glob under it), bundled by the build like ./markdown.ts (one file to load, not dozens). */
export { convertPathToPattern, globby, isDynamicPattern } from 'globby';
