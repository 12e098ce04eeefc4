import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';

export const titleHeading: DocumentRule = {
  meta: {
    id: 'title-heading',
    scope: 'document',
    description: 'Exactly one H1, equal to the frontmatter `title`',
    defaultSeverity: 'error',
    tags: ['structure'],
    fixable: true,
    docs: 'The H1 is what readers see; the frontmatter `title` is what tools index. They must say the same, and there is one of each. The fix sets the H1 text to the frontmatter title.',
  },
  examples: {
    ok: [
      {
        name: 'matching H1',
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
`,
      },
    ],
    notOk: [
      {
        name: 'different H1',
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

# The PRD
`,
        errors: [
          '12:3-12:10 H1 `The PRD` differs from the frontmatter title `A PRD`',
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
`,
      },
      {
        name: 'two H1s',
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

# A PRD again
`,
        errors: [
          '14:1-14:14 second H1 `A PRD again`: a document has exactly one H1; make this an H2',
        ],
      },
      {
        name: 'no H1',
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

Text.
`,
        errors: [
          '10:4-10:4 no H1: the document needs one `# A PRD` heading after the frontmatter',
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

Text.
`,
      },
    ],
  },
  check({ doc, report }) {
    const h1s = doc.headings.filter((h) => h.depth === 1);
    const fmTitle = doc.frontmatter?.data?.title;
    const title = typeof fmTitle === 'string' ? fmTitle.trim() : undefined;
    if (h1s.length === 0) {
      const at = doc.frontmatter ? { start: doc.frontmatter.range.end, end: doc.frontmatter.range.end } : { start: 0, end: 0 };
      const fix = title && doc.frontmatter ? { range: [at.start, at.start] as [number, number], text: `\n\n# ${title}` } : undefined;
      report({ range: at, message: `no H1: the document needs one ${title ? quote(`# ${title}`) : '`# <title>`'} heading after the frontmatter`, fix });
      return;
    }
    for (const extra of h1s.slice(1)) {
      report({ range: extra.range, message: `second H1 ${quote(extra.text)}: a document has exactly one H1; make this an H2`, key: `extra:${extra.text}`, related: [{ doc, range: h1s[0]!.range, message: 'the first H1' }] });
    }
    const h1 = h1s[0]!;
    if (title !== undefined && h1.text !== title) {
      report({
        range: h1.textRange,
        message: `H1 ${quote(h1.text)} differs from the frontmatter title ${quote(title)}`,
        key: 'mismatch',
        fix: { range: [h1.textRange.start, h1.textRange.end], text: title },
      });
    }
  },
};
