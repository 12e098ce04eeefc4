/**
 * Plain sentences for JSON Schema errors, without loading ajv (the gate's fast path describes an
 * invalid admission or report with these). `oneOf` (the test language of rules/stage2.yaml) would
 * otherwise explode into an error per branch; it becomes one sentence at the deepest value that
 * matches no form, naming the forms.
 */
import type { ErrorObject } from 'ajv';

const TEST_FORMS = '{fact, equals} | {fact, in} | {fact, notIn} | {fact, equalsFact} | {fact, some} | {all} | {any} | {not}';
const ELEMENT_FORMS = '{equals} | {equalsFact} | {in}';

function place(instancePath: string, subject: string): string {
  return instancePath ? `\`${instancePath.slice(1).replace(/\//g, '.')}\`` : subject;
}

/** One sentence for one schema error. */
export function describeSchemaError(e: ErrorObject, subject = 'the top level'): string {
  const where = place(e.instancePath, subject);
  const p = e.params as Record<string, unknown>;
  const values = (xs: unknown) => (Array.isArray(xs) ? xs.map((v) => `\`${String(v)}\``).join(', ') : String(xs));
  switch (e.keyword) {
    case 'required':
      return `missing \`${String(p.missingProperty)}\`${e.instancePath ? ` in ${where}` : ''}`;
    case 'additionalProperties':
      return `unknown key \`${String(p.additionalProperty)}\`${e.instancePath ? ` in ${where}` : ''}`;
    case 'type':
      return `${where} must be ${String(p.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `${where} must be one of: ${values(p.allowedValues)}`;
    case 'const':
      return `${where} must be \`${String(p.allowedValue)}\``;
    case 'pattern':
      return /\\u0000/.test(String(p.pattern)) ? `${where} contains control characters` : `${where} must match the pattern \`${String(p.pattern)}\``;
    case 'minLength':
      return Number(p.limit) === 1 ? `${where} must not be empty` : `${where} is shorter than ${String(p.limit)} characters`;
    case 'maxLength':
      return `${where} is longer than ${String(p.limit)} characters`;
    case 'minItems':
      return `${where} must have at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `${where} has more than ${String(p.limit)} items`;
    case 'minProperties':
      return `${where} must have at least ${String(p.limit)} key(s)`;
    case 'minimum':
    case 'maximum':
      return `${where} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

function at(data: unknown, instancePath: string): unknown {
  let v = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/** Every error as a sentence, `oneOf` collapsed to one sentence per value that matches no form. */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown, subject = 'file'): string[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const deepest = oneOfs.filter((e) => !oneOfs.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`)));
  const out: string[] = [];
  for (const e of deepest) {
    const where = place(e.instancePath, subject);
    const value = at(data, e.instancePath);
    const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    const got = keys.length ? `it has key(s) ${keys.map((k) => `\`${k}\``).join(', ')}` : `it is ${Array.isArray(value) ? 'a list' : typeof value}`;
    const element = e.schemaPath.includes('elementTest');
    out.push(`${where} is not a valid ${element ? 'element test' : 'test'} (${got}); use one of ${element ? ELEMENT_FORMS : TEST_FORMS}, with values of the right type`);
  }
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.schemaPath.includes('/oneOf/')) continue;
    out.push(describeSchemaError(e, subject));
  }
  return [...new Set(out)];
}
