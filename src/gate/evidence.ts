/**
 * Facts from documents: evidence bullets (`Report status: \`pass\``, `Case model: …`) and sentences
 * (`No external provider fallback was used.`) become the same facts a harness report gives, through
 * the label table in rules/evidence-labels.yaml. This module only reads and normalises; whether the
 * facts satisfy the gate is decided by the evaluator (src/gate/evaluate.ts) from rules/stage2.yaml.
 * It reads the document model only (no Markdown parser).
 */
import type { ListItem, Range, SotDocument } from '../model/types.js';
import { identity } from '../text/identity.js';
import type { FactValue } from './evaluate.js';
import type { Stage2Rules } from './stage2-rules.js';

export type ValueKind = 'text' | 'boolean' | 'lastPathSegment' | 'pair';

export interface EvidenceLabels {
  claim: { fact: string; pattern: string };
  evidenceLists: string[];
  labels: { labels?: string[]; labelEndings?: string[]; facts: string[]; value: ValueKind }[];
  sentences: ({ pattern: string; fact: string } | { pattern: string; facts: Record<string, string | boolean> })[];
}

/** Where a document holds leaked values (the leak detector's findings: ranges, never values). */
export type LeaksOf = (doc: SotDocument) => readonly { start: number; end: number }[];

/** Cross-file checks the schemas cannot make: every fact is declared, every pattern compiles, every gate/condition exists. */
export function checkEvidenceLabels(labels: EvidenceLabels, stage2: Stage2Rules): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(stage2.facts));
  if (!declared.has(labels.claim.fact)) problems.push(`\`claim.fact\` names \`${labels.claim.fact}\`, which rules/stage2.yaml does not declare`);
  try {
    new RegExp(labels.claim.pattern, 'i');
  } catch (e) {
    problems.push(`\`claim.pattern\` is not a valid regular expression: ${(e as Error).message}`);
  }
  labels.labels.forEach((l, i) => {
    if (!l.labels?.length && !l.labelEndings?.length) problems.push(`\`labels.${i}\` needs \`labels\` or \`labelEndings\``);
    for (const f of l.facts) if (!declared.has(f)) problems.push(`\`labels.${i}.facts\` names \`${f}\`, which rules/stage2.yaml does not declare`);
    if ((l.value === 'pair') !== (l.facts.length === 2)) problems.push(`\`labels.${i}\`: value \`pair\` gives exactly two facts; other kinds give one`);
  });
  labels.sentences.forEach((s, i) => {
    if (('fact' in s) === ('facts' in s)) problems.push(`\`sentences.${i}\` needs exactly one of \`fact\` (from the value group) or \`facts\` (fixed values)`);
    const names = 'fact' in s ? [s.fact] : Object.keys(s.facts ?? {});
    for (const f of names) if (!declared.has(f)) problems.push(`\`sentences.${i}\` names \`${f}\`, which rules/stage2.yaml does not declare`);
    try {
      const re = new RegExp(s.pattern, 'i');
      if ('fact' in s && !/\(\?<value>/.test(s.pattern)) problems.push(`\`sentences.${i}.pattern\` needs a \`(?<value>…)\` group for \`fact\``);
      void re;
    } catch (e) {
      problems.push(`\`sentences.${i}.pattern\` is not a valid regular expression: ${(e as Error).message}`);
    }
  });
  const seen = new Map<string, number>();
  labels.labels.forEach((l, i) => {
    for (const name of l.labels ?? []) {
      const key = name.toLowerCase();
      if (seen.has(key)) problems.push(`\`labels.${i}\`: label \`${name}\` is already mapped by \`labels.${seen.get(key)}\``);
      seen.set(key, i);
    }
  });
  return problems;
}

export interface EvidenceSet {
  doc: SotDocument;
  /** Index of the owning work item in `doc.workItems`, when there is one. */
  item?: number;
  /** Where a finding about this set points: the list's label paragraph, or the evidence heading. */
  anchor: Range;
  /** What the anchor is, for messages (`Validation evidence`, `Spark vLLM Runtime Evidence - 2026-06-01`). */
  name: string;
  bullets: ListItem[];
  facts: Record<string, FactValue>;
  /** The bullets each fact came from. */
  sources: Record<string, ListItem[]>;
  /** Why a fact that was written down is still not known (bad value, two different values). */
  problems: Record<string, string>;
  /** The `Report status` bullet that records a pass: the set claims a Stage 2 pass. */
  claim?: ListItem;
}

interface CompiledLabels {
  exact: Map<string, EvidenceLabels['labels'][number]>;
  endings: { ending: string; entry: EvidenceLabels['labels'][number] }[];
  sentences: { re: RegExp; entry: EvidenceLabels['sentences'][number] }[];
  lists: Set<string>;
  claim: RegExp;
  /** First label of the entry giving each fact, for messages. */
  labelOf: Map<string, string>;
}

