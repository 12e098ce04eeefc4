import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesDir } from '../paths.js';
import { describeAjvError, schemaValidator } from './ajv.js';
import { generatedData, recordData } from './generated.js';
import { loadYaml } from '../vendor/load-yaml.js';

/** A rules or config file that cannot be used: the CLI turns it into exit 2 with this text. */
export class DataFileError extends Error {
  constructor(readonly file: string, readonly reasons: string[]) {
    super(`${file}: ${reasons.join('; ')}`);
    this.name = 'DataFileError';
  }
}

const cache = new Map<string, unknown>();

/**
 * Loads a YAML data file from `rules/` (or an absolute path) and validates it against its schema.
 * Rules are data; a typo in them must stop the run with a precise message, not half-apply.
 */
export function loadDataFile<T>(fileOrPath: string, schemaName: string): T {
  const path = fileOrPath.includes('/') ? fileOrPath : join(rulesDir, fileOrPath);
  const key = `${path}\0${schemaName}`;
  if (cache.has(key)) return cache.get(key) as T;
  // The package's own rules files come validated from the build (src/data/generated.ts).
  const built = generatedData(path, schemaName);
  if (built !== undefined) {
    cache.set(key, built);
    return built as T;
  }
  let data: unknown;
  try {
    // YAML (CommonJS build) is loaded only for a file the generated module does not hold.
    const { parse: parseYaml } = loadYaml();
    data = parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw new DataFileError(path, [(e as Error).message.split('\n')[0] ?? 'cannot read file']);
  }
  const validate = schemaValidator(schemaName);
  if (!validate(data)) {
    throw new DataFileError(path, (validate.errors ?? []).map((e) => describeAjvError(e, 'file')));
  }
  cache.set(key, data);
  recordData(path, schemaName, data);
  return data as T;
}
