import { basename, dirname, relative } from 'node:path';
import { evaluate, type Contradiction, type Unmet } from '../gate/evaluate.js';
import { evidenceSets, labelForFact, type EvidenceLabels, type EvidenceSet } from '../gate/evidence.js';
import { gateOf, PASS_GATE } from '../gate/stage2-rules.js';
import { linesOf } from '../lint/engine.js';
import { quote } from '../lint/quote.js';
import type { WorkspaceRule } from '../lint/types.js';
import type { ModelOptions, ProjectEvidence } from '../model/options.js';
import { statedRequirements } from '../model/requirements.js';
import type { LinkedDocument, ListItem, Range } from '../model/types.js';
import { issuesDoc } from './example-docs.js';
import { byPath } from '../util/order.js';

const FULL_PASS = [
  'Run artifact directory: `/runs/20260601T025817Z-r1`.',
  'Report status: `pass`.',
  'Backend: `case`.',
  'Case process started: `true`.',
  'CTO admission identity: `qwen-local` / `qwen3.6-35b-a3b`.',
  'Case model admission status: `admitted`.',
  'Tests passed: `true`.',
  'Required events passed: `true`.',
  'Fake baseline run: `20260601T025817Z-r1`.',
  'Fake baseline status: `pass`.',
  'No external provider fallback was used.',
];

/** An issues body: one item (lines 16…), its evidence list starting at line 24, the label at line 24. */
function itemWithEvidence(id: string, status: string, evidence: string[], label = 'Validation evidence'): string {
  return `## ${id} - Example Item\n\nStatus: ${status}.\n\nAcceptance:\n\n- It works.\n\n${label}:\n\n${evidence.map((e) => `- ${e}`).join('\n')}\n`;
}

function where(from: LinkedDocument, to: LinkedDocument, offset: number): string {
  const line = linesOf(to).point(offset).line;
  return from === to ? `line ${line}` : `${relative(dirname(from.path), to.path)}:${line}`;
}

function factLabel(labels: EvidenceLabels, fact: string): string {
  return `\`${labelForFact(labels, fact) ?? fact}\``;
}

/** What one unmet condition lacks in this evidence: missing facts (not recorded, or unusable) and contradicting ones. */
/** Why the `admitted` fact is not known: no admission record is configured. */
export const NO_ADMISSION = 'not known which pairs are admitted: the project names no admission record (set `admission:` in its config to the admission JSON the run gate reads)';

function describe(u: Unmet, set: EvidenceSet, evidence: ProjectEvidence): string {
  const labels = evidence.labels;
  const missing: string[] = [];
  const unusable: string[] = [];
  for (const f of u.missing) {
    if (set.problems[f]) unusable.push(set.problems[f]!);
    else if (f === 'admitted') unusable.push(NO_ADMISSION);
    else missing.push(factLabel(labels, f));
  }
  const contradicting: string[] = [];
  const compared = (u.contradicting as Contradiction[]).filter((c) => c.against);
  const arrays = new Set(compared.map((c) => c.against!));
  if (compared.length) {
    contradicting.push(`no admitted pair matches ${compared.map((c) => `${factLabel(labels, c.fact)} ${quote(String(c.actual))}`).join(' with ')} (the admission record ${quote(basename(evidence.admission?.file ?? 'admission'))})`);
  }
  for (const c of u.contradicting as Contradiction[]) {
    if (c.against || arrays.has(c.fact)) continue;
    if (c.fact === 'report_endpoint') contradicting.push('the evidence contains an endpoint-shaped value (not repeated here)');
    else if (c.expected.startsWith('not ')) contradicting.push(`${factLabel(labels, c.fact)} is ${quote(String(c.actual))}, must ${c.expected.replace(/^not /, 'not be ')}`);
    else contradicting.push(`${factLabel(labels, c.fact)} is ${quote(String(c.actual))}, must be ${c.expected}`);
  }
  const parts: string[] = [];
  if (missing.length) parts.push(`missing: no ${missing.join(' or ')} recorded`);
  if (unusable.length) parts.push(`missing: ${unusable.join('; ')}`);
  if (contradicting.length) parts.push(`contradicting: ${[...new Set(contradicting)].join('; ')}`);
  return `${u.id} (${parts.join('; ') || u.message})`;
}

function ownerName(set: EvidenceSet): string {
  const item = set.item === undefined ? undefined : set.doc.workItems[set.item];
  return item ? `${item.id} (${set.name})` : `\`${set.name}\``;
}

