import { basename } from 'node:path';
import { evaluate, type Contradiction, type Unmet } from '../gate/evaluate.js';
import { evidenceSets, labelForFact, type EvidenceLabels, type EvidenceSet, type LeaksOf } from '../gate/evidence.js';
import { gateOf, PASS_GATE } from '../gate/stage2-rules.js';
import { quote } from '../lint/quote.js';
import type { WorkspaceRule } from '../lint/types.js';
import type { ModelOptions, ProjectEvidence } from '../model/options.js';
import { statedRequirements } from '../model/requirements.js';
import { indexRequirements, itemRequirements, packRequirements, type PreparedEvidence, type PreparedRequirement, type RequirementIndex } from '../gate/requirement-status.js';
import type { LinkedDocument, ListItem, Range } from '../model/types.js';
import { whereIs } from '../text/doc-lines.js';
import { byPath } from '../util/order.js';

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
    else if (f === 'admitted' || (!evidence.admission && (f === 'decision_status' || f === 'provider_class'))) {
      if (!unusable.includes(NO_ADMISSION)) unusable.push(NO_ADMISSION);
    }
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

interface PassFinding {
  range: Range;
  message: string;
  key: string;
  related: { range: Range; message: string }[];
}

/** The document's leak findings (no-endpoint-leak's detector): recorded before the rules run. */
const LEAKS: LeaksOf = (doc) => doc.leaks ?? [];
const setsOf = (doc: Parameters<typeof evidenceSets>[0], options: ModelOptions) => evidenceSets(doc, options.evidence.labels, LEAKS);
/** An evidence set's facts over the admission record's: what it records wins, but never the admitted pairs. */
const factsOf = (evidence: ProjectEvidence, set: EvidenceSet) => ({ ...evidence.baseFacts, ...set.facts, admitted: evidence.baseFacts.admitted });

