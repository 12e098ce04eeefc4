/**
 * Loads and validates the gate's rules files at run time (YAML + ajv). The lint rule uses this
 * directly; `sot gate stage2` uses the compiled copy when the files are unchanged and falls back to
 * this when they differ, so an edited rules file is always validated before it is obeyed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describeAjvError, schemaValidator } from '../data/ajv.js';
import { DataFileError } from '../data/load-data.js';
import { recordData, snapshotData } from '../data/snapshot.js';
import { rulesDir, schemasDir } from '../paths.js';
import { checkEvidenceLabels, checkWorkItems, type EvidenceLabels, type WorkItemRules } from './evidence.js';
import { checkStage2, type Stage2Rules } from './stage2-rules.js';

const TEST_FORMS = '{fact, equals} | {fact, in} | {fact, notIn} | {fact, equalsFact} | {fact, some} | {all} | {any} | {not}';
const ELEMENT_FORMS = '{equals} | {equalsFact} | {in}';

function at(data: unknown, instancePath: string): unknown {
  let v = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/**
 * One sentence per problem. `oneOf` (the test language) would otherwise explode into an error per
 * branch; it becomes one sentence at the deepest test that matches no form, naming the forms.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown): string[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const deepest = oneOfs.filter((e) => !oneOfs.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`)));
  const out: string[] = [];
  for (const e of deepest) {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'file';
    const value = at(data, e.instancePath);
    const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    const got = keys.length ? `it has key(s) ${keys.map((k) => `\`${k}\``).join(', ')}` : `it is ${Array.isArray(value) ? 'a list' : typeof value}`;
    const element = e.schemaPath.includes('elementTest');
    out.push(`\`${where}\` is not a valid ${element ? 'element test' : 'test'} (${got}); use one of ${element ? ELEMENT_FORMS : TEST_FORMS}, with values of the right type`);
  }
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.schemaPath.includes('/oneOf/')) continue;
    out.push(describeAjvError(e, 'file'));
  }
  return [...new Set(out)];
}

/** A schema of ours that ajv cannot compile is a broken data file too (exit 2, naming the schema). */
export function compileSchema(schemaName: string): ReturnType<typeof schemaValidator> {
  try {
    return schemaValidator(schemaName);
  } catch (e) {
    throw new DataFileError(join(schemasDir, schemaName), [(e as Error).message.split('\n')[0] ?? 'cannot compile the schema']);
  }
}

/** Parses and validates a YAML rules file against its schema; every problem is a DataFileError (exit 2). */
export function loadYamlRules<T>(name: string, schemaName: string, check?: (data: T) => string[]): T {
  const path = join(rulesDir, name);
  const snapped = snapshotData(path, schemaName);
  if (snapped !== undefined) return snapped as T;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw new DataFileError(path, [(e as Error).message.split('\n')[0] ?? 'cannot read file']);
  }
  const validate = compileSchema(schemaName);
  if (!validate(data)) throw new DataFileError(path, describeSchemaErrors(validate.errors ?? [], data));
  const problems = check?.(data as T) ?? [];
  if (problems.length) throw new DataFileError(path, problems);
  recordData(path, schemaName, data);
  return data as T;
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

let workItems: WorkItemRules | undefined;

/** rules/work-items.yaml, validated and checked against rules/stage2.yaml. */
export function loadWorkItemRules(): WorkItemRules {
  const stage2 = loadStage2Rules();
  workItems ??= loadYamlRules<WorkItemRules>('work-items.yaml', 'work-items.schema.json', (d) => checkWorkItems(d, stage2));
  return workItems;
}
