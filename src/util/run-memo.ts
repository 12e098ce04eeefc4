const memos: RunMemo<unknown>[] = [];

/**
 * What a module remembers of the last cross-file run for the next one, which in an editor has one
 * document changed: the graph, its cycles, the reference counts. Through them it holds every
 * document of the run, so a one-shot run drops them all (`releaseRunMemos`) once its conclusions
 * are drawn and its documents can be collected before the output is built.
 */
export class RunMemo<T> {
  value: T | undefined;

  constructor() {
    memos.push(this as RunMemo<unknown>);
  }
}

/** Forgets every module's last run: the next run starts from scratch. */
export function releaseRunMemos(): void {
  for (const memo of memos) memo.value = undefined;
}
