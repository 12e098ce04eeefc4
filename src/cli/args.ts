import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

/**
 * A command's arguments, parsed the same way for every command: strict (an unknown option is an
 * error), and any parse error is a UsageError (one line, exit 2), worded by `explain` when the
 * command has something to add.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, explain: (message: string) => string = (m) => m): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (e) {
    throw new UsageError(explain((e as Error).message));
  }
}

/** Prints a command's help and gives its exit code: `if (v.help) return printHelp(HELP)`. */
export function printHelp(text: string): number {
  process.stdout.write(text);
  return 0;
}
