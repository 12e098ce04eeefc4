import type { DocumentRule } from '../lint/types.js';
import type { List, ListItem, SotDocument } from '../model/types.js';
import { prdDoc } from './example-docs.js';

/** Containment needs this many words in the shorter item, so "Done." does not match every item. */
const MIN_CONTAINED_WORDS = 3;
/** Items longer than this are compared for equality only, never searched for contained items (bounds the work). */
const MAX_ENUMERATED_WORDS = 64;

/**
 * Words that turn what follows into its opposite: "No underscore" is not "Underscore", "Do not
 * emphasize" is not "Emphasize". Words ending in `n't` count too. ("Require no X" and "No X" both
 * hold the `no`: the same polarity.)
 */
const NEGATIONS = new Set(['no', 'not', 'never', 'none', 'nor', 'neither', 'without', 'cannot', 'non', 'avoid', 'avoids', 'except', 'excluding', 'exclude', 'disable', 'disallow', 'forbid', 'prevent']);

/**
 * Words that frame a statement without changing it: "Require no X" and "No X" say the same, so do
 * "Ensure the lane is fake" and "The lane is fake". A contained item repeats the longer one only
 * when every word around it is one of these; any other word adds something ("Update a cronjob
 * status" is not "Update a cronjob", "hostNetwork pod -> pod" is not "pod -> pod").
 */
const FRAMING = new Set(['require', 'requires', 'required', 'requirement', 'must', 'should', 'shall', 'need', 'needs', 'ensure', 'ensures', 'make', 'sure', 'keep', 'verify', 'check', 'confirm', 'always', 'also', 'still', 'please', 'it', 'is', 'are', 'be', 'that', 'there', 'we', 'to', 'the', 'a', 'an']);

/**
 * Words of a procedure that goes back: a step may then be done again on purpose ("Apply constraint
 * type inference again." twice; "Re-start with 1.27" … "Re-start with 1.26" … "Re-start with 1.27").
 * So may a word that starts with `re-`.
 */
const AGAIN = new Set(['again', 'repeat', 'repeated', 'twice', 'retry', 'retries', 'retrying', 'restart', 'restarts', 'restarted', 'redeploy', 'redeploys', 'rerun', 'reruns', 'reboot', 'reinstall', 'reapply', 'recreate', 'reinvoke', 'reload', 'rollback', 'downgrade', 'downgrades', 'upgrade', 'upgrades']);

/** Punctuation that ends a sentence or a clause: folded away at the end of a word, kept inside it. */
const TRAILING = new Set([...'.,;:!?…']);
/** Quotes and brackets around a word. */
const WRAPPING = new Set([...'"\'“”‘’()']);

/** `word` without the characters of `set` at its end (and at its start when `both`). */
function trim(word: string, set: ReadonlySet<string>, both = false): string {
  let a = 0;
  let b = word.length;
  while (b > a && set.has(word[b - 1]!)) b--;
  while (both && a < b && set.has(word[a]!)) a++;
  return word.slice(a, b);
}
const ASCII = /^[\x00-\x7f]*$/;

/**
 * An item as a reader compares it: its text with every item nested under it, folded for case and
 * spacing, split at spaces into words that keep their inner punctuation (`k8s.io/kubelet` is one
 * word, `cfg_attr(predicate, attr,)` is not `cfg_attr(predicate, attr)`, `>` is not `<`), a word's
 * final `.`/`,`/`;`/`:` dropped; and the destinations of its links (`[Test Plan](#test-plan-1)` is
 * not `[Test Plan](#test-plan)`).
 */
interface Whole {
  words: string[];
  key: string;
  /** Link destinations, in order, joined by spaces. */
  links: string;
  /** `Label` of a `Label: value` item (its own text, lower case), if it has one. */
  label?: string;
}

function words(text: string): string[] {
  const folded = ASCII.test(text) ? text.toLowerCase() : text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  for (const w of folded.split(/\s+/)) {
    const word = trim(w, TRAILING);
    if (word) out.push(word);
  }
  return out;
}

function isNegation(word: string): boolean {
  const w = trim(word, WRAPPING, true);
  return NEGATIONS.has(w) || w.endsWith("n't") || w.endsWith('n’t');
}

const LINK_DESTINATION = /\]\(\s*<?([^)\s>]*)/g;

