import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

/**
 * A command's arguments, parsed the same way for every command: strict (an unknown option is an
 * error), and any parse error is a UsageError (one line, exit 2), worded by `explain` when the
 * command has something to add.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, explain: (message: string) => string = (m) => m): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T & { tokens: true }>>;
  try {
    parsed = parseArgs<T & { tokens: true }>({ strict: true, ...config, tokens: true });
  } catch (e) {
    throw new UsageError(explain((e as Error).message));
  }
  // A single-valued option given twice (`--report a --report b`) is a usage error, never last-wins:
  // which one a script meant is not known.
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const spec = config.options?.[t.name];
    if (!spec || spec.type !== 'string' || spec.multiple) continue;
    if (seen.has(t.name)) throw new UsageError(explain(`Option '${t.rawName.startsWith('--') ? t.rawName : `--${t.name}`}' was given more than once; give it once`));
    seen.add(t.name);
  }
  const { tokens: _tokens, ...rest } = parsed;
  return rest as unknown as ReturnType<typeof parseArgs<T>>;
}

/** Prints a command's help and gives its exit code: `if (v.help) return printHelp(HELP)`. */
export function printHelp(text: string): number {
  process.stdout.write(text);
  return 0;
}
