import { blockedByCycles, cyclePaths } from '../graph/cycles.js';
import { edgesOf } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';
import { issuesDoc } from './example-docs.js';

const item = (id: string, blockers: string[]) =>
  `## ${id} - Item\n\nStatus: blocked.\n\nAcceptance:\n\n- Done.\n\nBlocked by:\n\n${blockers.map((b) => `- \`${b}\`.`).join('\n')}\n\n`;

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
    ok: [{ name: 'a chain', files: { 'A-ISSUES.md': issuesDoc(item('CTO-WORK-001', ['CTO-WORK-002']) + item('CTO-WORK-002', ['CTO-WORK-003']) + item('CTO-WORK-003', []), 'A Issues') } }],
    notOk: [
      {
        name: 'three-item cycle',
        files: { 'A-ISSUES.md': issuesDoc(item('CTO-WORK-001', ['CTO-WORK-002']) + item('CTO-WORK-002', ['CTO-WORK-003']) + item('CTO-WORK-003', ['CTO-WORK-001']), 'A Issues') },
        expect: [
          { file: 'A-ISSUES.md', line: 26, message: 'blocked-by cycle: CTO-WORK-001 → CTO-WORK-002 → CTO-WORK-003 → CTO-WORK-001' },
          { file: 'A-ISSUES.md', line: 38, message: 'CTO-WORK-002 → CTO-WORK-003 → CTO-WORK-001 → CTO-WORK-002' },
          { file: 'A-ISSUES.md', line: 50, message: 'CTO-WORK-003 → CTO-WORK-001 → CTO-WORK-002 → CTO-WORK-003' },
        ],
      },
      {
        name: 'self-block',
        files: { 'A-ISSUES.md': issuesDoc(item('CTO-WORK-007', ['CTO-WORK-007']), 'A Issues') },
        expect: [{ file: 'A-ISSUES.md', line: 26, message: 'CTO-WORK-007 → CTO-WORK-007' }],
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
