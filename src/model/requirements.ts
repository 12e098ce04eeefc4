/**
 * What a work item needs before it may be `validated`, as the documents say it: requirement
 * statements found in prose ("`X` remains blocked until C", "Keep `X` blocked until C", "C before
 * unblocking `X`", "A configured endpoint alone does not validate `X`"), an item's own
 * `Acceptance:` bullets, and its `Blocked by:` bullets that say more than an id. Each stated
 * condition is split into its parts and each part looked up in the phrase vocabulary
 * (rules/requirements.yaml plus the project's additions); a part no phrase knows stays free text.
 */
import type { ModelOptions } from './options.js';
import { withoutStruck } from './plain-text.js';
import { requirementKey } from './vocabulary.js';
export { requirementKey, type RequirementPhrase, type RequirementRef, type RequirementStatementPattern } from './vocabulary.js';
import type { Range, RequirementStatement, SotDocument } from './types.js';




/** Where a requirement was stated. */
export type RequirementOrigin = 'acceptance' | 'blocked-by' | 'statement';

/** One requirement of one item, with the place that states it. */
export interface StatedRequirement {
  /** The item it is a requirement of. */
  id: string;
  /** `gate:G` or `condition:C` when a phrase maps it; absent for a free-text requirement. */
  key?: string;
  /** The phrase (rules/requirements.yaml `phrases[].id`) that mapped it. */
  phrase?: string;
  /** The part of the stated text this requirement is (a phrase's part, or the whole free text). */
  part: Range;
  /** The sentence or bullet that states it. */
  source: Range;
  origin: RequirementOrigin;
  /** Set on "a configured endpoint alone does not validate `X`": no part, no key. */
  endpointAlone?: true;
}


/** Code, emphasis and strike marks become spaces: same length, so offsets stay source offsets (`_` stays: it is part of `local_provider_required`). */
const MARKUP = /[`*~]/g;
/** Where a sentence ends: a stop followed by white space or the end (not the dot inside `qwen3.6`). */
const SENTENCE_END = /[.;!?](?=\s|$)/g;
/** Words that carry no requirement on their own ("… exist", "… exists"). */
const FILLER = /^(?:(?:and|or|also|then|both|exist|exists|is|are|present|recorded|available|the|a|an)\b\s*)*$/i;

/** The sentences of one prose block, as ranges of the block's source. */
function sentencesOf(plain: string): Range[] {
  const out: Range[] = [];
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(plain); m; m = SENTENCE_END.exec(plain)) {
    out.push({ start, end: m.index + 1 });
    start = m.index + 1;
  }
  if (start < plain.length) out.push({ start, end: plain.length });
  return out.flatMap((s) => {
    let { start: a, end: b } = s;
    while (a < b && /\s/.test(plain[a]!)) a++;
    while (b > a && /\s/.test(plain[b - 1]!)) b--;
    return b > a ? [{ start: a, end: b }] : [];
  });
}

/**
 * Requirement statements in one prose block (found while the model is built, like status claims).
 * Struck-through text (`struck`) is withdrawn: it reads as spaces, so it states nothing.
 */
export function extractStatements(text: string, block: Range, options: ModelOptions, struck: readonly Range[] = []): RequirementStatement[] {
  const source = withoutStruck(text, block, struck);
  options.idRegex.lastIndex = 0;
  if (!options.idRegex.test(source)) return [];
  const plain = source.replace(MARKUP, ' ');
  const found: RequirementStatement[] = [];
  for (const sentence of sentencesOf(plain)) {
    const s = plain.slice(sentence.start, sentence.end);
    for (const pattern of options.requirementStatements) {
      const m = pattern.regex.exec(s);
      if (!m || m.groups?.subject === undefined) continue;
      const subject = m.groups.subject;
      const subjectStart = m.index + m[0].indexOf(subject);
      const ids: RequirementStatement['ids'] = [];
      const idRe = options.idRegex;
      idRe.lastIndex = 0;
      for (let idm = idRe.exec(subject); idm; idm = idRe.exec(subject)) {
        const start = block.start + sentence.start + subjectStart + idm.index;
        ids.push({ id: idm[0], range: { start, end: start + idm[0].length } });
      }
      if (!ids.length) continue;
      const statement: RequirementStatement = {
        pattern: pattern.id,
        ids,
        sentence: { start: block.start + sentence.start, end: block.start + sentence.end },
      };
      const condition = m.groups.condition;
      if (pattern.endpointAlone) statement.endpointAlone = true;
      else if (condition !== undefined) {
        const at = block.start + sentence.start + m.index + m[0].lastIndexOf(condition);
        statement.condition = trimRange(text, { start: at, end: at + condition.length });
      } else continue;
      found.push(statement);
    }
  }
  return found;
}

/** Without surrounding white space, a final stop, and code or emphasis marks that no longer enclose anything. */
function trimRange(text: string, r: Range): Range {
  let { start, end } = r;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s.;,]/.test(text[end - 1]!)) end--;
  const s = text.slice(start, end);
  const ticks = (s.match(/`/g) ?? []).length;
  if (ticks % 2 === 1) {
    if (s.startsWith('`')) start++;
    else if (s.endsWith('`')) end--;
  }
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** The parts of a stated condition: "A, B and C" gives A, B, C (as ranges of `text`). */
function partsOf(text: string, r: Range): Range[] {
  const slice = text.slice(r.start, r.end);
  const parts: Range[] = [];
  // A comma (with a following `and`/`or`), or the word `and`; the parts are trimmed after.
  const sep = /,(?:\s{0,8}(?:and|or)\b)?|\band\b/gi;
  let start = 0;
  for (let m = sep.exec(slice); m; m = sep.exec(slice)) {
    if (m[0].length === 0) {
      sep.lastIndex++;
      continue;
    }
    parts.push({ start: r.start + start, end: r.start + m.index });
    start = m.index + m[0].length;
  }
  parts.push({ start: r.start + start, end: r.end });
  return parts.map((p) => trimRange(text, p)).filter((p) => p.end > p.start);
}

