import type { DocumentRule } from '../lint/types.js';

export const workItemStatus: DocumentRule = {
  meta: {
    id: 'work-item-status',
    scope: 'document',
    description: 'Every work item has one `Status: <value>.` line with an allowed value',
    defaultSeverity: 'error',
    tags: ['work-items'],
    docs: 'The status line is a paragraph of its own, `Status: blocked.`, once per item. Allowed values come from `statuses` in the config (default: proposed, open, in-progress, blocked, validated, deferred, superseded). The graph rules read it.',
  },
  examples: {
    ok: [
      {
        name: 'status present',
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
`,
      },
    ],
    notOk: [
      {
        name: 'no status',
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

Acceptance:

- X.
`,
        errors: [
          '16:1-16:20 work item `CTO-WORK-001` has no `Status:` line; add `Status: <value>.` under the heading',
        ],
      },
      {
        name: 'unknown value',
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

Status: done.
`,
        errors: [
          '18:9-18:13 status `done` of `CTO-WORK-001` is not allowed; allowed: `proposed`, `open`, `in-progress`, `blocked`, `validated`, `deferred`, `superseded`',
        ],
      },
      {
        name: 'missing period',
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

Status: blocked
`,
        errors: [
          '18:1-18:16 status line of `CTO-WORK-001` must read exactly `Status: blocked.`',
        ],
      },
      {
        name: 'two status lines',
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

Status: validated.
`,
        errors: [
          '20:1-20:19 second `Status:` line in `CTO-WORK-001`; keep one',
        ],
      },
    ],
  },
  check({ doc, config, report }) {
    for (const item of doc.workItems) {
      const status = item.status;
      if (!status) {
        report({ range: item.heading.range, message: `work item \`${item.id}\` has no \`Status:\` line; add \`Status: <value>.\` under the heading`, key: item.id });
        continue;
      }
      if (!config.statuses.includes(status.value)) {
        const shown = /^[\w -]{1,30}$/.test(status.value) ? `\`${status.value}\`` : 'this value';
        report({
          range: status.valueRange,
          message: `status ${shown} of \`${item.id}\` is not allowed; allowed: ${config.statuses.map((s) => `\`${s}\``).join(', ')}`,
          key: `${item.id}:value`,
        });
      } else if (!status.wellFormed) {
        report({ range: status.range, message: `status line of \`${item.id}\` must read exactly \`Status: ${status.value}.\``, key: `${item.id}:form` });
      }
      for (const extra of item.extraStatusLines) {
        report({ range: extra, message: `second \`Status:\` line in \`${item.id}\`; keep one`, key: `${item.id}:extra`, related: [{ doc, range: status.range, message: 'the first status line' }] });
      }
    }
  },
};
