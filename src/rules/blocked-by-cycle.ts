import { blockedByCycles, cyclePaths } from '../graph/cycles.js';
import { edgesOf } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';

const MAX_SHOWN = 12;
const MAX_RELATED = 20;

/** The cycle's path, eliding the middle of very long ones so the message stays readable. */
function shown(path: string[]): string {
  if (path.length <= MAX_SHOWN) return path.join(' → ');
  const head = path.slice(0, MAX_SHOWN / 2);
  const tail = path.slice(-MAX_SHOWN / 2);
  return `${head.join(' → ')} → … ${path.length - MAX_SHOWN} more … → ${tail.join(' → ')}`;
}

export const blockedByCycle: WorkspaceRule = {
  meta: {
    id: 'blocked-by-cycle',
    scope: 'workspace',
    description: 'No cycle of `Blocked by` edges',
    defaultSeverity: 'error',
    tags: ['work-items', 'graph'],
    docs: 'Items that block each other in a circle can never be unblocked. The message prints the whole cycle; each item on it is reported at its `Blocked by` entry that closes the loop. Break the cycle by removing the edge that is not real.',
  },
  examples: {
    ok: [
      {
        name: 'a chain',
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

- Done.

Blocked by:

- \`CTO-WORK-002\`.

## CTO-WORK-002 - Item

Status: blocked.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-003\`.

## CTO-WORK-003 - Item

Status: blocked.

Acceptance:

- Done.

Blocked by:



`,
        },
      },
    ],
    notOk: [
      {
        name: 'three-item cycle',
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

- Done.

Blocked by:

- \`CTO-WORK-002\`.

## CTO-WORK-002 - Item

Status: blocked.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-003\`.

## CTO-WORK-003 - Item

Status: blocked.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-001\`.

`,
        },
        errors: [
          'A-ISSUES.md 26:4-26:16 blocked-by cycle: CTO-WORK-001 → CTO-WORK-002 → CTO-WORK-003 → CTO-WORK-001; none of these can ever be unblocked',
          'A-ISSUES.md 38:4-38:16 blocked-by cycle: CTO-WORK-002 → CTO-WORK-003 → CTO-WORK-001 → CTO-WORK-002; none of these can ever be unblocked',
          'A-ISSUES.md 50:4-50:16 blocked-by cycle: CTO-WORK-003 → CTO-WORK-001 → CTO-WORK-002 → CTO-WORK-003; none of these can ever be unblocked',
        ],
      },
      {
        name: 'self-block',
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

## CTO-WORK-007 - Item

Status: blocked.

Acceptance:

- Done.

Blocked by:

- \`CTO-WORK-007\`.

`,
        },
        errors: [
          'A-ISSUES.md 26:4-26:16 blocked-by cycle: CTO-WORK-007 → CTO-WORK-007; none of these can ever be unblocked',
        ],
      },
    ],
  },
  check(ctx) {
    const graph = ctx.graph();
    // Only cycles through an edge of a wanted document are reported: search from those items.
    const from = new Set<string>();
    for (const doc of ctx.wantedDocs) for (const e of edgesOf(doc).blockedBy) from.add(e.from);
    for (const component of ctx.timing.time('cycles', () => blockedByCycles(graph, from))) {
      const reported = new Set(component.filter((id) => from.has(id)));
      if (!reported.size) continue;
      const paths = ctx.timing.time('cycles', () => cyclePaths(graph, component, reported));
      const knot = component.length > 2 && paths.get(component[0]!)!.length - 1 < component.length ? ` (${component.length} items block each other)` : '';
      for (const id of reported) {
        const path = paths.get(id)!;
        const edge = (graph.blockersOf.get(id) ?? []).find((e) => e.to === path[1]);
        if (!edge || !ctx.wanted(edge.doc)) continue;
        const related = path.slice(1, -1).slice(0, MAX_RELATED).flatMap((other) => {
          const def = graph.nodes.get(other)?.definitions[0];
          return def ? [{ doc: def.doc, range: def.headingRange, message: `${other} is on the cycle` }] : [];
        });
        ctx.report(edge.doc, {
          range: edge.range,
          message: `blocked-by cycle: ${shown(path)}${knot}; none of these can ever be unblocked`,
          key: `${component[0]}+${component.length}@${id}`,
          related,
        });
      }
    }
  },
};
