/** `sot --debug` (SOT_DEBUG=1, inherited by worker threads): a rule's crash also prints its stack on stderr. */
export function debugStack(what: string, e: unknown): void {
  if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${what}:\n${(e as Error)?.stack ?? String(e)}\n`);
}

/** The first line of what a rule threw: the `internal-error` message names it, the stack is for --debug. */
export function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0] ?? '';
}
