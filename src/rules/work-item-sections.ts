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
      { name: 'evidence as a two-column table (label | value)', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: validated.\n\nAcceptance:\n\n- X.\n\nValidation evidence:\n\n| Label | Value |\n| --- | --- |\n| Report status | `pass` |\n') },
      { name: 'blocked with blockers', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: blocked.\n\nAcceptance:\n\n- X.\n\nBlocked by:\n\n- `CTO-WORK-002`.\n') },
    ],
    notOk: [
      { name: 'validated without evidence', text: issuesDoc('## CTO-WORK-021 - A\n\nStatus: validated.\n\nAcceptance:\n\n- X.\n'), expect: [{ line: 16, message: '`CTO-WORK-021` is validated but has no `Validation evidence:` list' }] },
      { name: 'no acceptance', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: open.\n'), expect: [{ line: 16, message: 'no `Acceptance:` list' }] },
      { name: 'label without a list', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: open.\n\nAcceptance:\n\nIt works.\n'), expect: [{ line: 20, message: 'has no list' }, { line: 16, message: 'no `Acceptance:` list' }] },
      {
        name: 'evidence as a table of three columns',
        text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: validated.\n\nAcceptance:\n\n- X.\n\nValidation evidence:\n\n| Label | Value | Note |\n| --- | --- | --- |\n| Report status | `pass` | r1 |\n'),
        expect: [{ line: 24, message: 'is followed by a table of 3 columns, not a list' }, { line: 16, message: 'has no `Validation evidence:` list' }],
      },
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
        const t = empty.table;
        const why = !t
          ? 'has no list after it; add `- ` items or remove the label'
          : t.columns !== 2
            ? `is followed by a table of ${t.columns} columns, not a list: a list written as a table has two columns (label | value)`
            : 'is followed by a table with a header row only: a list written as a table has one row per entry, below its `| --- | --- |` line';
        report({ range: empty.range, message: `\`${empty.label}:\` in \`${item.id}\` ${why}`, key: `${item.id}:empty:${empty.label}` });
      }
    }
  },
};
