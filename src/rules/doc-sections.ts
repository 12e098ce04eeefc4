import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';

export const docSections: DocumentRule = {
  meta: {
    id: 'doc-sections',
    scope: 'document',
    description: 'A PRD has its required H2 sections in order; an Issues document has at least one work item',
    defaultSeverity: 'error',
    tags: ['structure'],
    docs: 'The kinds and their sections are data in `rules/documents.yaml`. PRD: Problem Statement, Solution, Scope, Non-Goals, Acceptance Criteria, Validation, Risks And Dependencies, Success Definition, in this order (other sections may sit between them). Issues: at least one `## <ID> - <Title>` work item. Documents of no known kind are not checked.',
  },
  examples: {
    ok: [
      {
        name: 'complete PRD',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Problem Statement

- Problem Statement text.

## Solution

- Solution text.

## Scope

- Scope text.

## Non-Goals

- Non-Goals text.

## Acceptance Criteria

- Acceptance Criteria text.

## Validation

- Validation text.

## Risks And Dependencies

- Risks And Dependencies text.

## Success Definition

- Success Definition text.
`,
      },
      {
        name: 'issues with an item',
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
        name: 'PRD missing Non-Goals',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Problem Statement

- Problem Statement text.

## Solution

- Solution text.

## Scope

- Scope text.

## Acceptance Criteria

- Acceptance Criteria text.

## Validation

- Validation text.

## Risks And Dependencies

- Risks And Dependencies text.

## Success Definition

- Success Definition text.
`,
        errors: [
          '28:1-28:23 missing required section `## Non-Goals` (expected after `## Scope`)',
        ],
      },
      {
        name: 'PRD sections swapped',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Problem Statement

- Problem Statement text.

## Scope

- Scope text.

## Solution

- Solution text.

## Non-Goals

- Non-Goals text.

## Acceptance Criteria

- Acceptance Criteria text.

## Validation

- Validation text.

## Risks And Dependencies

- Risks And Dependencies text.

## Success Definition

- Success Definition text.
`,
        errors: [
          '20:1-20:9 section `Scope` is out of order: it belongs after `## Solution`',
        ],
      },
      {
        name: 'issues without items',
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

Nothing yet.
`,
        errors: [
          '12:1-12:17 no work items: a document of kind `issues` (title ending `Issues`) needs at least 1 `## <ID> - <Title>` section',
        ],
      },
    ],
  },
  check({ doc, options, report }) {
    const kind = options.documents.kinds.find((k) => k.kind === doc.kind);
    if (!kind) return;
    const h1 = doc.headings.find((h) => h.depth === 1);
    const anchor = h1?.range ?? { start: 0, end: 0 };
    if (kind.minWorkItems && doc.workItems.length < kind.minWorkItems) {
      report({ range: anchor, message: `no work items: a document of kind \`${kind.kind}\` (title ending ${quote(kind.titleSuffix.trim())}) needs at least ${kind.minWorkItems} \`## <ID> - <Title>\` section${kind.minWorkItems === 1 ? '' : 's'}` });
    }
    const required = kind.requiredSections;
    if (!required.length) return;
    const h2 = doc.sections.map((s) => s.heading);
    const found = required.map((name) => h2.find((h) => h.text.toLowerCase() === name.toLowerCase()));
    let lastPosition = -1;
    let lastName: string | undefined;
    required.forEach((name, i) => {
      const heading = found[i];
      if (!heading) {
        const prev = [...found.slice(0, i)].reverse().find(Boolean);
        const nextFound = found.slice(i + 1).find(Boolean);
        const at = nextFound?.range ?? (prev ? { start: prev.range.start, end: prev.range.end } : anchor);
        const after = required.slice(0, i).reverse().find((_, j) => found[i - 1 - j]);
        report({ range: at, message: `missing required section \`## ${name}\`${after ? ` (expected after \`## ${after}\`)` : ' (expected first)'}`, key: `missing:${name}` });
        return;
      }
      if (heading.range.start < lastPosition) {
        report({ range: heading.range, message: `section ${quote(heading.text)} is out of order: it belongs after \`## ${lastName}\``, key: `order:${name}` });
        return;
      }
      lastPosition = heading.range.start;
      lastName = name;
    });
  },
};
