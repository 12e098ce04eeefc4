import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeAjvError, schemaValidator } from '../data/ajv.js';
import { DataFileError } from '../data/load-data.js';
import { loadYaml } from '../vendor/load-yaml.js';

export type SeverityName = 'off' | 'warn' | 'error';

export interface SotConfig {
  /** The config file, when one was found or named. */
  file?: string;
  /** Directory the project's globs are relative to: the config file's folder, else the cwd. */
  root: string;
  include: string[];
  ignores: string[];
  rules: Record<string, SeverityName>;
  workItemIdPattern: string;
  statuses: string[];
  externalItems: string[];
  frontmatterSchema?: string;
  /** Leak detection: allowed public hosts, protected variables, a project patterns file, classes off. */
  leaks: { allowedHosts: string[]; knownEnv: string[]; patternsFile?: string; ignoreClasses?: string[] };
  /**
   * Per-file bounds that keep one hostile file from taking minutes or gigabytes (the Markdown
   * parser's time and memory grow fast with size, nesting and delimiters per paragraph); a file
   * over any of them is reported as `file-unreadable` and not linted.
   */
  limits: { maxFileBytes: number; maxLineLength: number; maxNesting: number; maxInlineMarkers: number; maxTableCells: number };
}

export const CONFIG_FILE_NAMES = ['.sotrc.json', '.sotrc.yaml', '.sotrc.yml', 'sot.config.json'];

export const DEFAULT_INCLUDE = ['**/.sot/**/*.md'];
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/.git/**'];

export function defaultConfig(root: string): SotConfig {
  return {
    root,
    include: DEFAULT_INCLUDE,
    ignores: DEFAULT_IGNORES,
    rules: {},
    workItemIdPattern: 'CTO-WORK-[0-9]{3,}',
    statuses: ['proposed', 'open', 'in-progress', 'blocked', 'validated', 'deferred', 'superseded'],
    externalItems: [],
    leaks: { allowedHosts: [], knownEnv: ['CTO_HARNESS_CASE_LOCAL_BASE_URL'] },
    limits: { maxFileBytes: 1024 * 1024, maxLineLength: 64 * 1024, maxNesting: 100, maxInlineMarkers: 2000, maxTableCells: 10_000 },
  };
}

/** A regular file in the working tree. */
export const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** The nearest config file in `from` or a folder above it (`exists`: where to look, the working tree by default). */
export function findConfigFile(from: string, exists: (path: string) => boolean = isFile): string | undefined {
  let dir = resolve(from);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (exists(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads and validates a config file. Every problem is a DataFileError (exit 2) naming the file and
 * saying what is wrong, because a half-understood config silently changes what CI checks.
 */
export function loadConfig(options: {
  cwd: string;
  file?: string;
  knownRules: readonly string[];
  /** The config file's content, when it is not the file on disk (the index version, for `--staged`). */
  text?: string;
}): SotConfig {
  const file = options.file ? resolve(options.cwd, options.file) : findConfigFile(options.cwd);
  if (!file) return defaultConfig(resolve(options.cwd));
  if (options.text === undefined && !existsSync(file)) throw new DataFileError(file, ['config file not found; check the --config path']);
  let raw: unknown;
  try {
    const text = options.text ?? readFileSync(file, 'utf8');
    // YAML (CommonJS build) only for a YAML config: a JSON config or none never loads it.
    raw = file.endsWith('.json') ? JSON.parse(text) : loadYaml().parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new DataFileError(file, [`cannot parse: ${(e as Error).message.split('\n')[0]}; fix the ${file.endsWith('.json') ? 'JSON' : 'YAML'} syntax`]);
  }
  raw ??= {};
  const validate = schemaValidator('config.schema.json');
  if (!validate(raw)) throw new DataFileError(file, (validate.errors ?? []).map((e) => describeAjvError(e, 'config')));
  const user = raw as Partial<SotConfig> & { leaks?: Partial<SotConfig['leaks']>; limits?: Partial<SotConfig['limits']> };
  const root = dirname(file);
  const base = defaultConfig(root);
  const reasons: string[] = [];
  for (const id of Object.keys(user.rules ?? {})) {
    if (!options.knownRules.includes(id)) reasons.push(`unknown rule \`${id}\` in \`rules\`${suggest(id, options.knownRules)}`);
  }
  if (user.workItemIdPattern !== undefined) {
    try {
      const re = new RegExp(user.workItemIdPattern);
      if (/\((?!\?)/.test(user.workItemIdPattern) || re.test('')) reasons.push('`workItemIdPattern` must not match the empty string or use capture groups (use (?:…))');
    } catch (e) {
      reasons.push(`\`workItemIdPattern\` is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  if (user.frontmatterSchema !== undefined) {
    // A schema that cannot be read or compiled is the config's problem (exit 2), not a rule crash on every file.
    const path = resolve(root, user.frontmatterSchema);
    try {
      schemaValidator(path);
    } catch (e) {
      reasons.push(`\`frontmatterSchema\` ${path} cannot be used: ${(e as Error).message.split('\n')[0]}; fix the path (relative to the config file) or the schema`);
    }
  }
  if (reasons.length) throw new DataFileError(file, reasons);
  return {
    ...base,
    file,
    include: user.include ?? base.include,
    ignores: [...base.ignores, ...(user.ignores ?? [])],
    rules: user.rules ?? {},
    workItemIdPattern: user.workItemIdPattern ?? base.workItemIdPattern,
    statuses: user.statuses ?? base.statuses,
    externalItems: user.externalItems ?? [],
    frontmatterSchema: user.frontmatterSchema ? resolve(root, user.frontmatterSchema) : undefined,
    leaks: { ...base.leaks, ...user.leaks },
    limits: { ...base.limits, ...user.limits },
  };
}

function suggest(id: string, known: readonly string[]): string {
  const near = known.find((k) => editDistance(k, id) <= 2);
  return near ? ` (did you mean \`${near}\`?)` : '';
}

/** Levenshtein distance, for "did you mean" hints on short identifiers. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
