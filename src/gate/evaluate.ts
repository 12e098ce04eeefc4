/**
 * The one Stage 2 evaluator. Pure and synchronous: given conditions (data from rules/stage2.yaml)
 * and facts (built from the environment and JSON inputs by `sot gate`, or from evidence bullets by
 * the `evidence-gate` lint rule), it returns every unmet condition, with which facts were missing
 * and which contradicted the condition. No condition logic lives anywhere else.
 *
 * Three-valued logic: a fact that is not known (absent, `undefined` or `null`) makes the test that
 * reads it `unknown`, and a condition is met only when its test is `true`. Unknown facts are unmet:
 * the gate fails closed.
 *
 * String facts are identity keys (src/text/identity.ts: NFKC, case-folded, trimmed), and the
 * rules' constants are written as keys (checked when the rules are loaded), so `===` compares them.
 */
import { inFamily } from '../text/identity.js';

export type Scalar = string | number | boolean;
export type FactValue = Scalar | null | FactValue[] | { [key: string]: FactValue };
/** Fact name → value. Absent, `undefined` and `null` all mean "not known". */
export type Facts = Readonly<Record<string, FactValue | undefined>>;

/** A test on one field of an array element (`some`). */
export type ElementTest = { equals: Scalar } | { equalsFact: string } | { in: Scalar[] };

export type Predicate =
  | { fact: string; equals: Scalar }
  /** The fact, when known, equals the value; a fact that is not known satisfies it (a flag whose absence proves nothing, whose `true` disproves). */
  | { fact: string; ifKnownEquals: Scalar }
  /** The fact is a string in one of the families (src/text/identity.ts `inFamily`: `claude` holds `claude-sonnet-4.6`). */
  | { fact: string; inFamily: string[] }
  | { fact: string; in: Scalar[] }
  | { fact: string; notIn: Scalar[] }
  | { fact: string; equalsFact: string }
  | { fact: string; some: Record<string, ElementTest> }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

export interface Condition {
  id: string;
  message: string;
  /** The facts the test reads (checked against the test when the rules are loaded). */
  reads: string[];
  /** Conditions that must be met before this one can be (its facts come from theirs). */
  after?: string[];
  /** A file the gate writes into its output folder while `when` holds (and removes otherwise). */
  writes?: { file: string; when: Predicate };
  test: Predicate;
}

export interface Gate {
  id: string;
  description: string;
  /** Verdict when every condition is met, and when one or more is not. */
  verdicts: { met: string; unmet: string };
  conditions: Condition[];
}

export interface Contradiction {
  fact: string;
  /** What the condition wanted, in words (`\`case\``, `one of …`, `equal to run_id`). */
  expected: string;
  actual: FactValue;
  /** For a value compared with the entries of an array fact (`some`): that array fact's name. */
  against?: string;
}

export interface Unmet {
  id: string;
  message: string;
  /** Facts the condition needed that were not known. */
  missing: string[];
  /** Facts that were known and did not satisfy the condition. */
  contradicting: Contradiction[];
  /** Unmet prerequisite conditions (from `after`): fix those first. */
  after?: string[];
}

export interface Evaluation {
  met: boolean;
  unmet: Unmet[];
}

export interface GateResult extends Evaluation {
  gate: string;
  verdict: string;
}

type Truth = true | false | 'unknown';

interface Outcome {
  value: Truth;
  missing: string[];
  /** Leaves that evaluated false (they decide a false result). */
  failing: Contradiction[];
  /** Leaves that evaluated true (under `not`, they decide a false result). */
  passing: Contradiction[];
}

export function isKnown(value: FactValue | undefined): value is FactValue {
  return value !== undefined && value !== null;
}

function show(value: Scalar): string {
  return `\`${String(value)}\``;
}

function leaf(fact: string, value: FactValue | undefined, expected: string, ok: (v: FactValue) => boolean, extraMissing: string[] = []): Outcome {
  if (!isKnown(value) || extraMissing.length) {
    return { value: 'unknown', missing: [...(isKnown(value) ? [] : [fact]), ...extraMissing], failing: [], passing: [] };
  }
  const c: Contradiction = { fact, expected, actual: value };
  return ok(value) ? { value: true, missing: [], failing: [], passing: [c] } : { value: false, missing: [], failing: [c], passing: [] };
}

function elementMatches(element: FactValue, tests: Record<string, ElementTest>, facts: Facts): boolean {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return false;
  return Object.entries(tests).every(([field, t]) => {
    const v = element[field];
    if ('equals' in t) return v === t.equals;
    if ('equalsFact' in t) return isKnown(facts[t.equalsFact]) && v === facts[t.equalsFact];
    return t.in.some((x) => x === v);
  });
}

function describeElementTests(tests: Record<string, ElementTest>): string {
  const parts = Object.entries(tests).map(([field, t]) => {
    if ('equals' in t) return `${field} ${show(t.equals)}`;
    if ('equalsFact' in t) return `${field} = ${t.equalsFact}`;
    return `${field} one of ${t.in.map(show).join(', ')}`;
  });
  return `an entry with ${parts.join(', ')}`;
}

