import type { WorkspaceRule } from '../lint/types.js';
import { whereIs } from '../text/doc-lines.js';

const MAX_SHOWN = 5;
const MAX_RELATED = 20;

export const duplicateWorkItem: WorkspaceRule = {
  meta: {
    id: 'duplicate-work-item',
    scope: 'workspace',
    description: 'A work-item id is defined once in the linted set',
    defaultSeverity: 'error',
    tags: ['work-items', 'graph'],
    docs: 'Two `## <ID> - …` headings with the same id make every cross-file rule guess which one is true. Each definition is reported and names the others, with their statuses. Usually an old revision of a document was copied next to the current one: delete or archive it outside the linted set.',
  },
  examples: {
    ok: [
      {
        name: 'distinct ids',
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

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.
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

## CTO-WORK-002 - Example Item

Status: open.

Acceptance:

- It works.
`,
        },
      },
    ],
    notOk: [
      {
        name: 'same id in two files with conflicting statuses',
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

## CTO-WORK-030 - Example Item

Status: blocked.

Acceptance:

- It works.
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

## CTO-WORK-030 - Example Item

Status: validated.

Acceptance:

- It works.
`,
        },
        errors: [
          'A-ISSUES.md 16:4-16:16 `CTO-WORK-030` (blocked) is also defined at B-ISSUES.md:16 (validated); keep one definition',
          'B-ISSUES.md 16:4-16:16 `CTO-WORK-030` (validated) is also defined at A-ISSUES.md:16 (blocked); keep one definition',
        ],
      },
      {
        name: 'twice in one file',
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

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.
`,
        },
        errors: [
          'A-ISSUES.md 16:4-16:16 `CTO-WORK-001` (open) is also defined at line 24 (open); keep one definition',
          'A-ISSUES.md 24:4-24:16 `CTO-WORK-001` (open) is also defined at line 16 (open); keep one definition',
        ],
      },
    ],
  },
  check(ctx) {
    const graph = ctx.graph();
    for (const node of graph.nodes.values()) {
      if (node.definitions.length < 2) continue;
      for (const def of node.definitions) {
        if (!ctx.wanted(def.doc)) continue;
        // Bounded: an id defined thousands of times must not make every message list all the others.
        const total = node.definitions.length - 1;
        const others: typeof node.definitions = [];
        for (const d of node.definitions) {
          if (d === def) continue;
          others.push(d);
          if (others.length >= MAX_RELATED) break;
        }
        const where = others.slice(0, MAX_SHOWN).map((o) => `${whereIs(def.doc, o.doc, o.headingRange.start)} (${o.status ?? 'no status'})`);
        ctx.report(def.doc, {
          range: def.item.idRange,
          message: `\`${node.id}\` (${def.status ?? 'no status'}) is also defined at ${where.join(', ')}${total > where.length ? ` and ${total - where.length} more places` : ''}; keep one definition`,
          key: node.id,
          related: others.map((o) => ({ doc: o.doc, range: o.headingRange, message: `other definition of ${node.id}` })),
        });
      }
    }
  },
};
