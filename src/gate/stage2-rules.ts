/**
 * The shape of rules/stage2.yaml and the checks a JSON Schema cannot express (every fact a test
 * reads is declared and listed in `reads`, `after` names a condition of the same gate, ids unique,
 * the contract's condition ids are all there). No imports beyond types: `sot gate stage2` loads
 * this on its fast path.
 */
import { factsRead, type Gate, type Predicate } from './evaluate.js';
import { identityKey } from '../text/identity.js';

export interface Stage2Rules {
  version: 1;
  facts: Record<string, { description: string; values?: string[] }>;
  env: { provider: string; model: string; admissionFile: string; endpoint: string; caseBin: string };
  limits: { maxInputBytes: number; maxJsonDepth: number; maxEnvValueLength: number };
  /** Families (src/text/identity.ts `inFamily`), not exact names. */
  externalFallback: { providers: string[]; models: string[] };
  gates: Gate[];
}

export const RUN_GATE = 'stage2-run';
export const PASS_GATE = 'stage2-pass';

/** The condition ids SPEC section 3 makes a contract: the rules file must define each of them. */
export const CONTRACT_IDS: Record<string, string[]> = {
  [RUN_GATE]: [
    'local-config-unavailable', 'admission-file-missing', 'admission-invalid', 'admission-mismatch',
    'decision-not-local', 'provider-class-mismatch', 'external-fallback', 'case-bin-missing',
  ],
  [PASS_GATE]: [
    'admission-decision-local', 'admission-class-local', 'report-status-pass', 'backend-case', 'process-started', 'provider-admitted', 'model-admitted',
    'admission-status-admitted', 'no-external-fallback', 'tests-passed', 'required-events-passed',
    'fake-baseline-same-run', 'report-has-no-endpoint',
  ],
};

/** Problems a schema cannot see; empty when the rules are consistent. */
export function checkStage2(rules: Stage2Rules): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(rules.facts));
  const gateIds = new Set<string>();
  rules.gates.forEach((gate, g) => {
    if (gateIds.has(gate.id)) problems.push(`\`gates.${g}.id\`: gate \`${gate.id}\` is defined twice`);
    gateIds.add(gate.id);
    const ids = new Set<string>();
    gate.conditions.forEach((c, i) => {
      const where = `gates.${g}.conditions.${i}`;
      if (ids.has(c.id)) problems.push(`\`${where}.id\`: condition \`${c.id}\` is defined twice in gate \`${gate.id}\``);
      ids.add(c.id);
      const read = factsRead(c.test);
      for (const f of read) if (!declared.has(f)) problems.push(`\`${where}.test\` reads fact \`${f}\`, which \`facts\` does not declare`);
      if (c.writes) for (const f of factsRead(c.writes.when)) if (!declared.has(f)) problems.push(`\`${where}.writes.when\` reads fact \`${f}\`, which \`facts\` does not declare`);
      const listed = new Set(c.reads);
      const missing = read.filter((f) => !listed.has(f));
      const extra = c.reads.filter((f) => !read.includes(f));
      if (missing.length) problems.push(`\`${where}.reads\` must list ${missing.map((f) => `\`${f}\``).join(', ')} (the test reads it)`);
      if (extra.length) problems.push(`\`${where}.reads\` lists ${extra.map((f) => `\`${f}\``).join(', ')}, which the test does not read`);
    });
    gate.conditions.forEach((c, i) => {
      for (const a of c.after ?? []) {
        if (!ids.has(a)) problems.push(`\`gates.${g}.conditions.${i}.after\` names \`${a}\`, not a condition of gate \`${gate.id}\``);
        if (a === c.id) problems.push(`\`gates.${g}.conditions.${i}.after\` names the condition itself`);
      }
    });
  });
  for (const [gateId, required] of Object.entries(CONTRACT_IDS)) {
    const gate = rules.gates.find((x) => x.id === gateId);
    if (!gate) {
      problems.push(`missing gate \`${gateId}\``);
      continue;
    }
    const have = new Set(gate.conditions.map((c) => c.id));
    const absent = required.filter((id) => !have.has(id));
    if (absent.length) problems.push(`gate \`${gateId}\` must define the contract condition(s) ${absent.map((id) => `\`${id}\``).join(', ')}`);
  }
  // String constants are compared with identity keys: written any other way they could never match.
  rules.gates.forEach((gate, g) => gate.conditions.forEach((c, i) => {
    for (const v of constants(c.test)) {
      if (identityKey(v) !== v) problems.push(`\`gates.${g}.conditions.${i}.test\`: \`${v}\` is compared after NFKC and case folding; write it as \`${identityKey(v) ?? '(unusable)'}\``);
    }
  }));
  return problems;
}

/** The string constants a test compares facts with. */
function constants(p: Predicate): string[] {
  if ('all' in p) return p.all.flatMap(constants);
  if ('any' in p) return p.any.flatMap(constants);
  if ('not' in p) return constants(p.not);
  const out: unknown[] = [];
  if ('equals' in p) out.push(p.equals);
  if ('ifKnownEquals' in p) out.push(p.ifKnownEquals);
  if ('in' in p) out.push(...p.in);
  if ('notIn' in p) out.push(...p.notIn);
  if ('some' in p) for (const t of Object.values(p.some)) out.push(...('equals' in t ? [t.equals] : 'in' in t ? t.in : []));
  return out.filter((x): x is string => typeof x === 'string');
}

export function gateOf(rules: Stage2Rules, id: string): Gate {
  const gate = rules.gates.find((g) => g.id === id);
  if (!gate) throw new Error(`rules/stage2.yaml has no gate ${id}`);
  return gate;
}
