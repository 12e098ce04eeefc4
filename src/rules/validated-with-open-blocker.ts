import { edgesOf } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';
import { whereIs } from '../text/doc-lines.js';

export const validatedWithOpenBlocker: WorkspaceRule = {
  meta: {
    id: 'validated-with-open-blocker',
    scope: 'workspace',
    description: 'A validated item is not blocked by an item that is not validated',
    defaultSeverity: 'error',
    tags: ['work-items', 'graph'],
    docs: 'If `CTO-WORK-022` is validated while its `Blocked by:` list names `CTO-WORK-030`, which is still blocked, one of the two statuses is wrong: either the blocker was cleared (validate it, or remove it from the list with a note) or the item is not done. Reported at the `Blocked by` entry, naming the blocker, its status and where it is defined.',
  },
  examples: {
    ok: [
      {
        name: 'validated blocker',
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

Status: validated.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-002\`.

## CTO-WORK-002 - Item

Status: validated.

Acceptance:

- Done.

`,
        },
      },
    ],
    notOk: [
      {
        name: 'blocker in another file is blocked',
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

## CTO-WORK-022 - Item

Status: validated.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-030\`.

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

## CTO-WORK-030 - Item

Status: blocked.

Acceptance:

- Done.

`,
        },
        errors: [
          'A-ISSUES.md 26:4-26:16 `CTO-WORK-022` is validated but its blocker `CTO-WORK-030` is blocked (defined at B-ISSUES.md:16); validate the blocker first or record why it no longer blocks',
        ],
      },
    ],
  },
  check(ctx) {
    const graph = ctx.graph();
    for (const edge of ctx.wantedDocs.flatMap((doc) => edgesOf(doc).blockedBy)) {
      const item = graph.nodes.get(edge.from);
      const blocker = graph.nodes.get(edge.to);
      if (!item || !blocker || item.status !== 'validated' || edge.from === edge.to) continue;
      if (blocker.status === 'validated' || blocker.definitions.length === 0) continue;
      const def = blocker.definitions[0]!;
      const where = whereIs(edge.doc, def.doc, def.headingRange.start);
      const status = blocker.status ?? (blocker.definitions.length > 1 ? 'defined with conflicting statuses' : 'without a status');
      ctx.report(edge.doc, {
        range: edge.range,
        message: `\`${edge.from}\` is validated but its blocker \`${edge.to}\` is ${status} (defined at ${where}); validate the blocker first or record why it no longer blocks`,
        key: `${edge.from}->${edge.to}`,
        related: [{ doc: def.doc, range: def.statusRange, message: `${edge.to} is ${status}` }],
      });
    }
  },
};
