/**
 * Facts for `sot gate stage2` from the environment, the admission JSON and the harness report.
 * This only reads and normalises inputs; which facts satisfy which condition is decided by the
 * evaluator from rules/stage2.yaml. Anything that cannot be read cleanly is left unknown, with a
 * problem saying why, so every condition that needs it is unmet.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { FactValue } from './evaluate.js';
import type { InputValidator } from './fast.js';
import { identity, isMissingValue } from '../text/identity.js';
import { readJsonInput } from './json-input.js';
import { Redactor, UNPRINTABLE } from './redact.js';
import { describeSchemaError } from './schema-errors.js';
import type { Stage2Rules } from './stage2-rules.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Problem {
  /** The input it is about: an env variable name, `admission`, `report`. */
  input: string;
  message: string;
}

export interface GateFacts {
  facts: Record<string, FactValue | undefined>;
  problems: Problem[];
  /** Env variables that are unset or blank (for the unavailable file). */
  missingEnv: string[];
}

type EnvRead = { state: 'unset' | 'blank' } | { state: 'set'; value: string } | { state: 'malformed'; reason: string };

/**
 * An env value: unset, blank (empty once whitespace and default-ignorable or format characters are
 * removed: a lone U+2060 is not a value), set, or malformed (control, format or invisible characters
 * beside other text; too long).
 */
export function readEnv(env: Env, name: string, maxLength: number): EnvRead {
  const v = env[name];
  if (v === undefined) return { state: 'unset' };
  if (isMissingValue(v)) return { state: 'blank' };
  if (UNPRINTABLE.test(v)) return { state: 'malformed', reason: 'contains control, format or invisible characters' };
  if (v.length > maxLength) return { state: 'malformed', reason: `is longer than ${maxLength} characters` };
  return { state: 'set', value: v };
}

class Builder {
  readonly facts: Record<string, FactValue | undefined> = {};
  readonly problems: Problem[] = [];
  readonly missingEnv: string[] = [];
  constructor(readonly rules: Stage2Rules, readonly env: Env, readonly redactor: Redactor) {}

  problem(input: string, message: string): void {
    this.problems.push({ input, message });
  }

  env1(name: string): EnvRead {
    const r = readEnv(this.env, name, this.rules.limits.maxEnvValueLength);
    if (r.state === 'unset' || r.state === 'blank') this.missingEnv.push(name);
    if (r.state === 'blank') this.problem(name, 'is set but blank (nothing but whitespace or invisible characters); treated as missing');
    if (r.state === 'malformed') this.problem(name, `is set but ${r.reason}; not used`);
    return r;
  }

  /**
   * An identity fact (provider, model, a status, a decision field, a run id): its identity key
   * (NFKC, case-folded, trimmed: src/text/identity.ts), or not known with a problem saying why
   * the value cannot be used (invisible or format characters, mixed scripts, blank).
   */
  identityOf(input: string, what: string, value: string): string | undefined {
    const id = identity(value, { caseless: !RUN_IDS.has(what) });
    if (id.ok) return id.key;
    this.problem(input, `${what} ${id.reason}; not used`);
    return undefined;
  }

  result(): GateFacts {
    return { facts: this.facts, problems: this.problems, missingEnv: this.missingEnv };
  }

