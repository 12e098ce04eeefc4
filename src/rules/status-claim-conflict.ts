import { edgesOf } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';
import { whereIs } from '../text/doc-lines.js';
import { issuesDoc, prdDoc } from './example-docs.js';

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
          'A-ISSUES.md': issuesDoc('## CTO-WORK-030 - Item\n\nStatus: blocked.\n\nAcceptance:\n\n- `CTO-WORK-030` remains blocked until config exists.\n- This does not validate `CTO-WORK-022`.\n- Blocked items such as `CTO-WORK-022` are listed.\n\n## CTO-WORK-022 - Other\n\nStatus: validated.\n', 'A Issues'),
        },
      },
    ],
    notOk: [
      {
        name: 'a PRD keeps an item blocked that an Issues file validated',
        files: {
          'A-PRD.md': prdDoc('## Scope\n\n- Keep `CTO-WORK-020`, `CTO-WORK-022`, and Stage 2 blocked until real pass evidence exists.\n', 'A PRD'),
          'B-ISSUES.md': issuesDoc('## CTO-WORK-022 - Item\n\nStatus: validated.\n', 'B Issues'),
        },
        expect: [{ file: 'A-PRD.md', line: 18, column: 25, message: 'says `CTO-WORK-022` is blocked, but its definition at B-ISSUES.md:18 says validated' }],
      },
      {
        name: 'claims validated while blocked',
        files: { 'A-ISSUES.md': issuesDoc('## CTO-WORK-001 - Item\n\nStatus: blocked.\n\nAcceptance:\n\n- `CTO-WORK-001` is validated.\n', 'A Issues') },
        expect: [{ file: 'A-ISSUES.md', line: 22, message: 'says `CTO-WORK-001` is validated, but its definition at line 18 says blocked' }],
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
