import type { DocumentRule } from '../lint/types.js';
import { issuesDoc } from './example-docs.js';

/** An item (line 16) with a Status line (18) and an `Acceptance:` list (its first item on line 22). */
const item = (status: string, acceptance: string[]) =>
  issuesDoc(`## CTO-WORK-041 - GPU Pool Scheduler\n\nStatus: ${status}.\n\nAcceptance:\n\n${acceptance.join('\n')}\n`);

export const validatedWithOpenAcceptance: DocumentRule = {
  meta: {
    id: 'validated-with-open-acceptance',
    scope: 'document',
    description: 'A validated item has no unchecked task-list item (`- [ ]`) in its `Acceptance:` list',
    defaultSeverity: 'error',
    tags: ['work-items', 'acceptance'],
    docs: [
      'The documents are GitHub Flavored Markdown: an `Acceptance:` list may be a task list, `- [x]` (or `- [X]`) for a criterion that is met and `- [ ]` for one that is not. An item marked `validated` whose acceptance list (or a list nested in it) still has an unchecked box says two things at once: reported at the box, with how many of the acceptance items are checked.',
      '',
      'Check the box when the criterion is met, or change the status until it is. An acceptance item struck through whole (`- [ ] ~~…~~`) is withdrawn and not counted; plain bullets (no box) are not task items and are not counted either. `sot explain ID` and `sot graph --format json` show each item\'s progress (checked / total).',
    ].join('\n'),
  },
  examples: {
    ok: [
      { name: 'every acceptance box checked, in either case', text: item('validated', ['- [x] Jobs are placed on idle GPUs.', '- [X] Quota overrun alerts the owning team.']) },
      { name: 'an open box on an item that is not validated', text: item('blocked', ['- [x] Jobs are placed on idle GPUs.', '- [ ] Quota overrun alerts the owning team.']) },
      { name: 'a withdrawn (struck-through) criterion', text: item('validated', ['- [x] Jobs are placed on idle GPUs.', '- [ ] ~~Quota overrun pages the on-call engineer.~~']) },
      { name: 'plain bullets are not task items', text: item('validated', ['- Jobs are placed on idle GPUs.']) },
    ],
    notOk: [
      {
        name: 'a validated item with an unchecked acceptance item',
        text: item('validated', ['- [x] Jobs are placed on idle GPUs.', '- [ ] Quota overrun alerts the owning team.']),
        expect: [{ line: 23, column: 3, message: '`CTO-WORK-041` is validated, but this acceptance item is not checked (1 of 2 checked)' }],
      },
      {
        name: 'an unchecked item nested in a checked one',
        text: item('validated', ['- [x] The scheduler is deployed:', '  - [ ] in the second region.']),
        expect: [{ line: 23, column: 5, message: '(1 of 2 checked)' }],
      },
    ],
  },
  check({ doc, report }) {
    for (const item of doc.workItems) {
      if (item.status?.value !== 'validated' || !item.acceptance) continue;
      const { checked, total, open } = item.acceptance;
      open.forEach((box, n) => {
        report({
          range: box,
          message: `\`${item.id}\` is validated, but this acceptance item is not checked (${checked} of ${total} checked); check it (\`[x]\`) when it is met, or change the status until it is`,
          key: `${item.id}:${n}`,
        });
      });
    }
  },
};