  /** The admission JSON's facts (admission_file, admission_json, decision_status, provider_class, admitted). */
  admission(argPath: string | undefined, validate: InputValidator): void {
    const envName = this.rules.env.admissionFile;
    let path: string | undefined;
    let source: string;
    if (argPath !== undefined) {
      source = '--admission';
      if (!argPath.trim()) this.problem('--admission', 'is empty; treated as missing');
      else if (UNPRINTABLE.test(argPath)) this.problem('--admission', 'contains control, format or invisible characters; not used');
      else path = argPath;
      if (!path) {
        this.facts.admission_file = argPath.trim() ? undefined : 'missing';
        return;
      }
    } else {
      source = envName;
      const r = this.env1(envName);
      if (r.state === 'malformed') return; // admission_file unknown: the problem says why
      if (r.state !== 'set') {
        this.facts.admission_file = 'missing';
        if (r.state === 'unset') this.problem(envName, 'is not set and no --admission was given');
        return;
      }
      path = r.value;
    }
    const shown = this.redactor.text(path);
    const input = readJsonInput(path, this.rules.limits);
    if (!input.ok && input.problem === 'missing') {
      this.facts.admission_file = 'missing';
      this.problem('admission', `${shown} (from ${source}): no such file`);
      return;
    }
    this.facts.admission_file = 'present';
    if (!input.ok) {
      this.facts.admission_json = input.problem;
      this.problem('admission', `${shown}: ${input.detail}`);
      return;
    }
    const check = validate(input.data);
    if (!check.valid) {
      this.facts.admission_json = 'wrong-shape';
      for (const e of check.errors.slice(0, 10)) this.problem('admission', `${shown}: ${describeSchemaError(e)} (schemas/admission.schema.json)`);
      return;
    }
    this.facts.admission_json = 'valid';
    const data = input.data as { decision_status: string; provider_class: string; admitted: { provider: string; model: string; status: string }[] };
    this.facts.decision_status = this.identityOf('admission', 'decision_status', data.decision_status);
    this.facts.provider_class = this.identityOf('admission', 'provider_class', data.provider_class);
    // One unusable entry makes the whole list unknown: which pairs are admitted is then not known.
    const admitted = data.admitted.map((a, i) => {
      const provider = this.identityOf('admission', `admitted[${i}].provider`, a.provider);
      const model = this.identityOf('admission', `admitted[${i}].model`, a.model);
      const status = this.identityOf('admission', `admitted[${i}].status`, a.status);
      return provider !== undefined && model !== undefined && status !== undefined ? { provider, model, status } : undefined;
    });
    this.facts.admitted = admitted.every((a) => a !== undefined) ? (admitted as FactValue[]) : undefined;
  }
}

export interface RunGateInputs {
  rules: Stage2Rules;
  env: Env;
  admissionPath?: string;
  validateAdmission: InputValidator;
  redactor: Redactor;
}

/** Facts of the run gate, before case_process_started. */
export function runGateFacts(inputs: RunGateInputs): GateFacts {
  const { rules } = inputs;
  const b = new Builder(rules, inputs.env, inputs.redactor);

  const endpoint = b.env1(rules.env.endpoint);
  b.facts.endpoint_config = endpoint.state === 'set' ? 'present' : endpoint.state === 'malformed' ? undefined : 'missing';

  for (const [fact, name] of [['case_model_provider', rules.env.provider], ['case_model', rules.env.model]] as const) {
    const r = readEnv(b.env, name, rules.limits.maxEnvValueLength);
    if (r.state === 'unset' || r.state === 'blank') {
      b.missingEnv.push(name);
      if (r.state === 'blank') b.problem(name, 'is set but blank (nothing but whitespace or invisible characters); treated as missing');
    } else if (r.state === 'malformed' && r.reason.startsWith('is longer')) b.problem(name, `is set but ${r.reason}; not used`);
    else b.facts[fact] = b.identityOf(name, 'the value', b.env[name]!);
  }

  const bin = b.env1(rules.env.caseBin);
  if (bin.state === 'unset' || bin.state === 'blank') b.facts.case_bin = 'missing';
  else if (bin.state === 'set') {
    let isFile = false;
    try {
      isFile = statSync(bin.value).isFile();
    } catch {
      b.facts.case_bin = 'missing';
      b.problem(rules.env.caseBin, 'names no existing file');
    }
    if (b.facts.case_bin === undefined) {
      let executable = false;
      try {
        accessSync(bin.value, constants.X_OK);
        executable = isFile;
      } catch {
        executable = false;
      }
      b.facts.case_bin = executable ? 'present' : 'not-executable';
      if (!executable) b.problem(rules.env.caseBin, isFile ? 'names a file that is not executable' : 'names something that is not a regular file');
    }
  }

  b.admission(inputs.admissionPath, inputs.validateAdmission);
  return b.result();
}

export interface PassGateInputs extends RunGateInputs {
  reportPath: string;
  validateReport: InputValidator;
}

/** Facts compared with their case kept (run ids name runs, and a run's artifacts on a case-sensitive disk). */
const RUN_IDS = new Set(['run_id', 'fake_baseline.run_id']);

