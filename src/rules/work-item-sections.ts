import type { DocumentRule } from '../lint/types.js';

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
      {
        name: 'evidence as a two-column table (label | value)',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - A

Status: validated.

Acceptance:

- X.

Validation evidence:

| Label | Value |
| --- | --- |
| Report status | \`pass\` |
`,
      },
      {
        name: 'blocked with blockers',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - A

Status: blocked.

Acceptance:

- X.

Blocked by:

- \`CTO-WORK-002\`.
`,
      },
    ],
    notOk: [
      {
        name: 'validated without evidence',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-021 - A

Status: validated.

Acceptance:

- X.
`,
        errors: [
          '16:1-16:20 `CTO-WORK-021` is validated but has no `Validation evidence:` list',
        ],
      },
      {
        name: 'no acceptance',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - A

Status: open.
`,
        errors: [
          '16:1-16:20 `CTO-WORK-001` has no `Acceptance:` list',
        ],
      },
      {
        name: 'label without a list',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - A

Status: open.

Acceptance:

It works.
`,
        errors: [
          '16:1-16:20 `CTO-WORK-001` has no `Acceptance:` list',
          '20:1-20:12 `Acceptance:` in `CTO-WORK-001` has no list after it; add `- ` items or remove the label',
        ],
      },
      {
        name: 'evidence as a table of three columns',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - A

Status: validated.

Acceptance:

- X.

Validation evidence:

| Label | Value | Note |
| --- | --- | --- |
| Report status | \`pass\` | r1 |
`,
        errors: [
          '16:1-16:20 `CTO-WORK-001` is validated but has no `Validation evidence:` list',
          '24:1-24:21 `Validation evidence:` in `CTO-WORK-001` is followed by a table of 3 columns, not a list: a list written as a table has two columns (label | value)',
        ],
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
