/**
 * What a run context remembers between its cross-file runs, which in an editor have one document
 * changed: the last graph, the reference counts. Each `sot lint` run, library call and LSP project
 * owns one `RunMemos` (in its RunContext); modules hold only the keys. Through the values it holds
 * every document of the last run, so dropping the context (or `clear()`) lets them be collected.
 */

/** The name of one thing a module remembers; the value lives in a run's `RunMemos`. */
export class MemoKey<T> {
  declare readonly valueType?: T;
  constructor(readonly name: string) {}
}

export class RunMemos {
  private readonly values = new Map<MemoKey<unknown>, unknown>();

  get<T>(key: MemoKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T>(key: MemoKey<T>, value: T | undefined): void {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }

  /** Forgets the last run: the next one starts from scratch. */
  clear(): void {
    this.values.clear();
  }
}
