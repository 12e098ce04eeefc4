import type { DocumentRule } from '../lint/types.js';
import type { Range } from '../model/types.js';
import { frontmatter, issuesDoc, workItem } from './example-docs.js';

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
    ok: [{ name: 'ordered dates', text: `${frontmatter('A PRD')}\n# A PRD\n` }],
    notOk: [
      { name: 'reviewed before created', text: `${frontmatter('A PRD', { created: '2026-06-02', last_reviewed: '2026-06-01' })}`, expect: [{ line: 7, message: 'before `created`' }] },
      { name: 'reviewed in the future', text: `${frontmatter('A PRD', { last_reviewed: '2999-01-01' })}`, expect: [{ line: 7, message: 'in the future' }] },
      {
        name: 'evidence newer than the review',
        text: issuesDoc(`${workItem('CTO-WORK-001', 'blocked')}\n## Runtime Evidence - 2026-06-05\n\n- Report status: \`fail\`.\n`),
        expect: [{ line: 7, message: 'older than the evidence heading `Runtime Evidence - 2026-06-05`' }],
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