/** Finding (a) for one evidence set, if it records a pass its own facts do not support. */
function unsupportedPass(set: EvidenceSet, evidence: ProjectEvidence): PassFinding | undefined {
  if (!set.claim) return undefined;
  const passGate = gateOf(evidence.stage2, PASS_GATE);
  const result = evaluate(passGate.conditions, factsOf(evidence, set));
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
    description: 'A recorded Stage 2 pass, or a validated item\'s requirements as the documents state them, is supported by the evidence (the shared Stage 2 evaluator)',
    defaultSeverity: 'error',
    tags: ['evidence', 'stage2', 'work-items'],
    docs: [
      'The Stage 2 pass conditions of `sot gate stage2 --report` (rules/stage2.yaml), applied to what documents record. Evidence bullets (`Report status: \\`pass\\``, `Backend: \\`case\\``, `CTO admission identity: \\`qwen-local\\` / \\`qwen3.6-35b-a3b\\``, …) become facts through the label table in rules/evidence-labels.yaml; the same evaluator decides, so the same facts give the same verdict and condition ids as the gate gives for a harness report.',
      '',
      '(a) An evidence list of a work item (`Validation evidence:`, `Current evidence:`, …) or an evidence section that records `Report status: pass` claims a Stage 2 pass. Every pass condition must be met by what it records: a fact that is not written down is unmet (the gate fails closed), so the message lists each unmet condition as *missing* (not recorded, or recorded in an unusable form) or *contradicting* (recorded with another value). A recorded `fail` claims nothing and is not checked.',
      '',
      '(b) A work item marked `validated` must have the requirements the documents state for it met by evidence anywhere in the linted set. Its requirements are its own `Acceptance:` bullets, its `Blocked by:` bullets that say more than an item id, and sentences anywhere in the set ("`X` remains blocked until C", "Keep `X`, `Y` blocked until C", "C before unblocking `X`"); each condition is split into its parts and mapped through the phrase vocabulary of rules/requirements.yaml (and the project\'s `vocabularies.requirementPhrases`): a Stage 2 pass needs a fully supported recorded pass; a condition (the endpoint config recorded present, the decision record selecting `local_provider_required`, an admitted provider/model) needs evidence that meets it. A part no phrase knows is a free-text requirement: `sot explain` shows it, this rule does not guess. "A configured endpoint alone does not validate `X`" means endpoint evidence never suffices. The sentences that state each unmet requirement are related locations.',
      '',
      'Whether a provider/model pair is admitted comes from the admission JSON the project names with `admission:` in its config (the record `sot gate stage2` reads); without one it is not known, and a pass that needs it is reported as such.',
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
        config: {"admission":{"decision_status":"local_provider_required","provider_class":"local_case_compatible","admitted":[{"provider":"qwen-local","model":"qwen3.6-35b-a3b","status":"admitted"}]}},
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
        name: 'validated item whose acceptance requires a Stage 2 pass, met by a supported pass',
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

## CTO-WORK-041 - Example Item

Status: validated.

Acceptance:

- Real Case Stage 2 pass evidence exists through the Harness Evidence Interface.

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
        config: {"admission":{"decision_status":"local_provider_required","provider_class":"local_case_compatible","admitted":[{"provider":"qwen-local","model":"qwen3.6-35b-a3b","status":"admitted"}]}},
      },
      {
        name: 'a requirement no phrase knows is free text: shown by sot explain, not checked',
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

## CTO-WORK-041 - Example Item

Status: validated.

Acceptance:

- Quota overrun alerts the owning team.

Validation evidence:

- Looked fine in the demo.
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
        config: {"admission":{"decision_status":"local_provider_required","provider_class":"local_case_compatible","admitted":[{"provider":"qwen-local","model":"qwen3.6-35b-a3b","status":"admitted"}]}},
        errors: [
          'A-ISSUES.md 24:1-24:21 Stage 2 pass recorded for CTO-WORK-101 (Validation evidence) is not supported by its evidence: 2 of 13 pass conditions unmet: admission-status-admitted (missing: no `Case model admission status` recorded); fake-baseline-same-run (missing: no `Fake baseline run` or `Fake baseline status` recorded)',
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
        config: {"admission":{"decision_status":"local_provider_required","provider_class":"local_case_compatible","admitted":[{"provider":"qwen-local","model":"qwen3.6-35b-a3b","status":"admitted"}]}},
        errors: [
          'A-ISSUES.md 24:1-24:21 Stage 2 pass recorded for CTO-WORK-101 (Validation evidence) is not supported by its evidence: 4 of 13 pass conditions unmet: backend-case (contradicting: `Backend` is `fake`, must be `case`); provider-admitted (contradicting: no admitted pair matches `Case model provider` `anthropic` (the admission record `(config)`)); model-admitted (contradicting: no admitted pair matches `Case model provider` `anthropic` with `Case model` `qwen3.6-35b-a3b` (the admission record `(config)`)); no-external-fallback (contradicting: `Case model provider` is `anthropic`, must not be in the family `anthropic`)',
        ],
      },
      {
        name: 'a pass when the project names no admission record: whether its pair is admitted is not known',
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
        errors: [
          'A-ISSUES.md 24:1-24:21 Stage 2 pass recorded for CTO-WORK-101 (Validation evidence) is not supported by its evidence: 4 of 13 pass conditions unmet: admission-decision-local (missing: not known which pairs are admitted: the project names no admission record (set `admission:` in its config to the admission JSON the run gate reads)); admission-class-local (missing: not known which pairs are admitted: the project names no admission record (set `admission:` in its config to the admission JSON the run gate reads)); provider-admitted (missing: not known which pairs are admitted: the project names no admission record (set `admission:` in its config to the admission JSON the run gate reads)); model-admitted (missing: not known which pairs are admitted: the project names no admission record (set `admission:` in its config to the admission JSON the run gate reads))',
        ],
      },
      {
        name: 'validated item whose acceptance bullet requires a Stage 2 pass, with none recorded',
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

## CTO-WORK-041 - Example Item

Status: validated.

Acceptance:

- Real Case Stage 2 pass evidence exists through the Harness Evidence Interface.

Validation evidence:

- Looked fine in the demo.
`,
        },
        errors: [
          'A-ISSUES.md 18:1-18:19 `CTO-WORK-041` is validated, but the evidence in the linted set does not meet what the documents require of it: stage2-pass (required by line 22; no Stage 2 pass is recorded in the linted set)',
        ],
      },
      {
        name: 'a requirement stated in another document ("remains blocked until")',
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

## CTO-WORK-041 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Looked fine in the demo.
`,
          'B-ISSUES.md': `---
title: B Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# B Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-042 - Other

Status: blocked.

Acceptance:

- \`CTO-WORK-041\` remains blocked until explicit endpoint config exists.
`,
        },
        errors: [
          'A-ISSUES.md 18:1-18:19 `CTO-WORK-041` is validated, but the evidence in the linted set does not meet what the documents require of it: local-config-unavailable (required by B-ISSUES.md:22; no evidence in the linted set meets it: The local endpoint config CTO_HARNESS_CASE_LOCAL_BASE_URL must be supplied at run time before case_process_started.)',
        ],
      },
      {
        name: 'a configured endpoint alone does not validate the item',
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

## CTO-WORK-041 - Example Item

Status: validated.

Acceptance:

- It works.

Validation evidence:

- Endpoint config: \`present\`.

A configured endpoint alone does not validate \`CTO-WORK-041\`.
`,
        },
        errors: [
          'A-ISSUES.md 18:1-18:19 `CTO-WORK-041` is validated, but the evidence in the linted set does not meet what the documents require of it: endpoint-alone (line 28 says a configured endpoint alone does not validate it, and the documents state no other requirement that evidence can meet)',
        ],
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
    pctx.leaks(); // records doc.leaks when a context document was not scanned yet
    const outcomes = setsOf(doc, pctx.options).map((set) => {
      const facts = factsOf(evidence, set);
      const met: string[] = [];
      const unmet: Record<string, string[]> = {};
      for (const [key, conditions] of evidence.requirementConditions) {
        const ids = evaluate(conditions, facts).unmet.map((u) => u.id);
        if (ids.length) unmet[key] = ids;
        else met.push(key);
      }
      return set.claim ? { anchor: set.anchor, met, claim: { anchor: set.anchor, unmet } } : { anchor: set.anchor, met };
    });
    const withheld = pctx.leaks().map((l) => ({ start: l.start, end: l.end }));
    const stated = statedRequirements(doc, pctx.options, withheld).map((r): PreparedRequirement => {
      const p: PreparedRequirement = { id: r.id, source: r.source, part: r.part, origin: r.origin };
      if (r.key) p.key = r.key;
      if (r.endpointAlone) p.endpointAlone = true;
      return p;
    });
    return { outcomes, ...packRequirements(stated) };
  },
  check(ctx) {
    // (b) A validated item's requirements, as the documents state them anywhere in the linted set,
    // must be met by evidence somewhere in the set: judged on every document's prepared parts.
    const evidence = ctx.options.evidence;
    // By path: the passes and sources a message names must not depend on the order the files were
    // given in (a pre-commit run lists its own files first).
    const docs = [...ctx.docs].sort(byPath);
    const prepared = (d: LinkedDocument) => ctx.prepared<PreparedEvidence>(d);
    // Indexed on first need: only items some document or the config states a requirement for are looked at.
    let index: RequirementIndex<LinkedDocument> | undefined;
    const indexed = () => (index ??= indexRequirements(docs, prepared));
    const isRequired = (id: string) => indexed().stated.has(id) || evidence.configured.has(id);
    for (const doc of ctx.wantedDocs) {
      // From the links (id and status), so a cached document decodes its work items only for a validated one.
      for (const [index, link] of doc.links.items.entries()) {
        if (link.status !== 'validated' || !isRequired(link.id)) continue;
        const state = itemRequirements(link.id, indexed(), evidence);
        const unmet: string[] = [];
        const related: { doc: LinkedDocument; range: Range; message: string }[] = [];
        for (const r of state.requirements) {
          if (!r.key || r.metBy) continue;
          const name = r.key.replace(/^\w+:/, '');
          const named = r.stated.slice(0, 3).map((s) => whereIs(doc, s.doc, s.range.start));
          if (r.configured) named.push("the config's `requirements`");
          const more = r.stated.length > 3 ? ` and ${r.stated.length - 3} more` : '';
          for (const s of r.stated.slice(0, 4)) related.push({ doc: s.doc, range: s.range, message: `states that \`${link.id}\` requires ${name}` });
          const by = `required by ${named.join(', ')}${more}`;
          if (r.key.startsWith('gate:')) {
            if (!r.passes.length) unmet.push(`${name} (${by}; no Stage 2 pass is recorded in the linted set)`);
            else {
              const which = r.passes.slice(0, 3).map((p) => `the pass at ${whereIs(doc, p.doc, p.range.start)} misses ${p.unmet.join(', ')}`);
              unmet.push(`${name} (${by}; no recorded Stage 2 pass meets every pass condition: ${which.join('; ')})`);
              for (const p of r.passes.slice(0, 3)) related.push({ doc: p.doc, range: p.range, message: 'a recorded pass that is not supported' });
            }
          } else {
            const conditions = evidence.requirementConditions.get(r.key) ?? [];
            const why = conditions.some((c) => c.reads.includes('admitted')) && !evidence.admission ? NO_ADMISSION : `no evidence in the linted set meets it: ${conditions[0]?.message ?? name}`;
            unmet.push(`${name} (${by}; ${why})`);
          }
        }
        // "A configured endpoint alone does not validate `X`": something besides the endpoint config must be required and met.
        if (state.endpointAloneUnmet) {
          const at = state.endpointAlone.slice(0, 3).map((p) => whereIs(doc, p.doc, p.range.start)).join(', ');
          unmet.push(`endpoint-alone (${at} says a configured endpoint alone does not validate it, and the documents state no other requirement that evidence can meet)`);
          for (const p of state.endpointAlone.slice(0, 2)) related.push({ doc: p.doc, range: p.range, message: 'says a configured endpoint alone does not validate it' });
        }
        if (!unmet.length) continue;
        const item = doc.workItems[index]!;
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
