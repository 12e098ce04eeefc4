import type { DocumentRule } from '../lint/types.js';
import type { ListItem } from '../model/types.js';

/** Containment needs this many words in the shorter item, so "Done." does not match every item. */
const MIN_CONTAINED_WORDS = 3;
/** Items longer than this are compared for equality only, never searched for contained items (bounds the work). */
const MAX_ENUMERATED_WORDS = 64;

function words(text: string): string[] {
  // ASCII text (nearly every item): NFKC changes nothing and letters and digits are [a-z0-9].
  if (ASCII.test(text)) return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
const ASCII = /^[\x00-\x7f]*$/;

export const duplicateListItem: DocumentRule = {
  meta: {
    id: 'duplicate-list-item',
    scope: 'document',
    description: 'Two items of one list say the same (equal, or one wholly contained in the other)',
    defaultSeverity: 'warn',
    tags: ['content'],
    docs: 'Compares the items of each list after folding case and punctuation. Two items are duplicates when their words are equal, or when the words of one (at least three) appear as a run inside the other: `No Target Repository path exposure.` repeats `Require no Target Repository path exposure.`. The later item is reported; merge or delete it.',
  },
  examples: {
    ok: [
      {
        name: 'distinct items',
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

## Scope

- Pre-merge validator passed.
- Post-merge validator passed.
`,
      },
    ],
    notOk: [
      {
        name: 'contained item',
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

## Scope

- Require no Target Repository path exposure.
- No Target Repository path exposure.
`,
        errors: [
          '19:1-19:38 this list item is wholly contained in the item at line 18; merge or remove one',
        ],
      },
      {
        name: 'same words, other case and punctuation',
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

## Scope

- Keep fake as the default lane.
- Other.
- keep FAKE as the default lane
`,
        errors: [
          '20:1-20:32 this list item repeats the item at line 18; merge or remove one',
        ],
      },
    ],
  },
  check({ doc, lines, report }) {
    for (const list of doc.lists) {
      if (list.items.length < 2) continue;
      const seqs = list.items.map((item) => words(item.text));
      const keys = seqs.map((seq) => seq.join(' '));
      const firstByKey = new Map<string, number>();
      keys.forEach((key, i) => {
        if (key && !firstByKey.has(key)) firstByKey.set(key, i);
      });
      const reported = new Set<number>();
      const flag = (later: number, earlier: number, how: 'equal' | 'contained' | 'contains') => {
        if (reported.has(later)) return;
        reported.add(later);
        const other: ListItem = list.items[earlier]!;
        const line = lines.point(other.range.start).line;
        const text =
          how === 'equal' ? `repeats the item at line ${line}` : how === 'contained' ? `is wholly contained in the item at line ${line}` : `wholly contains the item at line ${line}`;
        report({
          range: list.items[later]!.range,
          message: `this list item ${text}; merge or remove one`,
          key: keys[later]!,
          related: [{ doc, range: other.range, message: 'the other item' }],
        });
      };
      // Containment: index the distinct items by their first word, then compare word by word only
      // where one could start inside another — linear in the list's words for realistic lists.
      const byFirstWord = new Map<string, number[]>();
      keys.forEach((key, j) => {
        const seq = seqs[j]!;
        if (seq.length < MIN_CONTAINED_WORDS || firstByKey.get(key) !== j) return;
        const bucket = byFirstWord.get(seq[0]!) ?? [];
        bucket.push(j);
        byFirstWord.set(seq[0]!, bucket);
      });
      seqs.forEach((seq, i) => {
        const key = keys[i]!;
        if (!key) return;
        const first = firstByKey.get(key)!;
        if (first !== i) {
          flag(i, first, 'equal');
          return;
        }
        if (seq.length > MAX_ENUMERATED_WORDS) return;
        for (let start = 0; start < seq.length; start++) {
          for (const j of byFirstWord.get(seq[start]!) ?? []) {
            const other = seqs[j]!;
            if (j === i || other.length >= seq.length || start + other.length > seq.length) continue;
            let k = 1;
            while (k < other.length && other[k] === seq[start + k]) k++;
            if (k < other.length) continue;
            if (j > i) flag(j, i, 'contained');
            else flag(i, j, 'contains');
          }
        }
      });
    }
  },
};
