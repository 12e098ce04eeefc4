import { pathLeaks } from '../leaks/redact.js';

/**
 * Whether a path may be written into the cache. A file whose path holds a value (a folder named
 * after a machine) gets no entry, and no cross-file line names it: entries are keyed by the path,
 * and models and messages repeat it. The whole absolute path is scanned with the default policy
 * (no allowed hosts), the strictest reading; such files are rare, and one not cached is only
 * linted again. Remembered per cache (a cycle's messages name the same few files thousands of times).
 */
export class PathCheck {
  private readonly known = new Map<string, boolean>();

  holdsValue(path: string): boolean {
    let v = this.known.get(path);
    if (v === undefined) {
      v = pathLeaks(path).length > 0;
      this.known.set(path, v);
    }
    return v;
  }
}
