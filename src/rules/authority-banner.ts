import type { DocumentRule } from '../lint/types.js';

export const authorityBanner: DocumentRule = {
  meta: {
    id: 'authority-banner',
    scope: 'document',
    description: 'The authority banner follows the H1 while the document is not promoted to Core',
    defaultSeverity: 'error',
    tags: ['structure', 'governance'],
    fixable: true,
    docs: 'A planning document that has not been promoted (`core_promotion_status: not-promoted`) must say so right under its H1, with the exact banner from `rules/documents.yaml`, so nobody mistakes it for Core authority. The fix inserts the banner.',
  },
  examples: {
    ok: [
      {
        name: 'banner after H1',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.
`,
      },
    ],
    notOk: [
      {
        name: 'missing banner',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD

## Problem Statement
`,
        errors: [
          '14:1-14:21 authority banner missing: `Local planning SOT only. Not a Core Protocol. Not active Core authority.` must follow the H1 while `core_promotion_status: not-promoted`',
        ],
        output: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Problem Statement
`,
      },
      {
        name: 'altered banner',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A PRD

Local planning SOT only.
`,
        errors: [
          '14:1-14:25 the paragraph after the H1 differs from the authority banner: expected exactly `Local planning SOT only. Not a Core Protocol. Not active Core authority.`',
        ],
      },
    ],
  },
  check({ doc, options, report }) {
    const { authorityBanner: banner, bannerRequiredWhen: when } = options.documents;
    if (doc.frontmatter?.data?.[when.key] !== when.value) return;
    const h1Index = doc.blocks.findIndex((b) => b.type === 'heading' && doc.headings.some((h) => h.depth === 1 && h.range.start === b.range.start));
    if (h1Index === -1) return; // title-heading reports the missing H1
    const h1 = doc.blocks[h1Index]!;
    const next = doc.blocks[h1Index + 1];
    const insert = { range: [h1.range.end, h1.range.end] as [number, number], text: `\n\n${banner}` };
    if (!next || next.type !== 'paragraph') {
      const at = next ? next.range : h1.range;
      report({ range: at, message: `authority banner missing: \`${banner}\` must follow the H1 while \`${when.key}: ${when.value}\``, fix: insert });
      return;
    }
    const text = doc.text.slice(next.range.start, next.range.end).replace(/\s+/g, ' ').trim();
    if (text !== banner) {
      report({ range: next.range, message: `the paragraph after the H1 differs from the authority banner: expected exactly \`${banner}\`` });
    }
  },
};
