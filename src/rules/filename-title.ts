import { basename } from 'node:path';
import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';

/** `CTO Case Spark Endpoint Config PRD` → `CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md` */
export function fileNameForTitle(title: string): string {
  return `${title.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')}.md`;
}

export const filenameTitle: DocumentRule = {
  meta: {
    id: 'filename-title',
    scope: 'document',
    description: 'The file name is the title in UPPER-KEBAB-CASE plus `.md`',
    defaultSeverity: 'warn',
    tags: ['structure', 'naming'],
    docs: 'Links and reviews find documents by file name; `CTO Case Spark Endpoint Config PRD` lives in `CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md`. Rename the file or fix the title.',
  },
  examples: {
    ok: [
      {
        name: 'name follows title',
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
        name: 'name differs',
        path: 'a-prd.md',
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
        errors: [
          '2:8-2:13 file name `a-prd.md` does not follow the title: expected `A-PRD.md`',
        ],
      },
    ],
  },
  check({ doc, report }) {
    const title = doc.frontmatter?.data?.title;
    if (typeof title !== 'string' || !title.trim()) return;
    const expected = fileNameForTitle(title.trim());
    const actual = basename(doc.path);
    if (actual === expected) return;
    const entry = doc.frontmatter!.entries.find((e) => e.key === 'title');
    report({ range: entry?.valueRange ?? { start: 0, end: 0 }, message: `file name ${quote(actual, 120)} does not follow the title: expected \`${expected}\`` });
  },
};