/**
 * What requirement (b) needs of one evidence set: which requirement keys (`gate:G`,
 * `condition:C`) it meets, and for a set that claims a pass, where the claim is and the condition
 * ids each requirement leaves unmet (for the message). Kept small: every document of a project has these.
 */
interface SetOutcome {
  met: string[];
  claim?: { anchor: Range; unmet: Record<string, string[]> };
}
/** A requirement a document states for an item (model/requirements.ts), kept as a key and a place. */
interface PreparedRequirement {
  id: string;
  /** Absent for free text: shown by `sot explain`, never checked. */
  key?: string;
  source: Range;
  endpointAlone?: true;
}
/**
 * Ids, ranges and counts only, never text of the document: a prepared part is also kept beside a
 * masked copy of a document that holds a leaked value (see cache/analyze.ts).
 */
interface PreparedEvidence {
  outcomes: SetOutcome[];
  requirements: PreparedRequirement[];
}
interface PassFinding {
  range: Range;
  message: string;
  key: string;
  related: { range: Range; message: string }[];
}

/** The condition that says only "the endpoint config is present". */
const ENDPOINT_KEY = 'condition:local-config-unavailable';

const setsOf = (doc: Parameters<typeof evidenceSets>[0], options: ModelOptions) => evidenceSets(doc, options.evidence.labels, options.evidence.endpointPatterns);

/** Finding (a) for one evidence set, if it records a pass its own facts do not support. */
function unsupportedPass(set: EvidenceSet, evidence: ProjectEvidence): PassFinding | undefined {
  if (!set.claim) return undefined;
  const passGate = gateOf(evidence.stage2, PASS_GATE);
  const result = evaluate(passGate.conditions, { ...evidence.baseFacts, ...set.facts });
  if (result.met) return undefined;
  const ids = result.unmet.map((u) => u.id);
  // The claim, then each bullet that contradicts a condition (once, naming every condition it contradicts).
  const byBullet = new Map<ListItem, string[]>();
  for (const u of result.unmet) {
    for (const c of u.contradicting) {
      for (const b of set.sources[c.fact] ?? []) {
        const ids = byBullet.get(b) ?? [];
        if (!ids.includes(u.id)) ids.push(u.id);
        byBullet.set(b, ids);
      }
    }
  }
  const related = [{ range: set.claim.range, message: 'the recorded pass' }, ...[...byBullet].map(([b, ids]) => ({ range: b.range, message: `contradicts ${ids.join(', ')}` }))];
  return {
    range: set.anchor,
    message: `Stage 2 pass recorded for ${ownerName(set)} is not supported by its evidence: ${result.unmet.length} of ${passGate.conditions.length} pass conditions unmet: ${result.unmet.map((u) => describe(u, set, evidence)).join('; ')}`,
    key: `pass:${ownerName(set)}:${ids.join(',')}`,
    related: related.slice(0, 8),
  };
}

