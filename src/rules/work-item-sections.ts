import type { DocumentRule } from '../lint/types.js';
import { issuesDoc } from './example-docs.js';

export const workItemSections: DocumentRule = {
  meta: {
    id: 'work-item-sections',
    scope: 'document',
    description: '`Acceptance:` always; `Blocked by:` when blocked; `Validation evidence:` when validated',
    defaultSeverity: 'warn',
    tags: ['work-items', 'evidence'],
    docs: 'Which labelled lists an item needs is data in `rules/documents.yaml`. A validated item without `Validation evidence:` asks readers to take its status on trust; a blocked item without `Blocked by:` does not say what to do next. A label with no list after it is reported too.',
  },
  examples: {
    ok: [
      { name: 'blocked with blockers', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: blocked.\n\nAcceptance:\n\n- X.\n\nBlocked by:\n\n- `CTO-WORK-002`.\n') },
    ],
    notOk: [
      { name: 'validated without evidence', text: issuesDoc('## CTO-WORK-021 - A\n\nStatus: validated.\n\nAcceptance:\n\n- X.\n'), expect: [{ line: 16, message: '`CTO-WORK-021` is validated but has no `Validation evidence:` list' }] },
      { name: 'no acceptance', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: open.\n'), expect: [{ line: 16, message: 'no `Acceptance:` list' }] },
      { name: 'label without a list', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: open.\n\nAcceptance:\n\nIt works.\n'), expect: [{ line: 20, message: 'has no list' }, { line: 16, message: 'no `Acceptance:` list' }] },
    ],
  },
  check({ doc, options, report }) {
    const { requiredLists, requiredListsByStatus } = options.documents.workItems;
    for (const item of doc.workItems) {
      const needed = [...requiredLists, ...(item.status ? requiredListsByStatus[item.status.value] ?? [] : [])];
      for (const { label } of needed) {
        if (item.lists[label.toLowerCase()] !== undefined) continue;
        const why = item.status && requiredListsByStatus[item.status.value]?.some((l) => l.label === label) ? ` is ${item.status.value} but` : '';
        report({ range: item.heading.range, message: `\`${item.id}\`${why} has no \`${label}:\` list`, key: `${item.id}:${label}` });
      }
      for (const empty of item.emptyLabels) {
        report({ range: empty.range, message: `\`${empty.label}:\` in \`${item.id}\` has no list after it; add \`- \` items or remove the label`, key: `${item.id}:empty:${empty.label}` });
      }
    }
  },
};
