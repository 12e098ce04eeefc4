import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeAjvError, schemaValidator } from '../data/ajv.js';
import { DataFileError } from '../data/load-data.js';
import { parseStrictJson } from '../text/strict-json.js';
import { loadYaml } from '../vendor/load-yaml.js';
import type { EvidenceLabels } from '../gate/evidence.js';
import type { AdmissionJson, ClaimData, DocumentsData, KindData, RequirementRef, RequirementsData } from '../model/vocabulary.js';

export type SeverityName = 'off' | 'warn' | 'error';

export interface SotConfig {
  /** The config file, when one was found or named. */
  file?: string;
  /** Directory the project's globs are relative to: the config file's folder, else the cwd. */
  root: string;
  include: string[];
  ignores: string[];
  /** Severity per rule id (a config's `[severity, options]` entry gives its severity here, its options in `ruleOptions`). */
  rules: Record<string, SeverityName>;
  /** Options per rule id, as the config gives them (`rules: { id: [severity, options] }`); checked against the rule's `meta.schema` when a run context is built. */
  ruleOptions?: Record<string, unknown>;
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
  /** The project's document kinds: a kind named like a bundled one replaces it, others are added. */
  kinds?: KindData[];
  /** The project's banner and work-item conventions, where they differ from rules/documents.yaml. */
  documents?: Partial<Pick<DocumentsData, 'authorityBanner' | 'bannerRequiredWhen'>> & { workItems?: Partial<DocumentsData['workItems']> };
  /**
   * The admission JSON (the run gate's decision record) the documents' evidence is checked against:
   * its absolute path (a config file names a path), or the record itself (library callers).
   */
  admission?: string | AdmissionJson;
  /** Additions to the bundled vocabularies (appended). */
  vocabularies?: {
    claims?: ClaimData[];
    requirementStatements?: NonNullable<RequirementsData['statements']>;
    requirementPhrases?: NonNullable<RequirementsData['phrases']>;
    evidenceLabels?: Partial<Pick<EvidenceLabels, 'evidenceLists' | 'labels' | 'sentences'>>;
  };
  /** Requirements per item that no sentence of the documents states: a gate, a condition, or free text. */
  requirements?: Record<string, (RequirementRef | string)[]>;
}

/**
 * The config keys whose value names a file (a path relative to the config file's folder). What
 * such a file says changes what a run reports as much as the config does: the cache key covers
 * the content of each (`filesNamedByConfig`). A new key that names a file is listed here;
 * test/config-files.test.ts fails on a string key of config.schema.json that is in neither list.
 */
export const FILE_KEYS = ['frontmatterSchema', 'leaks.patternsFile', 'admission'] as const;
/** String keys of the config that name no file. */
export const NOT_FILE_KEYS = ['$schema', 'workItemIdPattern', 'documents.authorityBanner', 'documents.bannerRequiredWhen.key', 'documents.bannerRequiredWhen.value', 'documents.workItems.evidenceHeading'] as const;

/** The files the config names (FILE_KEYS), as absolute paths, in FILE_KEYS order. */
export function filesNamedByConfig(config: SotConfig): string[] {
  return FILE_KEYS.flatMap((key) => {
    const value = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), config);
    return typeof value === 'string' ? [resolve(config.root, value)] : [];
  });
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
    if (file.endsWith('.json')) {
      // A key given twice is refused (JSON.parse keeps the last, silently changing what CI checks).
      const parsed = parseStrictJson(text);
      if (!parsed.ok) throw new DataFileError(file, [`cannot parse: ${parsed.message}; fix the JSON ${parsed.duplicate ? 'so each key appears once' : 'syntax'}`]);
      raw = parsed.data;
    } else raw = loadYaml().parse(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    throw new DataFileError(file, [`cannot parse: ${(e as Error).message.split('\n')[0]}; fix the ${file.endsWith('.json') ? 'JSON' : 'YAML'} syntax`]);
  }
  raw ??= {};
  const validate = schemaValidator('config.schema.json');
  // The `if` of a rule's entry (a severity, or [severity, options]) adds nothing to the error of the branch taken.
  if (!validate(raw)) throw new DataFileError(file, (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describeAjvError(e, 'config')));
  const user = raw as Omit<Partial<SotConfig>, 'rules'> & { rules?: Record<string, SeverityName | [SeverityName, unknown?]>; leaks?: Partial<SotConfig['leaks']>; limits?: Partial<SotConfig['limits']> };
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
  if (typeof user.admission === 'string' && !isFile(resolve(root, user.admission))) {
    reasons.push(`\`admission\` ${resolve(root, user.admission)} is not a file; name the admission JSON (relative to the config file)`);
  }
  if (reasons.length) throw new DataFileError(file, reasons);
  // ESLint's shape: `"id": "warn"` or `"id": ["warn", { …options }]`.
  const rules: Record<string, SeverityName> = {};
  const ruleOptions: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(user.rules ?? {})) {
    if (typeof entry === 'string') rules[id] = entry;
    else {
      rules[id] = entry[0];
      if (entry.length > 1) ruleOptions[id] = entry[1];
    }
  }
  return {
    ...base,
    file,
    include: user.include ?? base.include,
    ignores: [...base.ignores, ...(user.ignores ?? [])],
    rules,
    ...(Object.keys(ruleOptions).length ? { ruleOptions } : {}),
    workItemIdPattern: user.workItemIdPattern ?? base.workItemIdPattern,
    statuses: user.statuses ?? base.statuses,
    externalItems: user.externalItems ?? [],
    frontmatterSchema: user.frontmatterSchema ? resolve(root, user.frontmatterSchema) : undefined,
    leaks: { ...base.leaks, ...user.leaks },
    limits: { ...base.limits, ...user.limits },
    kinds: user.kinds,
    documents: user.documents,
    admission: typeof user.admission === 'string' ? resolve(root, user.admission) : undefined,
    vocabularies: user.vocabularies,
    requirements: user.requirements,
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