const compiledCache = new WeakMap<EvidenceLabels, CompiledLabels>();

function compile(labels: EvidenceLabels): CompiledLabels {
  let c = compiledCache.get(labels);
  if (c) return c;
  c = { exact: new Map(), endings: [], sentences: [], lists: new Set(labels.evidenceLists.map((l) => l.toLowerCase())), claim: new RegExp(labels.claim.pattern, 'i'), labelOf: new Map() };
  for (const entry of labels.labels) {
    for (const l of entry.labels ?? []) c.exact.set(l.toLowerCase(), entry);
    for (const e of entry.labelEndings ?? []) c.endings.push({ ending: e.toLowerCase(), entry });
    const first = entry.labels?.[0] ?? `… ${entry.labelEndings?.[0] ?? ''}`;
    entry.facts.forEach((f, i) => {
      if (!c!.labelOf.has(f)) c!.labelOf.set(f, entry.value === 'pair' ? `${first} (${i === 0 ? 'provider' : 'model'})` : first);
    });
  }
  for (const entry of labels.sentences) c.sentences.push({ re: new RegExp(entry.pattern, 'i'), entry });
  compiledCache.set(labels, c);
  return c;
}

/** The label a writer would use to record a fact (for "no `Backend` recorded"). */
export function labelForFact(labels: EvidenceLabels, fact: string): string | undefined {
  return compile(labels).labelOf.get(fact);
}

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const MAX_TEXT = 500;

/** The value of a bullet: the first code span when the value starts with one, else the text without backticks. */
function rawValue(doc: SotDocument, field: NonNullable<ListItem['field']>): string {
  const startsWithCode = doc.text[field.valueRange.start - 1] === '`';
  if (startsWithCode) {
    const tick = field.value.indexOf('`');
    return (tick === -1 ? field.value : field.value.slice(0, tick)).trim();
  }
  return field.value.replace(/`/g, '').trim();
}

type Parsed = { ok: true; values: FactValue[] } | { ok: false; why: string };

function parseValue(kind: ValueKind, doc: SotDocument, field: NonNullable<ListItem['field']>): Parsed {
  const raw = kind === 'pair' ? field.value.replace(/`/g, '').trim() : rawValue(doc, field);
  if (!raw) return { ok: false, why: 'is empty' };
  if (UNPRINTABLE.test(raw)) return { ok: false, why: 'contains control characters' };
  if (raw.length > MAX_TEXT) return { ok: false, why: `is longer than ${MAX_TEXT} characters` };
  if (kind !== 'boolean') {
    // Identity values as the gate compares them (src/text/identity.ts): NFKC, case-folded, trimmed;
    // invisible or format characters, or mixed scripts, make the value unusable.
    const keys = (kind === 'pair' ? raw.replace(/\s+/g, ' ').split(' / ') : [raw]).map((p) => identity(p));
    const bad = keys.find((k) => !k.ok);
    if (bad && !bad.ok) return { ok: false, why: bad.reason };
  }
  switch (kind) {
    case 'text':
      return { ok: true, values: [(identity(raw) as { key: string }).key] };
    case 'boolean':
      return raw === 'true' ? { ok: true, values: [true] } : raw === 'false' ? { ok: true, values: [false] } : { ok: false, why: 'is not `true` or `false`' };
    case 'lastPathSegment': {
      const last = raw.split(/[/\\]/).filter(Boolean).pop() ?? '';
      const key = identity(last, { caseless: false });
      return key.ok ? { ok: true, values: [key.key] } : { ok: false, why: last ? `has a last path segment that ${key.reason}` : 'has no last path segment' };
    }
    case 'pair': {
      const parts = raw.replace(/\s+/g, ' ').split(' / ').map((p) => identity(p));
      return parts.length === 2 && parts[0]!.ok && parts[1]!.ok ? { ok: true, values: parts.map((p) => (p as { key: string }).key) } : { ok: false, why: 'is not `provider` / `model`' };
    }
  }
}

