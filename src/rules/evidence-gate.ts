import { dirname, relative } from 'node:path';
import { evaluate, type Condition, type Contradiction, type Unmet } from '../gate/evaluate.js';
import { evidenceSets, labelForFact, type EvidenceLabels, type EvidenceSet, type LeaksOf } from '../gate/evidence.js';
import { loadEvidenceLabels, loadStage2Rules, loadWorkItemRules } from '../gate/load-rules.js';
import { gateOf, PASS_GATE } from '../gate/stage2-rules.js';
import { linesOf } from '../lint/engine.js';
import { quote } from '../lint/quote.js';
import type { WorkspaceRule } from '../lint/types.js';
import type { LinkedDocument, ListItem, Range } from '../model/types.js';
import { issuesDoc } from './example-docs.js';
import { byPath } from '../util/order.js';

// Loaded when the rule is registered: a broken rules file then stops any run that uses the rules
// with exit 2 and its precise message (DataFileError), instead of an internal error per run.
const STAGE2 = loadStage2Rules();
const LABELS = loadEvidenceLabels();
const WORK_ITEMS = loadWorkItemRules();

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
function describe(u: Unmet, set: EvidenceSet, labels: EvidenceLabels): string {
  const missing: string[] = [];
  const unusable: string[] = [];
  for (const f of u.missing) {
    if (set.problems[f]) unusable.push(set.problems[f]!);
    else missing.push(factLabel(labels, f));
  }
  const contradicting: string[] = [];
  const compared = (u.contradicting as Contradiction[]).filter((c) => c.against);
  const arrays = new Set(compared.map((c) => c.against!));
  if (compared.length) {
    contradicting.push(`no admitted pair matches ${compared.map((c) => `${factLabel(labels, c.fact)} ${quote(String(c.actual))}`).join(' with ')} (admittedPairs in rules/evidence-labels.yaml)`);
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
 * What requirement (b) needs of one evidence set: which requirements of rules/work-items.yaml it
 * meets, and for a set that claims a pass, where the claim is and the condition ids each
 * requirement leaves unmet (for the message). Kept small: every document of a project has these.
 */
interface SetOutcome {
  met: string[];
  claim?: { anchor: Range; unmet: Record<string, string[]> };
}
/**
 * Ids, ranges and counts only, never text of the document: a prepared part is also kept beside a
 * masked copy of a document that holds a leaked value (see cache/analyze.ts).
 */
interface PreparedEvidence {
  outcomes: SetOutcome[];
}
interface PassFinding {
  range: Range;
  message: string;
  key: string;
  related: { range: Range; message: string }[];
}

type Requirement = (typeof WORK_ITEMS.items)[number]['requires'][number];
const requirementKey = (req: Requirement) => (req.gate ? `gate:${req.gate}` : `condition:${req.condition}`);
function conditionOf(id: string): Condition {
  return STAGE2.gates.flatMap((g) => g.conditions).find((c) => c.id === id) as Condition;
}
/** Every distinct requirement of rules/work-items.yaml with the conditions that decide it. */
const REQUIREMENTS = new Map<string, Condition[]>(
  WORK_ITEMS.items.flatMap((i) => i.requires).map((req) => [requirementKey(req), req.gate ? gateOf(STAGE2, req.gate).conditions : [conditionOf(req.condition!)]]),
);
/** The document's leak findings (no-endpoint-leak's detector): recorded before the rules run. */
const LEAKS: LeaksOf = (doc) => doc.leaks ?? [];
const ADMITTED = LABELS.admittedPairs.map((p) => ({ ...p }));
/** The admission the documents are checked against: its admitted pairs and decision fields. */
const ADMISSION = { ...(LABELS.admissionDecision ?? {}), admitted: ADMITTED };
const PASS_CONDITIONS = new Set(gateOf(STAGE2, PASS_GATE).conditions.map((c) => c.id));

/** Finding (a) for one evidence set, if it records a pass its own facts do not support. */
function unsupportedPass(set: EvidenceSet): PassFinding | undefined {
  if (!set.claim) return undefined;
  const passGate = gateOf(STAGE2, PASS_GATE);
  const result = evaluate(passGate.conditions, { ...ADMISSION, ...set.facts, admitted: ADMITTED });
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
    message: `Stage 2 pass recorded for ${ownerName(set)} is not supported by its evidence: ${result.unmet.length} of ${passGate.conditions.length} pass conditions unmet: ${result.unmet.map((u) => describe(u, set, LABELS)).join('; ')}`,
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
    for (const f of evidenceSets(ctx.doc, LABELS, LEAKS).flatMap((set) => unsupportedPass(set) ?? [])) {
      ctx.report({ ...f, related: f.related.map((r) => ({ ...r, doc: ctx.doc })) });
    }
  },
  prepare(doc, pctx): PreparedEvidence {
    pctx.leaks(); // records doc.leaks when a context document was not scanned yet
    return {
      outcomes: evidenceSets(doc, LABELS, LEAKS).map((set) => {
        // The pass gate reads the admission's decision fields as `sot gate stage2 --report` does;
        // a run-gate condition required of an item (decision-not-local) is met by what documents record.
        const withAdmission = { ...ADMISSION, ...set.facts, admitted: ADMITTED };
        const recorded = { ...set.facts, admitted: ADMITTED };
        const met: string[] = [];
        const unmet: Record<string, string[]> = {};
        for (const [key, conditions] of REQUIREMENTS) {
          const facts = conditions.every((c) => PASS_CONDITIONS.has(c.id)) ? withAdmission : recorded;
          const ids = evaluate(conditions, facts).unmet.map((u) => u.id);
          if (ids.length) unmet[key] = ids;
          else met.push(key);
        }
        return set.claim ? { met, claim: { anchor: set.anchor, unmet } } : { met };
      }),
    };
  },
  check(ctx) {
    // (b) A validated item's requirements must be met by evidence somewhere in the linted set:
    // judged on every document's prepared outcomes, not on its lists (see `prepare`).
    const required = new Map(WORK_ITEMS.items.map((i) => [i.id, i]));
    let outcomes: (SetOutcome & { doc: LinkedDocument })[] | undefined;
    // By path: the passes a message names (the first three) must not depend on the order the
    // files were given in (a pre-commit run lists its own files first).
    const allOutcomes = () =>
      (outcomes ??= [...ctx.docs].sort(byPath).flatMap((d) => ctx.prepared<PreparedEvidence>(d).outcomes.map((o) => ({ ...o, doc: d }))));
    for (const doc of ctx.wantedDocs) {
      // From the links (id and status), so a cached document decodes its work items only for a listed, validated one.
      for (const [index, link] of doc.links.items.entries()) {
        const rules = required.get(link.id);
        if (!rules || link.status !== 'validated') continue;
        const item = doc.workItems[index]!;
        const unmet: string[] = [];
        const related: { doc: LinkedDocument; range: Range; message: string }[] = [];
        const sets = allOutcomes();
        for (const req of rules.requires) {
          const key = requirementKey(req);
          if (sets.some((s) => s.met.includes(key))) continue;
          if (req.gate) {
            const claims = sets.flatMap((s) => (s.claim ? [{ doc: s.doc, ...s.claim }] : []));
            if (!claims.length) unmet.push(`${req.gate} (no Stage 2 pass is recorded in the linted set)`);
            else {
              const which = claims.slice(0, 3).map((s) => `the pass at ${where(doc, s.doc, s.anchor.start)} misses ${(s.unmet[key] ?? []).join(', ')}`);
              unmet.push(`${req.gate} (no recorded Stage 2 pass meets every pass condition: ${which.join('; ')})`);
              for (const s of claims.slice(0, 3)) related.push({ doc: s.doc, range: s.anchor, message: 'a recorded pass that is not supported' });
            }
          } else if (req.condition) {
            const condition = conditionOf(req.condition);
            unmet.push(`${req.condition} (no evidence in the linted set meets it: ${condition.message})`);
          }
        }
        if (!unmet.length) continue;
        ctx.report(doc, {
          range: item.status?.range ?? item.heading.range,
          message: `\`${item.id}\` is validated, but the evidence in the linted set does not meet what rules/work-items.yaml requires for it: ${unmet.join('; ')}`,
          key: `requires:${item.id}:${unmet.map((u) => u.split(' ')[0]).join(',')}`,
          related,
        });
      }
    }
  },
};
