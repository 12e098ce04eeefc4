import { edgesOf } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';
import { whereIs } from '../text/doc-lines.js';

const CONTRADICTS: Readonly<Record<string, string>> = { blocked: 'validated', validated: 'blocked' };

/**
 * Whether a claim that an item `asserts` a status (rules/claims.yaml) conflicts with the status
 * its definition gives: the one test of this rule and of `sot explain`.
 */
export function claimConflicts(asserts: string, status: string | undefined): boolean {
  return status !== undefined && CONTRADICTS[asserts] === status;
}

export const statusClaimConflict: WorkspaceRule = {
  meta: {
    id: 'status-claim-conflict',
    scope: 'workspace',
    description: "Prose does not claim a status that contradicts the item's definition",
    defaultSeverity: 'warn',
    tags: ['work-items', 'graph', 'claims'],
    docs: 'Sentences such as "`CTO-WORK-022` remains blocked until …", "Keep `CTO-WORK-020`, `CTO-WORK-022` … blocked until …" or "`CTO-WORK-021` is validated" claim a status. When the item\'s definition says otherwise, one of them is stale. The sentence shapes are data in `rules/claims.yaml`; a sentence that only mentions an id is never a claim, and "does not validate X" is about evidence, not status.',
  },
  examples: {
    ok: [
      {
        name: 'claim agrees; a mere mention is no claim',
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

## CTO-WORK-030 - Item

Status: blocked.

Acceptance:

- \`CTO-WORK-030\` remains blocked until config exists.
- This does not validate \`CTO-WORK-022\`.
- Blocked items such as \`CTO-WORK-022\` are listed.

## CTO-WORK-022 - Other

Status: validated.
`,
        },
      },
    ],
    notOk: [
      {
        name: 'a PRD keeps an item blocked that an Issues file validated',
        files: {
          'A-PRD.md': `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- Keep \`CTO-WORK-020\`, \`CTO-WORK-022\`, and Stage 2 blocked until real pass evidence exists.
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

## CTO-WORK-022 - Item

Status: validated.
`,
        },
        errors: [
          'A-PRD.md 18:25-18:37 this sentence says `CTO-WORK-022` is blocked, but its definition at B-ISSUES.md:18 says validated; update whichever is stale',
        ],
      },
      {
        name: 'claims validated while blocked',
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

## CTO-WORK-001 - Item

Status: blocked.

Acceptance:

- \`CTO-WORK-001\` is validated.
`,
        },
        errors: [
          'A-ISSUES.md 22:4-22:16 this sentence says `CTO-WORK-001` is validated, but its definition at line 18 says blocked; update whichever is stale',
        ],
      },
    ],
  },
  check(ctx) {
    const graph = ctx.graph();
    const ordinal = new Map<string, number>();
    for (const edge of ctx.wantedDocs.flatMap((doc) => edgesOf(doc).claims)) {
      const { claim } = edge;
      const node = graph.nodes.get(claim.id);
      if (!node || !claimConflicts(claim.asserts, node.status)) continue;
      const def = node.definitions[0]!;
      const where = whereIs(edge.doc, def.doc, def.statusRange.start);
      const k = `${edge.doc.path}\0${claim.id}:${claim.asserts}`;
      const n = ordinal.get(k) ?? 0;
      ordinal.set(k, n + 1);
      ctx.report(edge.doc, {
        range: claim.range,
        message: `this sentence says \`${claim.id}\` is ${claim.asserts}, but its definition at ${where} says ${node.status}; update whichever is stale`,
        key: `${claim.id}:${claim.asserts}:${n}`,
        related: [{ doc: def.doc, range: def.statusRange, message: `${claim.id} is ${node.status}` }],
      });
    }
  },
};
