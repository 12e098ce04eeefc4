import type { DocumentRule } from '../lint/types.js';
import type { Range } from '../model/types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const frontmatterDates: DocumentRule = {
  meta: {
    id: 'frontmatter-dates',
    scope: 'document',
    description: '`created` ≤ `last_reviewed` ≤ today, and `last_reviewed` is not older than the newest dated evidence heading',
    defaultSeverity: 'error',
    tags: ['frontmatter', 'dates'],
    docs: [
      'A review date before the creation date, in the future, or older than evidence the document records (`## … Evidence - 2026-06-01`) means the review stamp was not updated when the document changed. Dates that are not valid YYYY-MM-DD are left to frontmatter-schema.',
      '',
      'Option `maxReviewAgeDays` (off by default): a `last_reviewed` more than that many days before today is reported too, so a document nobody has looked at for a quarter says so. In the config: `"frontmatter-dates": ["error", { "maxReviewAgeDays": 90 }]`.',
    ].join('\n'),
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxReviewAgeDays: { type: 'integer', minimum: 1, description: 'Report a `last_reviewed` older than this many days (default: no limit)' },
      },
    },
  },
  examples: {
    ok: [
      {
        name: 'ordered dates',
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
        name: 'reviewed before created',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-06-02
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---
`,
        errors: [
          '7:16-7:26 `last_reviewed` 2026-06-01 is before `created` 2026-06-02',
        ],
      },
      {
        name: 'reviewed in the future',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2999-01-01
core_promotion_status: not-promoted
route: cto
---
`,
        errors: [
          '7:16-7:26 `last_reviewed` 2999-01-01 is in the future (today is 2026-11-21)',
        ],
      },
      {
        name: 'review older than the maxReviewAgeDays option allows',
        path: 'A-PRD.md',
        text: `---
title: A PRD
created: 2026-05-31
last_reviewed: 2026-06-01
---
`,
        options: { maxReviewAgeDays: 90 },
        errors: [
          '4:16-4:26 `last_reviewed` 2026-06-01 is 173 days old, more than the 90 days `maxReviewAgeDays` allows; review the document and update the date',
        ],
      },
      {
        name: 'evidence newer than the review',
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

## CTO-WORK-001 - Example Item

Status: blocked.

Acceptance:

- It works.

## Runtime Evidence - 2026-06-05

- Report status: \`fail\`.
`,
        errors: [
          '7:16-7:26 `last_reviewed` 2026-06-01 is older than the evidence heading `Runtime Evidence - 2026-06-05`; review the document and update the date',
        ],
      },
    ],
  },
  check({ doc, today, report, ruleOptions }) {
    const fm = doc.frontmatter;
    if (!fm?.data) return;
    const entry = (key: string) => fm.entries.find((e) => e.key === key && typeof e.value === 'string' && ISO_DATE.test(e.value) && !Number.isNaN(Date.parse(e.value)));
    const created = entry('created');
    const reviewed = entry('last_reviewed');
    const at = (r: Range) => r;
    if (created && created.value as string > today) {
      report({ range: at(created.valueRange), message: `\`created\` ${String(created.value)} is in the future (today is ${today})`, key: 'created-future' });
    }
    if (!reviewed) return;
    const r = reviewed.value as string;
    if (created && r < (created.value as string)) {
      report({ range: reviewed.valueRange, message: `\`last_reviewed\` ${r} is before \`created\` ${String(created.value)}`, key: 'reviewed-before-created' });
    }
    if (r > today) report({ range: reviewed.valueRange, message: `\`last_reviewed\` ${r} is in the future (today is ${today})`, key: 'reviewed-future' });
    const maxAge = ruleOptions.maxReviewAgeDays as number | undefined;
    const age = Math.round((Date.parse(today) - Date.parse(r)) / 86_400_000);
    if (maxAge !== undefined && age > maxAge) {
      report({ range: reviewed.valueRange, message: `\`last_reviewed\` ${r} is ${age} days old, more than the ${maxAge} days \`maxReviewAgeDays\` allows; review the document and update the date`, key: 'reviewed-stale' });
    }
    const newest = doc.sections.filter((s) => s.kind === 'evidence' && s.date).sort((a, b) => (b.date! > a.date! ? 1 : -1))[0];
    if (newest && newest.date! > r) {
      report({
        range: reviewed.valueRange,
        message: `\`last_reviewed\` ${r} is older than the evidence heading \`${newest.heading.text}\`; review the document and update the date`,
        key: 'reviewed-before-evidence',
        related: [{ doc, range: newest.heading.range, message: `evidence dated ${newest.date}` }],
      });
    }
  },
};
