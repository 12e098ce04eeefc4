import { evaluate, type Condition, type Contradiction, type Unmet } from '../gate/evaluate.js';
import { evidenceSets, labelForFact, type EvidenceLabels, type EvidenceSet, type WorkItemRules } from '../gate/evidence.js';
import { loadEvidenceLabels, loadStage2Rules, loadWorkItemRules } from '../gate/load-rules.js';
import { gateOf, PASS_GATE, type Stage2Rules } from '../gate/stage2-rules.js';
import { quote } from '../lint/quote.js';
import type { WorkspaceRule } from '../lint/types.js';
import type { LinkedDocument, ListItem, Range } from '../model/types.js';
import { whereIs } from '../text/doc-lines.js';
import { byPath } from '../util/order.js';

/** The rules files this rule reads, and what it derives from them once. */
interface GateData {
  stage2: Stage2Rules;
  labels: EvidenceLabels;
  workItems: WorkItemRules;
  /** Every distinct requirement of rules/work-items.yaml with the conditions that decide it. */
  requirements: Map<string, Condition[]>;
  endpointPatterns: RegExp[];
  admitted: EvidenceLabels['admittedPairs'];
}
let loaded: GateData | undefined;
/**
 * Loaded on first use, never at import (importing the rule reads no file): a run context calls the
 * rule's `load` when it is built, so a broken rules file stops any run that uses the rule with
 * exit 2 and its precise message (DataFileError), instead of an internal error per file.
 */
