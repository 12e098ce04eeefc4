/**
 * What `sot gate stage2` answers: the gate JSON of SPEC section 3 (`gate`, `verdict`, `reasons`,
 * `facts`, plus `problems` with the inputs that could not be used and `wrote` for the unavailable
 * file), its text rendering, and the unavailable file. Every value shown goes through the Redactor.
 */
import type { Contradiction, FactValue, GateResult, Unmet } from './evaluate.js';
import { UNPRINTABLE_TEXT, WITHHELD, type Redactor } from './redact.js';
import type { GateFacts, Problem } from './runtime-facts.js';

export interface GateReason {
  id: string;
  message: string;
  missing: string[];
  contradicting: { fact: string; expected: string; actual: FactValue; against?: string }[];
  after?: string[];
}

export interface GateOutput {
  gate: string;
  verdict: string;
  reasons: GateReason[];
  facts: Record<string, FactValue>;
  problems: Problem[];
  wrote?: string;
}

function shown(redactor: Redactor, v: FactValue): string {
  const safe = redactor.value(v);
  if (typeof safe === 'string') return safe === WITHHELD || safe === UNPRINTABLE_TEXT ? safe : `\`${safe}\``;
  return `\`${JSON.stringify(safe)}\``;
}

/** The reason's sentence: the rule's message, then what was missing and what contradicted it. */
export function reasonMessage(u: Unmet, redactor: Redactor): string {
  const parts: string[] = [];
  if (u.missing.length) parts.push(`not known: ${u.missing.join(', ')}`);
  for (const c of u.contradicting) parts.push(`${c.fact} is ${shown(redactor, c.actual)}, expected ${c.expected}`);
  if (u.after?.length) parts.push(`cannot be met until ${u.after.join(' and ')} ${u.after.length === 1 ? 'is' : 'are'}`);
  return parts.length ? `${u.message} (${parts.join('; ')})` : u.message;
}

/**
 * `factOrder`: every fact the gate reads, in the rules' order; each is shown, `null` when not known.
 * Other facts that were read (shown for information) follow.
 */
export function toGateOutput(result: GateResult, gathered: GateFacts, redactor: Redactor, factOrder: readonly string[]): GateOutput {
  const facts: Record<string, FactValue> = {};
  for (const name of factOrder) facts[name] = redactor.value(gathered.facts[name]);
  for (const [name, v] of Object.entries(gathered.facts)) if (!(name in facts) && v !== undefined) facts[name] = redactor.value(v);
  return {
    gate: result.gate,
    verdict: result.verdict,
    reasons: result.unmet.map((u) => {
      const r: GateReason = {
        id: u.id,
        message: reasonMessage(u, redactor),
        missing: u.missing,
        contradicting: u.contradicting.map((c: Contradiction) => ({ fact: c.fact, expected: c.expected, actual: redactor.value(c.actual), ...(c.against ? { against: c.against } : {}) })),
      };
      if (u.after) r.after = u.after;
      return r;
    }),
    facts,
    problems: gathered.problems.map((p) => ({ input: p.input, message: redactor.text(p.message, 400) })),
  };
}

export function renderText(out: GateOutput): string {
  const lines: string[] = [];
  const n = out.reasons.length;
  const what = out.gate === 'stage2-run' ? 'Stage 2 run gate (before case_process_started)' : out.gate === 'stage2-pass' ? 'Stage 2 pass-evidence gate' : out.gate;
  lines.push(`${out.verdict.toUpperCase()}: ${what}${n ? `: ${n} condition${n === 1 ? '' : 's'} unmet` : ': every condition met'}`);
  const roots = out.reasons.filter((r) => !r.after);
  const dependents = out.reasons.filter((r) => r.after);
  for (const r of roots) lines.push(`  x ${r.id}: ${r.message}`);
  for (const r of dependents) lines.push(`  x ${r.id} (after ${r.after!.join(', ')}): ${r.message}`);
  if (out.problems.length) {
    lines.push('inputs:');
    for (const p of out.problems) lines.push(`  - ${p.input}: ${p.message}`);
  }
  lines.push('facts:');
  for (const [k, v] of Object.entries(out.facts)) lines.push(`  ${k}: ${v === null ? '(not known)' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  if (out.wrote) lines.push(`wrote ${out.wrote}`);
  return `${lines.join('\n')}\n`;
}

/** The unavailable file: what is missing, which conditions are unmet, when. Names only, never values. */
export function unavailableFileText(out: GateOutput, missingEnv: readonly string[], now: Date): string {
  return [
    'provider-local-config-unavailable',
    `time: ${now.toISOString()}`,
    `gate: ${out.gate} (before case_process_started)`,
    `verdict: ${out.verdict}`,
    'missing configuration (unset or blank):',
    ...missingEnv.map((name) => `  - ${name}`),
    'unmet conditions:',
    ...out.reasons.map((r) => `  - ${r.id}`),
    'Written by `sot gate stage2`. This file records variable names and condition ids only, never a configuration value.',
    '',
  ].join('\n');
}
