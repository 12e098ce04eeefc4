/**
 * What `sot gate stage2` starts from, cheaply: rules/stage2.yaml as validated data and the input
 * schemas' standalone validators, from the module the build generated (src/data/generated.ts;
 * the build validated them, so a broken rules file fails `npm run build`). No YAML and no ajv on
 * this path. Without the generated module (a `tsc`-only build, SOT_NO_SNAPSHOT=1) the gate loads
 * and validates the files at run time instead (src/gate/load-rules.ts: same result, slower), and
 * a broken one stops it with exit 2.
 */
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { generatedData, generatedValidator } from '../data/generated.js';
import { rulesDir } from '../paths.js';
import type { Stage2Rules } from './stage2-rules.js';

export async function loadGateRules(): Promise<Stage2Rules> {
  const built = generatedData(join(rulesDir, 'stage2.yaml'), 'stage2.schema.json') as Stage2Rules | undefined;
  if (built) return built;
  const { loadStage2Rules } = await import('./load-rules.js');
  return loadStage2Rules();
}

export type InputKind = 'admission' | 'harness-report';

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
}

export type InputValidator = (data: unknown) => SchemaCheck;

type Compiled = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const SCHEMA_FILE: Record<InputKind, string> = { admission: 'admission.schema.json', 'harness-report': 'harness-report.schema.json' };

/** A validator for an input schema: the generated standalone one, else compiled by ajv at run time. */
export async function inputValidator(kind: InputKind): Promise<InputValidator> {
  let fn = generatedValidator(SCHEMA_FILE[kind]) as Compiled | undefined;
  if (!fn) {
    const { compileSchema } = await import('./load-rules.js');
    fn = (await compileSchema(SCHEMA_FILE[kind])) as unknown as Compiled;
  }
  const validate = fn;
  return (data) => {
    const valid = validate(data);
    return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
  };
}
