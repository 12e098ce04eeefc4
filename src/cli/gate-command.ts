/**
 * `sot gate stage2`: the Stage 2 run gate (before case_process_started) and, with --report, the
 * pass-evidence gate on a harness report. Conditions come from rules/stage2.yaml and are decided by
 * the one evaluator (src/gate/evaluate.ts). Fast on purpose: no Markdown parser, no lint engine, and
 * no YAML or ajv: the rules and validators come from the module the build generated (src/gate/fast.ts).
 *
 * Exit 0 allow/pass, 1 block/fail (any input that cannot be read or parsed is a block), 2 usage.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGate, holds } from '../gate/evaluate.js';
import { inputValidator, loadGateRules } from '../gate/fast.js';
import { renderText, toGateOutput, unavailableFileText, type GateOutput } from '../gate/output.js';
import { Redactor } from '../gate/redact.js';
import { knownEnvValues } from '../leaks/known-env.js';
import { passGateFacts, runGateFacts, type Env } from '../gate/runtime-facts.js';
import { gateOf, PASS_GATE, RUN_GATE } from '../gate/stage2-rules.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot gate stage2 [--admission FILE] [--backend-dir DIR] [--format text|json]
       sot gate stage2 --report FILE [--admission FILE] [--format text|json]

The Stage 2 gate (conditions in rules/stage2.yaml).

Run gate (no --report): may the harness start the Case process? Reads
  CTO_HARNESS_CASE_LOCAL_BASE_URL (only whether it is set: never printed)
  CTO_HARNESS_CASE_MODEL_PROVIDER, CTO_HARNESS_CASE_MODEL, CTO_HARNESS_CASE_BIN
  CTO_HARNESS_CASE_MODEL_ADMISSION_FILE (or --admission): the admission JSON
and blocks on every unmet condition. When the endpoint config is missing or
blank it writes DIR/provider-local-config-unavailable.txt (names only, no values);
when the config is present it removes a stale one.

Pass gate (--report FILE): does a harness report count as a real Stage 2 pass?
The admission JSON (--admission or CTO_HARNESS_CASE_MODEL_ADMISSION_FILE) says
which providers and models are admitted.

Options:
      --admission FILE     admission JSON (overrides CTO_HARNESS_CASE_MODEL_ADMISSION_FILE)
      --backend-dir DIR    where the unavailable file is written (default: backend)
      --report FILE        check a harness report instead of gating a run
      --format NAME        text (default) or json: {gate, verdict, reasons, facts, problems}
  -h, --help               show this help

Exit codes: 0 allow (pass), 1 block (fail): also when an input cannot be read
or parsed, 2 usage error or a broken rules file.
`;

export async function gateCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        admission: { type: 'string' },
        'backend-dir': { type: 'string' },
        report: { type: 'string' },
        format: { type: 'string', default: 'text' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    (message) => `gate: ${message}`,
  );
  const { values: v, positionals } = parsed;
  if (v.help) {
    // Help with gate inputs is a mistake in a script, never a silent "allow" (exit 0).
    const inputs = (['admission', 'backend-dir', 'report'] as const).filter((k) => v[k] !== undefined);
    if (inputs.length || argv.some((a) => a === '--format' || a.startsWith('--format='))) {
      throw new UsageError(`gate: --help cannot be combined with ${inputs.length ? inputs.map((k) => `--${k}`).join(', ') : '--format'}: run the gate without --help, or ask for help alone`);
    }
    return printHelp(HELP);
  }
  if (positionals.length !== 1 || positionals[0] !== 'stage2') {
    throw new UsageError(positionals.length === 0 ? 'gate: name the gate: `sot gate stage2`' : `gate: unknown gate or extra argument "${positionals.join(' ')}"; the gate is \`stage2\``);
  }
  if (v.format !== 'text' && v.format !== 'json') throw new UsageError(`gate: --format must be "text" or "json", got "${v.format}"`);
  if (v.report !== undefined && v['backend-dir'] !== undefined) throw new UsageError('gate: --backend-dir belongs to the run gate; it cannot be combined with --report');
  if (v.report !== undefined && !v.report.trim()) throw new UsageError('gate: --report needs a file');

  const rules = await loadGateRules();
  const env = process.env as Env;
  // The leak detector's policy (the bundled rules/leak-patterns.yaml) and the endpoint's runtime
  // value in each written form: what report-has-no-endpoint looks for and what output withholds.
  // Loaded here, not imported: the policy module falls back to YAML and ajv when there is no
  // generated module, which the gate's own import graph must not name (test/gate/startup.test.ts).
  const { leakPolicy } = await import('../leaks/policy.js');
  const policy = leakPolicy();
  const redactor = new Redactor(policy, knownEnvValues([rules.env.endpoint], policy, env).values);
  const validateAdmission = await inputValidator('admission');
  const readBy = (gateId: string) => {
    const read = new Set(gateOf(rules, gateId).conditions.flatMap((c) => c.reads));
    return Object.keys(rules.facts).filter((f) => read.has(f));
  };

  let out: GateOutput;
  let code: number;
  if (v.report !== undefined) {
    const gathered = passGateFacts({ rules, env, admissionPath: v.admission, validateAdmission, redactor, reportPath: v.report, validateReport: await inputValidator('harness-report') });
    const result = evaluateGate(gateOf(rules, PASS_GATE), gathered.facts);
    out = toGateOutput(result, gathered, redactor, readBy(PASS_GATE));
    code = result.met ? 0 : 1;
  } else {
    const gate = gateOf(rules, RUN_GATE);
    const gathered = runGateFacts({ rules, env, admissionPath: v.admission, validateAdmission, redactor });
    const result = evaluateGate(gate, gathered.facts);
    out = toGateOutput(result, gathered, redactor, readBy(RUN_GATE));
    code = result.met ? 0 : 1;
    // Files the rules say to write while a fact holds (the unavailable file: endpoint config missing).
    for (const writer of gate.conditions.filter((c) => c.writes)) {
      const { file: name, when } = writer.writes!;
      const dir = v['backend-dir'] ?? 'backend';
      const file = join(dir, name);
      const shownFile = redactor.text(file, 400);
      if (holds(when, gathered.facts)) {
        const missing = [...gathered.missingEnv];
        if (gathered.facts.admission_file === 'missing' && !missing.includes(rules.env.admissionFile)) missing.push(`${rules.env.admissionFile} / --admission (no such file)`);
        try {
          const { writeFileAtomic } = await import('../files/atomic.js');
          mkdirSync(dir, { recursive: true });
          await writeFileAtomic(file, redactor.scrub(unavailableFileText(out, missing, new Date())));
          out.wrote = shownFile;
        } catch (e) {
          out.problems.push({ input: '--backend-dir', message: `could not write ${shownFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
          code = 1;
        }
      } else {
        // Exists exactly while `when` holds: a file from an earlier run must not linger.
        try {
          rmSync(file, { force: true });
        } catch (e) {
          out.problems.push({ input: '--backend-dir', message: `could not remove the stale ${shownFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
        }
      }
    }
  }

  const text = v.format === 'json' ? `${JSON.stringify(out, null, 2)}\n` : renderText(out);
  process.stdout.write(redactor.scrub(text));
  return code;
}