/**
 * What a stated text requires: each part a phrase knows maps to its requirement; parts no phrase
 * knows stay free text. A text no phrase knows at all is one free-text requirement, whole.
 */
export function mapCondition(text: string, r: Range, options: ModelOptions): { key?: string; phrase?: string; part: Range }[] {
  const whole = text.slice(r.start, r.end).replace(MARKUP, ' ');
  if (!options.requirementPhrases.some((p) => p.regex.test(whole))) return [{ part: r }];
  const out: { key?: string; phrase?: string; part: Range }[] = [];
  for (const part of partsOf(text, r)) {
    const plain = text.slice(part.start, part.end).replace(MARKUP, ' ');
    const hits = options.requirementPhrases.filter((p) => p.regex.test(plain));
    if (!hits.length) {
      if (!FILLER.test(plain.trim())) out.push({ part });
      continue;
    }
    const seen = new Set<string>();
    for (const h of hits) {
      const key = requirementKey(h.requires);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, phrase: h.id, part });
    }
  }
  return out;
}

/** Is `inner` inside `outer`? */
const within = (inner: Range, outer: Range) => inner.start >= outer.start && inner.end <= outer.end;

/**
 * Every requirement this document states, for any item (its own or another document's).
 * `withheld` ranges (leaked values) are left out: nothing read from inside one is kept.
 */
export function statedRequirements(doc: SotDocument, options: ModelOptions, withheld: readonly Range[] = []): StatedRequirement[] {
  const out: StatedRequirement[] = [];
  const clear = (r: Range) => !withheld.some((w) => w.start < r.end && r.start < w.end);
  // Struck-through words are withdrawn: read as spaces (same length, so offsets hold).
  const text = doc.struck?.length ? withoutStruck(doc.text, { start: 0, end: doc.text.length }, doc.struck) : doc.text;
  const statements = (doc.statements ?? []).filter((s) => clear(s.sentence));
  for (const s of statements) {
    for (const { id } of s.ids) {
      if (s.endpointAlone) {
        out.push({ id, part: s.sentence, source: s.sentence, origin: 'statement', endpointAlone: true });
        continue;
      }
      for (const m of mapCondition(text, s.condition!, options)) out.push({ id, ...m, source: s.sentence, origin: 'statement' });
    }
  }
  for (const item of doc.workItems) {
    for (const [label, origin] of [['acceptance', 'acceptance'], ['blocked by', 'blocked-by']] as const) {
      const index = item.lists[label];
      if (index === undefined) continue;
      for (const bullet of doc.lists[index]!.items) {
        if (!clear(bullet.range)) continue;
        // A bullet that states another item's requirement is that item's (found above), not this one's.
        if (statements.some((s) => within(s.sentence, bullet.range))) continue;
        const body = bulletBody(text, bullet.range, origin, options);
        if (!body) continue;
        for (const m of mapCondition(text, body, options)) out.push({ id: item.id, ...m, source: bullet.range, origin });
      }
    }
  }
  return out;
}

/**
 * The text of a bullet that states a requirement: an acceptance bullet whole (its first line's
 * paragraph, without the list marker or a task box); a `Blocked by` bullet without its item ids, and
 * only when words remain (`- \`CTO-WORK-030\` supplying explicit endpoint config.`).
 */
function bulletBody(text: string, range: Range, origin: RequirementOrigin, options: ModelOptions): Range | undefined {
  const lineEnd = text.indexOf('\n', range.start);
  let start = range.start;
  const end = lineEnd === -1 || lineEnd > range.end ? range.end : lineEnd;
  const marker = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/.exec(text.slice(start, end));
  if (marker) start += marker[0].length;
  const body = trimRange(text, { start, end });
  if (body.end <= body.start) return undefined;
  if (origin === 'acceptance') return body;
  const idRe = options.idRegex;
  idRe.lastIndex = 0;
  const slice = text.slice(body.start, body.end);
  const rest = slice.replace(idRe, ' ').replace(MARKUP, ' ');
  if (!/[A-Za-z\p{L}]{3}/u.test(rest)) return undefined;
  // Start after a leading id (`\`CTO-WORK-030\` supplying …`), so the part is what the bullet adds.
  idRe.lastIndex = 0;
  const lead = idRe.exec(slice);
  if (lead && /^[\s`*~]*$/.test(slice.slice(0, lead.index))) return trimRange(text, { start: body.start + lead.index + lead[0].length, end: body.end });
  return body;
}
