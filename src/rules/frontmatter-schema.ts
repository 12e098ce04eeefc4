import type { ErrorObject } from 'ajv';
import { describeAjvError, schemaValidator } from '../data/ajv.js';
import { quote } from '../lint/quote.js';
import type { DocumentRule } from '../lint/types.js';
import type { Range } from '../model/types.js';

export const frontmatterSchema: DocumentRule = {
  meta: {
    id: 'frontmatter-schema',
    scope: 'document',
    description: 'The frontmatter has every required key, with allowed values (schemas/frontmatter.schema.json)',
    defaultSeverity: 'error',
    tags: ['frontmatter', 'schema'],
    docs: 'Validates the frontmatter against `schemas/frontmatter.schema.json` (or the schema named by `frontmatterSchema` in the config). Every error is reported at once, at the key or value it concerns; enum errors list the allowed values. A document without frontmatter is reported as missing every required key.',
  },
  examples: {
    ok: [
      {
        name: 'complete',
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
        name: 'bad enum value',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: drfat
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
          '3:9-3:14 frontmatter: `status` must be one of: `draft`, `active`, `superseded`, `archived`; found `drfat`',
        ],
      },
      {
        name: 'bad date and unknown key',
        path: 'A-PRD.md',
        text: `---
title: A PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-13-01
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
reviewer: jp
---
`,
        errors: [
          '6:10-6:20 frontmatter: `created` must be a valid date (YYYY-MM-DD); found `2026-13-01`',
          '10:1-10:9 frontmatter: unknown key `reviewer`',
        ],
      },
      {
        name: 'missing keys',
        path: 'A-PRD.md',
        text: `---
title: A PRD
---
`,
        errors: [
          '1:1-1:4 frontmatter is missing required keys `status`, `lifecycle_classification`, `owner`, `created`, `last_reviewed`, `core_promotion_status`, `route`',
        ],
      },
      {
        name: 'no frontmatter at all',
        path: 'frontmatter-schema.md',
        text: `# A PRD
`,
        errors: [
          '1:1-1:1 frontmatter is missing required keys `title`, `status`, `lifecycle_classification`, `owner`, `created`, `last_reviewed`, `core_promotion_status`, `route`',
        ],
      },
    ],
  },
  check({ doc, config, report }) {
    const fm = doc.frontmatter;
    if (fm && fm.syntaxErrors.length) return; // frontmatter-syntax has said what is wrong
    const validate = schemaValidator(config.frontmatterSchema ?? 'frontmatter.schema.json');
    const data = fm?.data ?? {};
    if (validate(data)) return;
    const errors = validate.errors ?? [];
    const whole: Range = fm ? { start: fm.range.start, end: fm.range.start + 3 } : { start: 0, end: 0 };
    const missing = errors.filter((e) => e.keyword === 'required' && e.instancePath === '');
    if (missing.length) {
      const keys = missing.map((e) => `\`${String((e.params as { missingProperty: string }).missingProperty)}\``);
      report({ range: whole, message: `frontmatter is missing required key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`, key: 'required' });
    }
    for (const e of errors) {
      if (e.keyword === 'required' && e.instancePath === '') continue;
      report({ range: rangeFor(e, fm, whole), message: messageFor(e, data), key: `${e.instancePath}:${e.keyword}:${additional(e) ?? ''}` });
    }
  },
};

function additional(e: ErrorObject): string | undefined {
  return e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
}

function rangeFor(e: ErrorObject, fm: { entries: { key: string; keyRange: Range; valueRange: Range }[] } | undefined, whole: Range): Range {
  const extra = additional(e);
  if (extra !== undefined) return fm?.entries.find((x) => x.key === extra)?.keyRange ?? whole;
  const key = e.instancePath.split('/')[1];
  const entry = key === undefined ? undefined : fm?.entries.find((x) => x.key === key.replace(/~1/g, '/').replace(/~0/g, '~'));
  return entry ? entry.valueRange : whole;
}

function messageFor(e: ErrorObject, data: Record<string, unknown>): string {
  const base = describeAjvError(e, 'frontmatter');
  const key = e.instancePath.split('/')[1];
  if (key === undefined || e.keyword === 'additionalProperties') return `frontmatter: ${base}`;
  const value = data[key];
  const shown = typeof value === 'string' ? quote(value, 40) : JSON.stringify(value) ?? 'nothing';
  return `frontmatter: ${base}; found ${shown.length > 50 ? 'a longer value' : shown}`;
}