/** The facts recorded by a group of bullets; a fact given two different values is not known. */
export function factsOfBullets(doc: SotDocument, bullets: readonly ListItem[], labels: EvidenceLabels, leaksOf: LeaksOf): Pick<EvidenceSet, 'facts' | 'sources' | 'problems' | 'claim'> {
  const c = compile(labels);
  const values = new Map<string, { value: FactValue; item: ListItem }[]>();
  const problems: Record<string, string> = {};
  let claim: ListItem | undefined;
  const add = (fact: string, value: FactValue, item: ListItem) => {
    const list = values.get(fact) ?? [];
    list.push({ value, item });
    values.set(fact, list);
  };
  for (const item of bullets) {
    const field = item.field;
    if (field) {
      const label = field.label.toLowerCase().replace(/\s+/g, ' ');
      const entry = c.exact.get(label) ?? c.endings.find((e) => label === e.ending || label.endsWith(` ${e.ending}`))?.entry;
      if (entry) {
        const parsed = parseValue(entry.value, doc, field);
        if (parsed.ok) entry.facts.forEach((f, i) => add(f, parsed.values[i]!, item));
        else for (const f of entry.facts) problems[f] = `\`${field.label}\` ${parsed.why}`;
        if (parsed.ok) entry.facts.forEach((f, i) => {
          if (f === labels.claim.fact && c.claim.test(String(parsed.values[i]))) claim ??= item;
        });
        continue;
      }
    }
    for (const { re, entry } of c.sentences) {
      const m = re.exec(item.text);
      if (!m) continue;
      if ('fact' in entry) {
        const v = m.groups?.value;
        const key = v ? identity(v) : undefined;
        if (key?.ok) add(entry.fact, key.key, item);
        else if (key) problems[entry.fact] = `the sentence's value ${key.reason}`;
      } else for (const [f, v] of Object.entries(entry.facts)) add(f, v, item);
    }
  }
  const facts: Record<string, FactValue> = {};
  const sources: Record<string, ListItem[]> = {};
  for (const [fact, list] of values) {
    sources[fact] = list.map((x) => x.item);
    const distinct = [...new Set(list.map((x) => JSON.stringify(x.value)))];
    if (distinct.length === 1) facts[fact] = list[0]!.value;
    else problems[fact] = `is recorded ${list.length} times with different values`;
  }
  for (const f of Object.keys(facts)) delete problems[f];
  // The evidence holds what the leak detector (no-endpoint-leak's) reports: the report it records
  // is not clean. The same detector as `sot gate stage2 --report`'s report-has-no-endpoint.
  const leaks = leaksOf(doc);
  facts.report_endpoint = bullets.some((b) => leaks.some((l) => l.start < b.range.end && b.range.start < l.end)) ? 'present' : 'absent';
  return { facts, sources, problems, claim };
}

const setsOf = new WeakMap<SotDocument, { labels: EvidenceLabels; leaksOf: LeaksOf; sets: readonly EvidenceSet[] }>();

/**
 * Every evidence set of a document: evidence lists of work items, and evidence sections. Made once
 * per document and tables (evidence-gate's per-file check and its prepared part both ask).
 */
export function evidenceSets(doc: SotDocument, labels: EvidenceLabels, leaksOf: LeaksOf): readonly EvidenceSet[] {
  const hit = setsOf.get(doc);
  if (hit && hit.labels === labels && hit.leaksOf === leaksOf) return hit.sets;
  const sets = findEvidenceSets(doc, labels, leaksOf);
  setsOf.set(doc, { labels, leaksOf, sets });
  return sets;
}

function findEvidenceSets(doc: SotDocument, labels: EvidenceLabels, leaksOf: LeaksOf): EvidenceSet[] {
  const c = compile(labels);
  const sets: EvidenceSet[] = [];
  const make = (item: number | undefined, anchor: Range, name: string, bullets: ListItem[]): EvidenceSet => ({
    doc, item, anchor, name, bullets, ...factsOfBullets(doc, bullets, labels, leaksOf),
  });
  doc.workItems.forEach((w, i) => {
    doc.lists.forEach((list) => {
      if (list.section !== w.section || !list.label || !c.lists.has(list.label.toLowerCase())) return;
      sets.push(make(i, list.labelRange ?? list.range, list.label, list.items));
    });
  });
  doc.sections.forEach((s, k) => {
    if (s.kind !== 'evidence') return;
    const bullets = doc.lists.filter((l) => l.section === k).flatMap((l) => l.items);
    if (bullets.length) sets.push(make(s.ownerItem, s.heading.range, s.heading.text, bullets));
  });
  // One run recorded in two places of the same item (a list and an evidence section) is one set.
  const merged: EvidenceSet[] = [];
  const byRun = new Map<string, EvidenceSet>();
  for (const set of sets) {
    const run = set.facts.run_id;
    const key = set.item !== undefined && typeof run === 'string' ? `${set.item}\0${run}` : undefined;
    const first = key ? byRun.get(key) : undefined;
    if (!first) {
      if (key) byRun.set(key, set);
      merged.push(set);
      continue;
    }
    first.bullets = [...first.bullets, ...set.bullets];
    Object.assign(first, factsOfBullets(doc, first.bullets, labels, leaksOf));
  }
  return merged;
}