/** Report field → fact. The report's field names are the fact names (Harness Evidence Interface). */
const REPORT_FIELDS: readonly (readonly [string, readonly string[]])[] = [
  ['run_id', ['run_id']],
  ['status', ['status']],
  ['backend', ['backend']],
  ['case_process_started', ['case_process_started']],
  ['case_model_provider', ['case_model_provider']],
  ['case_model', ['case_model']],
  ['case_model_admission_status', ['case_model_admission_status']],
  ['tests_passed', ['tests_passed']],
  ['required_events_passed', ['required_events_passed']],
  ['external_fallback', ['external_fallback']],
  ['fake_baseline.run_id', ['fake_baseline', 'run_id']],
  ['fake_baseline.status', ['fake_baseline', 'status']],
];

/** Every string (keys and values) in parsed JSON, iteratively (depth was already bounded). */
function strings(data: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        stack.push(x);
      }
    }
  }
  return out;
}

/** Facts of the pass-evidence gate, from a harness report (and the admission JSON, when named). */
export function passGateFacts(inputs: PassGateInputs): GateFacts {
  const { rules } = inputs;
  const b = new Builder(rules, inputs.env, inputs.redactor);
  const shown = inputs.redactor.text(inputs.reportPath);
  const input = readJsonInput(inputs.reportPath, rules.limits);
  if (!input.ok) {
    b.problem('report', `${shown}: ${input.problem === 'missing' ? 'no such file' : input.detail}; no report fact is known`);
  }
  // The endpoint check: the leak detector of `no-endpoint-leak` and `sot scan` (every class, and the
  // runtime value of the endpoint variable in each written form) over the text as well as every
  // parsed key and string (JSON may escape `/` as `\/`, or a key may hold the value).
  if (input.text !== undefined) {
    const texts = [input.text, ...(input.ok ? strings(input.data) : [])];
    b.facts.report_endpoint = texts.some((t) => inputs.redactor.isSensitive(t)) ? 'present' : 'absent';
  }
  if (input.ok) {
    const check = inputs.validateReport(input.data);
    const bad = new Set<string>();
    for (const e of check.errors) {
      const parts = e.instancePath.split('/').slice(1);
      if (e.keyword === 'required') {
        b.problem('report', `${describeSchemaError(e)} (schemas/harness-report.schema.json)`);
        continue;
      }
      b.problem('report', `${describeSchemaError(e)}; that field is not used (schemas/harness-report.schema.json)`);
      bad.add(parts.length ? parts.join('.') : '*');
    }
    const data = input.data;
    if (!bad.has('*') && data && typeof data === 'object' && !Array.isArray(data)) {
      for (const [fact, path] of REPORT_FIELDS) {
        const key = path.join('.');
        if (bad.has(key) || (path.length > 1 && bad.has(path[0]!))) continue;
        let v: unknown = data;
        for (const p of path) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[p] : undefined;
        if (typeof v === 'string') b.facts[fact] = b.identityOf('report', key, v);
        else if (typeof v === 'boolean') b.facts[fact] = v;
      }
    }
    // A fallback flag that is there but not a boolean is not "no fallback": it fails the check.
    if (data && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, 'external_fallback') && typeof (data as Record<string, unknown>).external_fallback !== 'boolean') {
      b.facts.external_fallback = 'not-a-boolean';
    }
  }
  const named = inputs.admissionPath !== undefined || inputs.env[rules.env.admissionFile] !== undefined;
  if (named) {
    b.admission(inputs.admissionPath, inputs.validateAdmission);
  } else {
    b.problem('admission', `no admission JSON named (--admission or ${rules.env.admissionFile}): which providers and models are admitted is not known`);
  }
  // The pass gate reads the admission's decision, class and admitted pairs; whether the file was
  // there and valid is said by those being known (and by the problems).
  if (b.facts.admission_json !== 'valid') for (const f of ['decision_status', 'provider_class', 'admitted']) delete b.facts[f];
  for (const f of ['admission_file', 'admission_json']) delete b.facts[f];
  b.missingEnv.length = 0;
  return b.result();
}
