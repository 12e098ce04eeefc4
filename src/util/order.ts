/** Orders by `path`, code unit by code unit (not locale-aware: the same order on every machine). */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