/** Each item of `list` with the items of every list nested inside it. */
function wholeItems(doc: SotDocument, list: List, nested: readonly List[]): Whole[] {
  let p = 0;
  return list.items.map((item) => {
    const parts = [item.text];
    // `nested` and the items are in source order: one walk hands each item the lists inside it.
    while (p < nested.length && nested[p]!.range.start < item.range.start) p++;
    for (; p < nested.length && nested[p]!.range.start < item.range.end; p++) for (const child of nested[p]!.items) parts.push(child.text);
    const ws = words(parts.join(' '));
    const source = doc.text.slice(item.range.start, item.range.end);
    const links = source.includes('](') ? [...source.matchAll(LINK_DESTINATION)].map((m) => m[1]).join(' ') : '';
    const colon = item.text.indexOf(':');
    const label = colon > 0 && colon <= 80 && (colon === item.text.length - 1 || item.text[colon + 1] === ' ') ? item.text.slice(0, colon).toLowerCase() : undefined;
    return { words: ws, key: ws.join(' '), links, label };
  });
}

/**
 * A list of steps, where doing a step again is no repeat: a numbered list (`1.`, `2)`), or one
 * whose items mostly state an action and its outcome (`Try to add the value back -> fail`).
 */
function sequence(doc: SotDocument, list: List): boolean {
  const c = doc.text.charCodeAt(list.items[0]!.range.start);
  if (c >= 48 && c <= 57) return true;
  let arrows = 0;
  for (const item of list.items) if (/ (?:->|→|=>) /.test(item.text)) arrows++;
  return arrows * 2 >= list.items.length;
}

/**
 * Items i < j hold the same `Label: value` but belong to different records of a list of records:
 * between them the list starts a record again (a label seen at or before i comes back), as in
 * `Metric name: a`, `Components: x`, `Metric name: b`, `Components: x`.
 */
function otherRecord(all: readonly Whole[], i: number, j: number): boolean {
  if (all[i]!.label === undefined) return false;
  const before = new Set<string>();
  for (let k = 0; k <= i; k++) if (all[k]!.label !== undefined) before.add(all[k]!.label!);
  for (let k = i + 1; k < j; k++) if (all[k]!.label !== undefined && all[k]!.label !== all[i]!.label && before.has(all[k]!.label!)) return true;
  return false;
}

/** Does `inner` stand in `outer` as a run of whole words from `start`? */
function runAt(outer: string[], inner: string[], start: number): boolean {
  if (start + inner.length > outer.length) return false;
  for (let k = 0; k < inner.length; k++) if (outer[start + k] !== inner[k]) return false;
  return true;
}

/**
 * Do the words of `outer` around the run at [start, start + length) only frame it? A negation
 * there turns it into its opposite; any other word says more than it.
 */
function onlyFramed(outer: string[], start: number, length: number): boolean {
  for (let k = 0; k < outer.length; k++) {
    if (k >= start && k < start + length) continue;
    const w = outer[k]!;
    if (isNegation(w) || !FRAMING.has(w)) return false;
  }
  return true;
}

const saysAgain = (w: Whole) => w.words.some((x) => AGAIN.has(x) || x.startsWith('re-'));

/** Equal items i < j are a step done again: one says so, or an item between them goes back. */
function doneAgain(all: readonly Whole[], i: number, j: number): boolean {
  for (let k = i; k <= j; k++) if (saysAgain(all[k]!)) return true;
  return false;
}

