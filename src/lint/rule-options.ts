/**
 * Per-rule options (ESLint's way): the config gives `rules: { id: [severity, options] }`, and a
 * rule declares the JSON Schema of its options object in `meta.schema`. Checked when a run context
 * is built, against the rules that context runs (a custom rule's schema too): every problem is a
 * DataFileError naming the config file (exit 2). ajv loads only when some rule is given options.
 */
import type { SotConfig } from '../config/config.js';
import { describeAjvError, sharedAjv } from '../data/ajv.js';
import { DataFileError } from '../data/load-data.js';
import type { ValidateFunction } from 'ajv';
import type { RuleMeta, RuleOptions } from './types.js';

const NONE: RuleOptions = Object.freeze({});
const validators = new WeakMap<object, ValidateFunction>();

/** Throws a DataFileError listing every rule option that its rule's schema refuses. */
export function checkRuleOptions(config: SotConfig, metaById: ReadonlyMap<string, RuleMeta>): void {
  const problems: string[] = [];
  for (const [id, options] of Object.entries(config.ruleOptions ?? {})) {
    const meta = metaById.get(id);
    // An unknown id is the config loader's finding (with a "did you mean").
    if (!meta) continue;
    if (!meta.schema) {
      problems.push(`\`rules.${id}\`: the rule takes no options; give its severity alone (\`"${id}": "${config.rules[id] ?? meta.defaultSeverity}"\`)`);
      continue;
    }
    let validate = validators.get(meta.schema);
    if (!validate) {
      try {
        validate = sharedAjv().compile(meta.schema);
      } catch (e) {
        problems.push(`\`rules.${id}\`: the rule's options schema does not compile (a bug in the rule): ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      validators.set(meta.schema, validate);
    }
    if (!validate(options)) for (const e of validate.errors ?? []) problems.push(`\`rules.${id}\` options: ${describeAjvError(e, 'options')}`);
  }
  if (problems.length) throw new DataFileError(config.file ?? 'the configuration', problems);
}

/** The options the config gives rule `id` (checked by `checkRuleOptions`), `{}` when none. */
export function optionsOf(config: SotConfig, id: string): RuleOptions {
  return (config.ruleOptions?.[id] as RuleOptions | undefined) ?? NONE;
}
