import type { DocumentRule } from '../lint/types.js';
import { issuesDoc } from './example-docs.js';

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
    ok: [{ name: 'status present', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: blocked.\n') }],
    notOk: [
      { name: 'no status', text: issuesDoc('## CTO-WORK-001 - A\n\nAcceptance:\n\n- X.\n'), expect: [{ line: 16, message: 'has no `Status:` line' }] },
      { name: 'unknown value', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: done.\n'), expect: [{ line: 18, column: 9, message: 'allowed: `proposed`' }] },
      { name: 'missing period', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: blocked\n'), expect: [{ line: 18, message: 'must read exactly `Status: blocked.`' }] },
      { name: 'two status lines', text: issuesDoc('## CTO-WORK-001 - A\n\nStatus: blocked.\n\nStatus: validated.\n'), expect: [{ line: 20, message: 'second `Status:` line' }] },
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
