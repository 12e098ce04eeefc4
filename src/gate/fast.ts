/**
 * What `sot gate stage2` starts from, cheaply: the compiled copies of rules/stage2.yaml and of the
 * input schemas' validators, used only while their recorded sha256 matches the files on disk. When a
 * file changed, the gate loads and validates it at run time instead (YAML + ajv, slower), so an
 * edited rules file is always validated, and a broken one stops the gate with exit 2.
 */
import { hashHex } from '../util/hash.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { packageRoot } from '../paths.js';
import * as compiledRules from './compiled/stage2.js';
import * as compiledValidators from './compiled/validators.js';
import type { Stage2Rules } from './stage2-rules.js';

const sha256 = (data: Buffer) => hashHex('sha256', data);

function fresh(sources: Record<string, string>): boolean {
  for (const [file, hash] of Object.entries(sources)) {
    let actual: string;
    try {
      actual = sha256(readFileSync(join(packageRoot, file)));
    } catch {
      return false;
    }
    if (actual !== hash) return false;
  }
  return true;
}

export async function loadGateRules(): Promise<{ rules: Stage2Rules; compiled: boolean }> {
  if (fresh(compiledRules.SOURCES)) return { rules: compiledRules.STAGE2, compiled: true };
  const { loadStage2Rules } = await import('./load-rules.js');
  return { rules: loadStage2Rules(), compiled: false };
}

export type InputKind = 'admission' | 'harness-report';

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
}

export type InputValidator = (data: unknown) => SchemaCheck;

type Compiled = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const SCHEMA_FILE: Record<InputKind, string> = { admission: 'admission.schema.json', 'harness-report': 'harness-report.schema.json' };

/** A validator for an input schema: the compiled one when the schema is unchanged, else ajv. */
export async function inputValidator(kind: InputKind): Promise<InputValidator> {
  let fn: Compiled;
  if (fresh(compiledValidators.SOURCES)) {
    fn = (kind === 'admission' ? compiledValidators.validateAdmission : compiledValidators.validateHarnessReport) as Compiled;
  } else {
    const { compileSchema } = await import('./load-rules.js');
    fn = (await compileSchema(SCHEMA_FILE[kind])) as unknown as Compiled;
  }
  return (data) => {
    const valid = fn(data);
    return { valid, errors: valid ? [] : [...(fn.errors ?? [])] };
  };
}