export const evidenceGate: WorkspaceRule = {
  meta: {
    id: 'evidence-gate',
    scope: 'workspace',
    description: 'A recorded Stage 2 pass, or a validated item\'s declared requirements, is supported by the evidence (the shared Stage 2 evaluator)',
    defaultSeverity: 'error',
    tags: ['evidence', 'stage2', 'work-items'],
    docs: [
      'The Stage 2 pass conditions of `sot gate stage2 --report` (rules/stage2.yaml), applied to what documents record. Evidence bullets (`Report status: \\`pass\\``, `Backend: \\`case\\``, `CTO admission identity: \\`qwen-local\\` / \\`qwen3.6-35b-a3b\\``, …) become facts through the label table in rules/evidence-labels.yaml; the same evaluator decides, so the same facts give the same verdict and condition ids as the gate gives for a harness report.',
      '',
      '(a) An evidence list of a work item (`Validation evidence:`, `Current evidence:`, …) or an evidence section that records `Report status: pass` claims a Stage 2 pass. Every pass condition must be met by what it records: a fact that is not written down is unmet (the gate fails closed), so the message lists each unmet condition as *missing* (not recorded, or recorded in an unusable form) or *contradicting* (recorded with another value). A recorded `fail` claims nothing and is not checked.',
      '',
      '(b) A work item marked `validated` that rules/work-items.yaml lists must have its requirements met by evidence anywhere in the linted set: `gate: stage2-pass` needs a fully supported recorded pass; `condition: …` needs evidence that meets that condition (for example the endpoint config recorded present). Endpoint presence alone never validates CTO-WORK-016, -020, -022 or -028.',
      '',
      'Fix by recording the missing facts from the harness report (its `case_model_admission_status`, `fake_baseline`, …), or by not claiming the pass or the status until the evidence exists.',
    ].join('\n'),
  },
  examples: {
    ok: [
      { name: 'fully supported pass', files: { 'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-101', 'validated', FULL_PASS), 'A Issues') } },
      {
        name: 'a recorded fail is not a claim',
        files: { 'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-101', 'blocked', ['Report status: `fail`.', 'Backend: `case`.'], 'Current evidence'), 'A Issues') },
      },
      {
        name: 'validated item whose requirements are met anywhere in the set',
        files: {
          'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-016', 'validated', FULL_PASS), 'A Issues'),
        },
      },
    ],
    notOk: [
      {
        name: 'pass without admission status and same-run fake baseline',
        files: {
          'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-101', 'validated', FULL_PASS.filter((l) => !/admission status|Fake baseline/.test(l))), 'A Issues'),
        },
        expect: [{ file: 'A-ISSUES.md', line: 24, column: 1, message: 'admission-status-admitted (missing: no `Case model admission status` recorded); fake-baseline-same-run (missing: no `Fake baseline run` or `Fake baseline status` recorded)' }],
      },
      {
        name: 'contradicting facts',
        files: {
          'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-101', 'validated', FULL_PASS.map((l) => l.replace('`case`', '`fake`').replace('qwen-local', 'anthropic'))), 'A Issues'),
        },
        expect: [{ file: 'A-ISSUES.md', line: 24, message: 'backend-case (contradicting: `Backend` is `fake`, must be `case`)' }],
      },
      {
        name: 'validated item with no supported Stage 2 pass anywhere',
        files: {
          'A-ISSUES.md': issuesDoc(itemWithEvidence('CTO-WORK-016', 'validated', ['Endpoint config: `present`.']), 'A Issues'),
        },
        expect: [{ file: 'A-ISSUES.md', line: 18, column: 1, message: '`CTO-WORK-016` is validated, but the evidence in the linted set does not meet what rules/work-items.yaml requires for it: stage2-pass (no Stage 2 pass is recorded' }],
      },
    ],
  },
  // (a) Every recorded pass must meet every pass condition: judged on the document alone.
  checkDocument(ctx) {
    for (const f of setsOf(ctx.doc, ctx.options).flatMap((set) => unsupportedPass(set, ctx.options.evidence) ?? [])) {
      ctx.report({ ...f, related: f.related.map((r) => ({ ...r, doc: ctx.doc })) });
    }
  },
  prepare(doc, pctx): PreparedEvidence {
    const evidence = pctx.options.evidence;
    const outcomes = setsOf(doc, pctx.options).map((set) => {
      const facts = { ...evidence.baseFacts, ...set.facts };
      const met: string[] = [];
      const unmet: Record<string, string[]> = {};
      for (const [key, conditions] of evidence.requirementConditions) {
        const ids = evaluate(conditions, facts).unmet.map((u) => u.id);
        if (ids.length) unmet[key] = ids;
        else met.push(key);
      }
      return set.claim ? { met, claim: { anchor: set.anchor, unmet } } : { met };
    });
    const withheld = pctx.leaks().map((l) => ({ start: l.start, end: l.end }));
    const requirements = statedRequirements(doc, pctx.options, withheld).map((r): PreparedRequirement => {
      const p: PreparedRequirement = { id: r.id, source: r.source };
      if (r.key) p.key = r.key;
      if (r.endpointAlone) p.endpointAlone = true;
      return p;
    });
    return { outcomes, requirements };
  },
  check(ctx) {
    // (b) A validated item's requirements, as the documents state them anywhere in the linted set,
    // must be met by evidence somewhere in the set: judged on every document's prepared parts.
    const evidence = ctx.options.evidence;
    // By path: the passes and sources a message names must not depend on the order the files were
    // given in (a pre-commit run lists its own files first).
    const docs = [...ctx.docs].sort(byPath);
    let outcomes: (SetOutcome & { doc: LinkedDocument })[] | undefined;
    const allOutcomes = () => (outcomes ??= docs.flatMap((d) => ctx.prepared<PreparedEvidence>(d).outcomes.map((o) => ({ ...o, doc: d }))));
    let stated: Map<string, (PreparedRequirement & { doc: LinkedDocument })[]> | undefined;
    const statedFor = (id: string) => {
      if (!stated) {
        stated = new Map();
        for (const d of docs) {
          for (const r of ctx.prepared<PreparedEvidence>(d).requirements) {
            const list = stated.get(r.id) ?? [];
            list.push({ ...r, doc: d });
            stated.set(r.id, list);
          }
        }
      }
      return stated.get(id) ?? [];
    };
    for (const doc of ctx.wantedDocs) {
      // From the links (id and status), so a cached document decodes its work items only for a validated one.
      for (const [index, link] of doc.links.items.entries()) {
        if (link.status !== 'validated') continue;
        const own = statedFor(link.id);
        const configured = evidence.configured.get(link.id) ?? [];
        const keys = [...new Set([...own.flatMap((r) => (r.key ? [r.key] : [])), ...configured.flatMap((r) => (r.key ? [r.key] : []))])];
        const endpointAlone = own.filter((r) => r.endpointAlone);
        if (!keys.length && !endpointAlone.length) continue;
        const item = doc.workItems[index]!;
        const sets = allOutcomes();
        const unmet: string[] = [];
        const related: { doc: LinkedDocument; range: Range; message: string }[] = [];
        const sourcesOf = (key: string) => {
          const places = own.filter((r) => r.key === key);
          const named = places.slice(0, 3).map((r) => where(doc, r.doc, r.source.start));
          const more = places.length > 3 ? ` and ${places.length - 3} more` : '';
          const fromConfig = configured.some((r) => r.key === key) ? [`the config's \`requirements\``] : [];
          for (const r of places.slice(0, 4)) related.push({ doc: r.doc, range: r.source, message: `states that \`${link.id}\` requires ${key.replace(/^\w+:/, '')}` });
          return `required by ${[...named, ...fromConfig].join(', ')}${more}`;
        };
        for (const key of keys) {
          if (sets.some((s) => s.met.includes(key))) continue;
          const [kind, name] = key.split(/:(.*)/s) as [string, string];
          if (kind === 'gate') {
            const claims = sets.flatMap((s) => (s.claim ? [{ doc: s.doc, ...s.claim }] : []));
            if (!claims.length) unmet.push(`${name} (${sourcesOf(key)}; no Stage 2 pass is recorded in the linted set)`);
            else {
              const which = claims.slice(0, 3).map((s) => `the pass at ${where(doc, s.doc, s.anchor.start)} misses ${(s.unmet[key] ?? []).join(', ')}`);
              unmet.push(`${name} (${sourcesOf(key)}; no recorded Stage 2 pass meets every pass condition: ${which.join('; ')})`);
              for (const s of claims.slice(0, 3)) related.push({ doc: s.doc, range: s.anchor, message: 'a recorded pass that is not supported' });
            }
          } else {
            const conditions = evidence.requirementConditions.get(key) ?? [];
            const why = conditions.some((c) => c.reads.includes('admitted')) && !evidence.admission ? NO_ADMISSION : `no evidence in the linted set meets it: ${conditions[0]?.message ?? name}`;
            unmet.push(`${name} (${sourcesOf(key)}; ${why})`);
          }
        }
        // "A configured endpoint alone does not validate `X`": something besides the endpoint config must be required and met.
        if (endpointAlone.length && !keys.some((k) => k !== ENDPOINT_KEY)) {
          const at = endpointAlone.slice(0, 3).map((r) => where(doc, r.doc, r.source.start)).join(', ');
          unmet.push(`endpoint-alone (${at} says a configured endpoint alone does not validate it, and the documents state no other requirement that evidence can meet)`);
          for (const r of endpointAlone.slice(0, 2)) related.push({ doc: r.doc, range: r.source, message: 'says a configured endpoint alone does not validate it' });
        }
        if (!unmet.length) continue;
        ctx.report(doc, {
          range: item.status?.range ?? item.heading.range,
          message: `\`${item.id}\` is validated, but the evidence in the linted set does not meet what the documents require of it: ${unmet.join('; ')}`,
          key: `requires:${item.id}:${unmet.map((u) => u.split(' ')[0]).join(',')}`,
          related: related.slice(0, 8),
        });
      }
    }
  },
};
