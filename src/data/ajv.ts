import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { parseStrictJson } from '../text/strict-json.js';
import { generatedValidator } from './generated.js';

let shared: Ajv | undefined;

/**
 * One ajv per process: schemas compile once and are reused by every file of the run. Loaded on
 * first use (ajv and ajv-formats are CommonJS): a run whose schemas all come precompiled from the
 * generated module (src/data/generated.ts) never loads the compiler.
 */
export function sharedAjv(): Ajv {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    const addFormats = require('ajv-formats') as (a: Ajv) => void;
    shared = new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(shared);
  }
  return shared;
}

const compiled = new Map<string, ValidateFunction>();

/** `schemas/<name>` (precompiled by the build when it has a standalone validator) or an absolute schema path, compiled once per process. */
export function schemaValidator(nameOrPath: string): ValidateFunction {
  let v = compiled.get(nameOrPath);
  if (!v) {
    v = nameOrPath.includes('/') ? undefined : (generatedValidator(nameOrPath) as ValidateFunction | undefined);
    if (!v) {
      const path = nameOrPath.includes('/') ? nameOrPath : join(schemasDir, nameOrPath);
      // A schema a config names is a JSON input too: a key given twice is refused, never last-wins.
      const parsed = parseStrictJson(readFileSync(path, 'utf8'));
      if (!parsed.ok) throw new Error(parsed.message);
      const schema = parsed.data as object;
      v = sharedAjv().compile(schema);
    }
    compiled.set(nameOrPath, v);
  }
  return v;
}

/** One plain-words sentence per ajv error, naming the allowed values where the schema lists them. */
export function describeAjvError(e: ErrorObject, subject = 'value'): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : subject;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required key \`${String(p.missingProperty)}\`${where === subject ? '' : ` in \`${where}\``}`;
    case 'additionalProperties':
      return `unknown key \`${String(p.additionalProperty)}\`${where === subject ? '' : ` in \`${where}\``}`;
    case 'enum':
      return `\`${where}\` must be one of: ${(p.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
    case 'const':
      return `\`${where}\` must be \`${String(p.allowedValue)}\``;
    case 'type':
      return `\`${where}\` must be ${articled(String(p.type))}`;
    case 'format':
      return `\`${where}\` must be a valid ${String(p.format)}${p.format === 'date' ? ' (YYYY-MM-DD)' : ''}`;
    case 'pattern':
      return `\`${where}\` must match the pattern \`${String(p.pattern)}\``;
    case 'minLength':
      return `\`${where}\` must not be empty`;
    case 'minItems':
      return `\`${where}\` must have at least ${String(p.limit)} item(s)`;
    default:
      return `\`${where}\` ${e.message ?? 'is invalid'}`;
  }
}

function articled(type: string): string {
  const t = type.replace(/,/g, ' or ');
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