function run(p: Predicate, facts: Facts): Outcome {
  if ('all' in p || 'any' in p) {
    const parts = ('all' in p ? p.all : p.any).map((q) => run(q, facts));
    const isAll = 'all' in p;
    const decisive: Truth = isAll ? false : true;
    let value: Truth;
    if (parts.some((o) => o.value === decisive)) value = decisive;
    else if (parts.some((o) => o.value === 'unknown')) value = 'unknown';
    else value = !decisive;
    return {
      value,
      missing: parts.flatMap((o) => o.missing),
      failing: parts.flatMap((o) => o.failing),
      passing: parts.flatMap((o) => o.passing),
    };
  }
  if ('not' in p) {
    const o = run(p.not, facts);
    const value: Truth = o.value === 'unknown' ? 'unknown' : !o.value;
    const flip = (c: Contradiction): Contradiction => ({ ...c, expected: `not ${c.expected}` });
    return { value, missing: o.missing, failing: o.passing.map(flip), passing: o.failing.map(flip) };
  }
  const value = facts[p.fact];
  if ('equals' in p) return leaf(p.fact, value, show(p.equals), (v) => v === p.equals);
  if ('ifKnownEquals' in p) {
    if (!isKnown(value)) return { value: true, missing: [], failing: [], passing: [] };
    return leaf(p.fact, value, `${show(p.ifKnownEquals)} or not recorded`, (v) => v === p.ifKnownEquals);
  }
  if ('inFamily' in p) return leaf(p.fact, value, `in the famil${p.inFamily.length === 1 ? 'y' : 'ies'} ${p.inFamily.map(show).join(', ')}`, (v) => typeof v === 'string' && p.inFamily.some((f) => inFamily(v, f)));
  if ('in' in p) return leaf(p.fact, value, `one of ${p.in.map(show).join(', ')}`, (v) => p.in.some((x) => x === v));
  if ('notIn' in p) return leaf(p.fact, value, `not ${p.notIn.map(show).join(' or ')}`, (v) => !p.notIn.some((x) => x === v));
  if ('equalsFact' in p) {
    const other = facts[p.equalsFact];
    const extra = isKnown(other) ? [] : [p.equalsFact];
    return leaf(p.fact, value, `equal to ${p.equalsFact}${isKnown(other) && typeof other !== 'object' ? ` (${show(other)})` : ''}`, (v) => v === other, extra);
  }
  // some: the array fact holds an element whose fields pass every test.
  const referenced = Object.values(p.some).flatMap((t) => ('equalsFact' in t ? [t.equalsFact] : []));
  const unknownRefs = referenced.filter((f) => !isKnown(facts[f]));
  const outcome = leaf(p.fact, value, describeElementTests(p.some), (v) => Array.isArray(v) && v.some((e) => elementMatches(e, p.some, facts)), unknownRefs);
  // When the array holds no match, the facts it was compared with contradict it too.
  if (outcome.value === false) {
    for (const f of referenced) outcome.failing.push({ fact: f, expected: `a matching entry in ${p.fact}`, actual: facts[f] as FactValue, against: p.fact });
  }
  return outcome;
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Evaluates every condition against the facts; returns each unmet one with its missing and contradicting facts. */
export function evaluate(conditions: readonly Condition[], facts: Facts): Evaluation {
  const unmet: Unmet[] = [];
  for (const c of conditions) {
    const o = run(c.test, facts);
    if (o.value === true) continue;
    const seen = new Set<string>();
    const contradicting = o.value === false
      ? o.failing.filter((x) => {
        const key = `${x.fact}\0${x.expected}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      : [];
    unmet.push({ id: c.id, message: c.message, missing: uniq(o.missing), contradicting });
  }
  const unmetIds = new Set(unmet.map((u) => u.id));
  for (const u of unmet) {
    const c = conditions.find((x) => x.id === u.id)!;
    const blocked = (c.after ?? []).filter((id) => unmetIds.has(id));
    if (blocked.length) u.after = blocked;
  }
  return { met: unmet.length === 0, unmet };
}

/** Evaluates a gate: its verdict, and every unmet condition. */
export function evaluateGate(gate: Gate, facts: Facts): GateResult {
  const e = evaluate(gate.conditions, facts);
  return { gate: gate.id, verdict: e.met ? gate.verdicts.met : gate.verdicts.unmet, ...e };
}

/** Whether a predicate holds (true, not false or unknown) for these facts. */
export function holds(p: Predicate, facts: Facts): boolean {
  return run(p, facts).value === true;
}

/** Every fact a predicate reads (for checking a condition's declared `reads`). */
export function factsRead(p: Predicate): string[] {
  if ('all' in p) return uniq(p.all.flatMap(factsRead));
  if ('any' in p) return uniq(p.any.flatMap(factsRead));
  if ('not' in p) return factsRead(p.not);
  const own = [p.fact];
  if ('equalsFact' in p) own.push(p.equalsFact);
  if ('some' in p) for (const t of Object.values(p.some)) if ('equalsFact' in t) own.push(t.equalsFact);
  return uniq(own);
}
