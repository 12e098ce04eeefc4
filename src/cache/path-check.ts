import type { SotConfig } from '../config/config.js';
import { pathHoldsValue } from '../leaks/redact.js';

/**
 * Whether a path may be written into the cache. A file whose path holds a value (a folder named
 * after a machine) gets no entry, and no cross-file line names it: entries are keyed by the path,
 * and models and messages repeat it. The whole absolute path is scanned with the default policy
 * (no allowed hosts), the strictest reading, and the path in the project with the run's own (its
 * leak patterns file, its protected runtime values); such files are rare, and one not cached is
 * only linted again. Remembered per cache (a cycle's messages name the same few files thousands of times).
 */
export class PathCheck {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly config?: Pick<SotConfig, 'leaks' | 'root'>) {}

  holdsValue(path: string): boolean {
    let v = this.known.get(path);
    if (v === undefined) {
      v = pathHoldsValue(path) || (this.config !== undefined && pathHoldsValue(path, this.config));
      this.known.set(path, v);
    }
    return v;
  }
}
