import type { DocumentRule } from '../lint/types.js';

export const validatedWithOpenAcceptance: DocumentRule = {
  meta: {
    id: 'validated-with-open-acceptance',
    scope: 'document',
    description: 'A validated item has no unchecked task-list item (`- [ ]`) in its `Acceptance:` list',
    defaultSeverity: 'error',
    tags: ['work-items', 'acceptance'],
    docs: [
      'The documents are GitHub Flavored Markdown: an `Acceptance:` list may be a task list, `- [x]` (or `- [X]`) for a criterion that is met and `- [ ]` for one that is not. An item marked `validated` whose acceptance list (or a list nested in it) still has an unchecked box says two things at once: reported at the box, with how many of the acceptance items are checked.',
      '',
      'Check the box when the criterion is met, or change the status until it is. An acceptance item struck through whole (`- [ ] ~~…~~`) is withdrawn and not counted; plain bullets (no box) are not task items and are not counted either. `sot explain ID` and `sot graph --format json` show each item\'s progress (checked / total).',
    ].join('\n'),
  },
  examples: {
    ok: [
      {
        name: 'every acceptance box checked, in either case',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: validated.

Acceptance:

- [x] Jobs are placed on idle GPUs.
- [X] Quota overrun alerts the owning team.
`,
      },
      {
        name: 'an open box on an item that is not validated',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: blocked.

Acceptance:

- [x] Jobs are placed on idle GPUs.
- [ ] Quota overrun alerts the owning team.
`,
      },
      {
        name: 'a withdrawn (struck-through) criterion',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: validated.

Acceptance:

- [x] Jobs are placed on idle GPUs.
- [ ] ~~Quota overrun pages the on-call engineer.~~
`,
      },
      {
        name: 'plain bullets are not task items',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: validated.

Acceptance:

- Jobs are placed on idle GPUs.
`,
      },
    ],
    notOk: [
      {
        name: 'a validated item with an unchecked acceptance item',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: validated.

Acceptance:

- [x] Jobs are placed on idle GPUs.
- [ ] Quota overrun alerts the owning team.
`,
        errors: [
          '23:3-23:6 `CTO-WORK-041` is validated, but this acceptance item is not checked (1 of 2 checked); check it (`[x]`) when it is met, or change the status until it is',
        ],
      },
      {
        name: 'an unchecked item nested in a checked one',
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

## CTO-WORK-041 - GPU Pool Scheduler

Status: validated.

Acceptance:

- [x] The scheduler is deployed:
  - [ ] in the second region.
`,
        errors: [
          '23:5-23:8 `CTO-WORK-041` is validated, but this acceptance item is not checked (1 of 2 checked); check it (`[x]`) when it is met, or change the status until it is',
        ],
      },
    ],
  },
  check({ doc, report }) {
    for (const item of doc.workItems) {
      if (item.status?.value !== 'validated' || !item.acceptance) continue;
      const { checked, total, open } = item.acceptance;
      open.forEach((box, n) => {
        report({
          range: box,
          message: `\`${item.id}\` is validated, but this acceptance item is not checked (${checked} of ${total} checked); check it (\`[x]\`) when it is met, or change the status until it is`,
          key: `${item.id}:${n}`,
        });
      });
    }
  },
};
