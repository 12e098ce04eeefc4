/**
 * Loads the gate's rules files: parsed and schema-validated by the shared data loader
 * (src/data/load-data.ts, which serves them from the module the build generated when there is
 * one), then checked for what a schema cannot express. The model options and the build step
 * (src/data/build-data.ts, which validates every rules file with these loaders, so a broken one
 * fails the build) use this; `sot gate stage2` reads the generated module directly and comes here
 * only without it (src/gate/fast.ts). Every problem is a DataFileError (exit 2 at run time, a
 * failed build at build time) with one precise sentence per problem.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { DataFileError, loadDataFile } from '../data/load-data.js';
import { rulesDir, schemasDir } from '../paths.js';
import { checkEvidenceLabels, type EvidenceLabels } from './evidence.js';
import { describeSchemaErrors } from './schema-errors.js';
import { checkStage2, type Stage2Rules } from './stage2-rules.js';
import { loadYaml } from '../vendor/load-yaml.js';

const require = createRequire(import.meta.url);

/**
 * After the shared loader refused a file: validate it again here to say why in one sentence per
 * problem (the test language's `oneOf` collapsed), or name a schema that does not compile.
 * Only runs on failure, so it loads YAML and ajv itself (CommonJS builds) instead of at import.
 */
function preciseError(name: string, schemaName: string, original: unknown): unknown {
  const path = join(rulesDir, name);
  const schemaPath = join(schemasDir, schemaName);
  try {
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    let validate: ((d: unknown) => boolean) & { errors?: ErrorObject[] | null };
    try {
      validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    } catch (e) {
      return new DataFileError(schemaPath, [(e as Error).message.split('\n')[0] ?? 'the schema does not compile']);
    }
    const { parse } = loadYaml();
    const data = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 }) as unknown;
    if (!validate(data)) return new DataFileError(path, describeSchemaErrors(validate.errors ?? [], data));
  } catch {
    // The shared loader's own error says it (a YAML syntax error, an unreadable file).
  }
  return original;
}

/** A package rules file, validated against its schema and by `check`; every problem is a DataFileError. */
export function loadYamlRules<T>(name: string, schemaName: string, check?: (data: T) => string[]): T {
  let data: T;
  try {
    data = loadDataFile<T>(name, schemaName);
  } catch (e) {
    throw preciseError(name, schemaName, e);
  }
  const problems = check?.(data) ?? [];
  if (problems.length) throw new DataFileError(join(rulesDir, name), problems);
  return data;
}

/** A schema of ours that ajv cannot compile is a broken data file too (exit 2, naming the schema). */
export async function compileSchema(schemaName: string): Promise<(data: unknown) => boolean> {
  const { schemaValidator } = await import('../data/ajv.js');
  try {
    return schemaValidator(schemaName);
  } catch (e) {
    throw new DataFileError(join(schemasDir, schemaName), [(e as Error).message.split('\n')[0] ?? 'cannot compile the schema']);
  }
}

let cached: Stage2Rules | undefined;

/** rules/stage2.yaml, validated by schemas/stage2.schema.json and checked for consistency. */
export function loadStage2Rules(): Stage2Rules {
  cached ??= loadYamlRules<Stage2Rules>('stage2.yaml', 'stage2.schema.json', checkStage2);
  return cached;
}

let labels: EvidenceLabels | undefined;

/** rules/evidence-labels.yaml, validated and checked against rules/stage2.yaml. */
export function loadEvidenceLabels(): EvidenceLabels {
  const stage2 = loadStage2Rules();
  labels ??= loadYamlRules<EvidenceLabels>('evidence-labels.yaml', 'evidence-labels.schema.json', (d) => checkEvidenceLabels(d, stage2));
  return labels;
}
