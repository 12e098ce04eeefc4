import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';

/** Anything that looks like an item id at the start of a heading, well formed or not (`CTO-WORK-30`). */
const ITEM_ID_AT_START = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+(?![A-Za-z])/;

export const workItemHeading: DocumentRule = {
  meta: {
    id: 'work-item-heading',
    scope: 'document',
    description: 'Work-item headings are `## <ID> - <Title>` with a well-formed id',
    defaultSeverity: 'error',
    tags: ['work-items', 'structure'],
    docs: 'A work item is an H2 `## CTO-WORK-030 - Spark Local Provider Endpoint Config`: the id (matching `workItemIdPattern`), a space, a hyphen-minus, a space, and a title. Other separators (colon, en dash), a malformed id, or an item heading at another level hide the item from the graph.',
  },
  examples: {
    ok: [
      {
        name: 'well formed',
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

## CTO-WORK-030 - Spark Endpoint Config
`,
      },
    ],
    notOk: [
      {
        name: 'colon separator',
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

## CTO-WORK-030: Spark Endpoint Config
`,
        errors: [
          '16:4-16:39 work-item heading must be `<ID> - <Title>` (space, hyphen-minus, space); found `CTO-WORK-030: Spark Endpoint Config`',
        ],
      },
      {
        name: 'en dash',
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

## CTO-WORK-030 – Spark Endpoint Config
`,
        errors: [
          '16:4-16:40 work-item heading must be `<ID> - <Title>` (space, hyphen-minus, space); found `CTO-WORK-030 – Spark Endpoint Config`',
        ],
      },
      {
        name: 'short id',
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

## CTO-WORK-30 - Spark Endpoint Config
`,
        errors: [
          '16:4-16:39 `CTO-WORK-30` does not match the work-item id pattern `CTO-WORK-[0-9]{3,}`',
        ],
      },
      {
        name: 'no title',
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

## CTO-WORK-030
`,
        errors: [
          '16:4-16:16 work item `CTO-WORK-030` needs a title: `## CTO-WORK-030 - <Title>`',
        ],
      },
      {
        name: 'wrong level',
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

### CTO-WORK-031 - Nested Item
`,
        errors: [
          '16:1-16:31 work item `CTO-WORK-031` is an H3; work items are H2 headings (`## CTO-WORK-031 - <Title>`)',
        ],
      },
    ],
  },
  check({ doc, config, options, report }) {
    for (const heading of doc.headings) {
      // The project's own id shape first (`feat-12`), then the upper-case shape of a malformed one.
      const id = (options.idAtStart.exec(heading.text) ?? ITEM_ID_AT_START.exec(heading.text))?.[0];
      if (!id) continue;
      const valid = options.idExact.test(id);
      if (heading.depth !== 2) {
        if (valid && heading.depth > 2) report({ range: heading.range, message: `work item \`${id}\` is an H${heading.depth}; work items are H2 headings (\`## ${id} - <Title>\`)`, key: id });
        continue;
      }
      if (!valid) {
        report({ range: heading.textRange, message: `\`${id}\` does not match the work-item id pattern \`${config.workItemIdPattern}\``, key: id });
        continue;
      }
      const rest = heading.text.slice(id.length);
      if (rest.trim() === '') {
        report({ range: heading.textRange, message: `work item \`${id}\` needs a title: \`## ${id} - <Title>\``, key: id });
      } else if (!/^ - \S/.test(rest)) {
        report({ range: heading.textRange, message: `work-item heading must be \`<ID> - <Title>\` (space, hyphen-minus, space); found ${quote(heading.text)}`, key: id });
      }
    }
  },
};