function data(): GateData {
  if (!loaded) {
    const stage2 = loadStage2Rules();
    const labels = loadEvidenceLabels();
    const workItems = loadWorkItemRules();
    const conditionOf = (id: string) => stage2.gates.flatMap((g) => g.conditions).find((c) => c.id === id) as Condition;
    loaded = {
      stage2,
      labels,
      workItems,
      requirements: new Map(workItems.items.flatMap((i) => i.requires).map((req) => [requirementKey(req), req.gate ? gateOf(stage2, req.gate).conditions : [conditionOf(req.condition!)]])),
      endpointPatterns: stage2.endpointPatterns.map((p) => new RegExp(p, 'i')),
      admitted: labels.admittedPairs.map((p) => ({ ...p })),
    };
  }
  return loaded;
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

type Requirement = WorkItemRules['items'][number]['requires'][number];
const requirementKey = (req: Requirement) => (req.gate ? `gate:${req.gate}` : `condition:${req.condition}`);
function conditionOf(id: string): Condition {
  return data().stage2.gates.flatMap((g) => g.conditions).find((c) => c.id === id) as Condition;
}

/** Finding (a) for one evidence set, if it records a pass its own facts do not support. */
function unsupportedPass(set: EvidenceSet): PassFinding | undefined {
  if (!set.claim) return undefined;
  const { stage2, labels, admitted } = data();
  const passGate = gateOf(stage2, PASS_GATE);
  const result = evaluate(passGate.conditions, { ...set.facts, admitted });
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
    message: `Stage 2 pass recorded for ${ownerName(set)} is not supported by its evidence: ${result.unmet.length} of ${passGate.conditions.length} pass conditions unmet: ${result.unmet.map((u) => describe(u, set, labels)).join('; ')}`,
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
      {
        name: 'fully supported pass',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-101 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Run artifact directory: \`/runs/20260601T025817Z-r1\`.
- Report status: \`pass\`.
- Backend: \`case\`.
- Case process started: \`true\`.
- CTO admission identity: \`qwen-local\` / \`qwen3.6-35b-a3b\`.
- Case model admission status: \`admitted\`.
- Tests passed: \`true\`.
- Required events passed: \`true\`.
- Fake baseline run: \`20260601T025817Z-r1\`.
- Fake baseline status: \`pass\`.
- No external provider fallback was used.
`,
        },
      },
      {
        name: 'a recorded fail is not a claim',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-101 - Example Item

Status: blocked.

Acceptance:

- It works.

Current evidence:

- Report status: \`fail\`.
- Backend: \`case\`.
`,
        },
      },
      {
        name: 'validated item whose requirements are met anywhere in the set',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-016 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Run artifact directory: \`/runs/20260601T025817Z-r1\`.
- Report status: \`pass\`.
- Backend: \`case\`.
- Case process started: \`true\`.
- CTO admission identity: \`qwen-local\` / \`qwen3.6-35b-a3b\`.
- Case model admission status: \`admitted\`.
- Tests passed: \`true\`.
- Required events passed: \`true\`.
- Fake baseline run: \`20260601T025817Z-r1\`.
- Fake baseline status: \`pass\`.
- No external provider fallback was used.
`,
        },
      },
    ],
    notOk: [
      {
        name: 'pass without admission status and same-run fake baseline',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-101 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Run artifact directory: \`/runs/20260601T025817Z-r1\`.
- Report status: \`pass\`.
- Backend: \`case\`.
- Case process started: \`true\`.
- CTO admission identity: \`qwen-local\` / \`qwen3.6-35b-a3b\`.
- Tests passed: \`true\`.
- Required events passed: \`true\`.
- No external provider fallback was used.
`,
        },
        errors: [
          'A-ISSUES.md 24:1-24:21 Stage 2 pass recorded for CTO-WORK-101 (Validation evidence) is not supported by its evidence: 2 of 11 pass conditions unmet: admission-status-admitted (missing: no `Case model admission status` recorded); fake-baseline-same-run (missing: no `Fake baseline run` or `Fake baseline status` recorded)',
        ],
      },
      {
        name: 'contradicting facts',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-101 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Run artifact directory: \`/runs/20260601T025817Z-r1\`.
- Report status: \`pass\`.
- Backend: \`fake\`.
- Case process started: \`true\`.
- CTO admission identity: \`anthropic\` / \`qwen3.6-35b-a3b\`.
- Case model admission status: \`admitted\`.
- Tests passed: \`true\`.
- Required events passed: \`true\`.
- Fake baseline run: \`20260601T025817Z-r1\`.
- Fake baseline status: \`pass\`.
- No external provider fallback was used.
`,
        },
        errors: [
          'A-ISSUES.md 24:1-24:21 Stage 2 pass recorded for CTO-WORK-101 (Validation evidence) is not supported by its evidence: 4 of 11 pass conditions unmet: backend-case (contradicting: `Backend` is `fake`, must be `case`); provider-admitted (contradicting: no admitted pair matches `Case model provider` `anthropic` (admittedPairs in rules/evidence-labels.yaml)); model-admitted (contradicting: no admitted pair matches `Case model provider` `anthropic` with `Case model` `qwen3.6-35b-a3b` (admittedPairs in rules/evidence-labels.yaml)); no-external-fallback (contradicting: `Case model provider` is `anthropic`, must not be `anthropic`)',
        ],
      },
      {
        name: 'validated item with no supported Stage 2 pass anywhere',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-016 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Endpoint config: \`present\`.
`,
        },
        errors: [
          'A-ISSUES.md 18:1-18:19 `CTO-WORK-016` is validated, but the evidence in the linted set does not meet what rules/work-items.yaml requires for it: stage2-pass (no Stage 2 pass is recorded in the linted set)',
        ],
      },
    ],
  },
  // (a) Every recorded pass must meet every pass condition: judged on the document alone.
  checkDocument(ctx) {
    for (const f of evidenceSets(ctx.doc, data().labels, data().endpointPatterns).flatMap((set) => unsupportedPass(set) ?? [])) {
      ctx.report({ ...f, related: f.related.map((r) => ({ ...r, doc: ctx.doc })) });
    }
  },
  load() {
    data();
  },
  prepare(doc): PreparedEvidence {
    const { labels, endpointPatterns, admitted, requirements } = data();
    return {
      outcomes: evidenceSets(doc, labels, endpointPatterns).map((set) => {
        const facts = { ...set.facts, admitted };
        const met: string[] = [];
        const unmet: Record<string, string[]> = {};
        for (const [key, conditions] of requirements) {
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
    const required = new Map(data().workItems.items.map((i) => [i.id, i]));
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
              const which = claims.slice(0, 3).map((s) => `the pass at ${whereIs(doc, s.doc, s.anchor.start)} misses ${(s.unmet[key] ?? []).join(', ')}`);
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