export const duplicateListItem: DocumentRule = {
  meta: {
    id: 'duplicate-list-item',
    scope: 'document',
    description: 'Two items of one list say the same (equal, or one wholly contained in the other with the same polarity)',
    defaultSeverity: 'warn',
    tags: ['content'],
    docs: [
      'Compares the items of each bulleted list as whole items: an item with every item nested under it, after folding case and spacing and the punctuation that ends a word (`lane.` is `lane`); punctuation inside a word stays, so a path (`k8s.io/kubelet`), an identifier or code (`cfg_attr(predicate, attr,)`, `>`) is compared as written, and links must lead to the same places.',
      'Two items are duplicates when they are equal, or when one (at least three words) appears as a run of whole words inside the other and the words around it do not negate it: `No Target Repository path exposure.` repeats `Require no Target Repository path exposure.`, but `No underscore and/or dot` does not repeat `Underscore and/or dot`, nor `Do not emphasize line headings` `Emphasize line headings` (negations: no, not, never, none, nor, neither, without, cannot, non, avoid, except, exclude, disable, disallow, forbid, prevent, and any word ending in n’t). A path is never matched by its prefix (`k8s.io/kubelet` is not inside `k8s.io/kubelet/container`), and two items with the same first line but different nested items are different.',
      'Numbered lists are steps in order, where a step may be done again (`7. Upgrade to 1.35.` after `3. Upgrade to 1.35.`): they are not compared.',
      'The later item is reported. Equal items: remove one. One inside the other: merge them into the longer one.',
    ].join('\n\n'),
  },
  examples: {
    ok: [
      { name: 'distinct items', text: prdDoc('## Scope\n\n- Pre-merge validator passed.\n- Post-merge validator passed.\n') },
      { name: 'a negation is not a repeat', text: prdDoc('## Scope\n\n- Underscore and/or dot (expect validation to pass)\n- No Underscore and/or dot (expect validation to pass)\n- Emphasize line headings\n- Do not emphasize line headings\n') },
      { name: 'a path is not its prefix', text: prdDoc('## Scope\n\n- Move `k8s.io/kubelet` code\n- Move `k8s.io/kubelet/container` code\n') },
      { name: 'same first line, different nested items', text: prdDoc('## Scope\n\n- [x] Feature gate\n  - Feature gate name: `Alpha`\n- [x] Feature gate\n  - Feature gate name: `Beta`\n') },
    ],
    notOk: [
      { name: 'contained item', text: prdDoc('## Scope\n\n- Require no Target Repository path exposure.\n- No Target Repository path exposure.\n'), expect: [{ line: 19, column: 1, message: 'wholly contained in the item at line 18; merge it into that item' }] },
      { name: 'same words, other case and punctuation', text: prdDoc('## Scope\n\n- Keep fake as the default lane.\n- Other.\n- keep FAKE as the default lane\n'), expect: [{ line: 20, message: 'repeats the item at line 18; remove one of the two' }] },
    ],
  },
  check({ doc, lines, report }) {
    // Lists in source order; the lists nested in an item lie inside its range.
    const lists = [...doc.lists].sort((x, y) => x.range.start - y.range.start);
    lists.forEach((list, index) => {
      if (list.items.length < 2 || sequence(doc, list)) return;
      const nested: List[] = [];
      for (let j = index + 1; j < lists.length && lists[j]!.range.start < list.range.end; j++) nested.push(lists[j]!);
      const all = wholeItems(doc, list, nested);
      const ids = all.map((w) => `${w.key}\u0000${w.links}`);
      const firstById = new Map<string, number>();
      ids.forEach((id, i) => {
        if (all[i]!.key && !firstById.has(id)) firstById.set(id, i);
      });
      const reported = new Set<number>();
      const flag = (later: number, earlier: number, how: 'equal' | 'contained' | 'contains') => {
        if (reported.has(later)) return;
        reported.add(later);
        const other: ListItem = list.items[earlier]!;
        const line = lines.point(other.range.start).line;
        const text =
          how === 'equal'
            ? `repeats the item at line ${line}; remove one of the two`
            : how === 'contained'
              ? `is wholly contained in the item at line ${line}; merge it into that item`
              : `wholly contains the item at line ${line}; merge that item into this one`;
        report({
          range: list.items[later]!.range,
          message: `this list item ${text}`,
          key: all[later]!.key,
          related: [{ doc, range: other.range, message: 'the other item' }],
        });
      };
      // Containment: index the distinct items by their first word, then compare word by word only
      // where one could start inside another — linear in the list's words for realistic lists.
      const byFirstWord = new Map<string, number[]>();
      ids.forEach((id, j) => {
        const seq = all[j]!.words;
        if (seq.length < MIN_CONTAINED_WORDS || firstById.get(id) !== j) return;
        const bucket = byFirstWord.get(seq[0]!) ?? [];
        bucket.push(j);
        byFirstWord.set(seq[0]!, bucket);
      });
      all.forEach((item, i) => {
        if (!item.key) return;
        const first = firstById.get(ids[i]!)!;
        if (first !== i) {
          if (!doneAgain(all, first, i) && !otherRecord(all, first, i)) flag(i, first, 'equal');
          return;
        }
        const seq = item.words;
        if (seq.length > MAX_ENUMERATED_WORDS) return;
        for (let start = 0; start < seq.length; start++) {
          for (const j of byFirstWord.get(seq[start]!) ?? []) {
            const other = all[j]!;
            if (j === i || other.words.length >= seq.length || !runAt(seq, other.words, start)) continue;
            // The same places linked, and nothing around the run but words that frame it.
            if (other.links !== item.links || !onlyFramed(seq, start, other.words.length)) continue;
            if (j > i) flag(j, i, 'contained');
            else flag(i, j, 'contains');
          }
        }
      });
    });
  },
};
