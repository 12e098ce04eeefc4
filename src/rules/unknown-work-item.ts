import { byFirstDefinition, type ItemNode, type WorkGraph } from '../graph/graph.js';
import type { WorkspaceRule } from '../lint/types.js';
import type { Reference } from '../model/types.js';
import { MemoKey, type RunMemos } from '../util/run-memo.js';

export const unknownWorkItem: WorkspaceRule = {
  meta: {
    id: 'unknown-work-item',
    scope: 'workspace',
    description: 'Every referenced work-item id is defined in the linted set or declared external',
    defaultSeverity: 'warn',
    tags: ['work-items', 'graph'],
    docs: 'A reference to an id that no linted document defines is either a typo (when the id is referenced only once, the message suggests a defined id one edit away) or an item that lives elsewhere: list it under `externalItems` in the config. Reported once per id per file, at its first reference.',
  },
  examples: {
    ok: [
      {
        name: 'defined',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.

See \`CTO-WORK-002\`.

## CTO-WORK-002 - Example Item

Status: open.

Acceptance:

- It works.
`,
        },
      },
      {
        name: 'declared external',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.

See \`CTO-WORK-016\`.
`,
        },
        config: {"externalItems":["CTO-WORK-016"]},
      },
    ],
    notOk: [
      {
        name: 'only mentioned, twice',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.

See \`CTO-WORK-016\` and again CTO-WORK-016.
`,
        },
        errors: [
          'A-ISSUES.md 24:6-24:18 `CTO-WORK-016` is not defined in the linted set (2 references in this file); if it lives elsewhere, add it to `externalItems` in the config',
        ],
      },
      {
        name: 'typo one edit away',
        files: {
          'A-ISSUES.md': `---
title: A Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# A Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-001 - Example Item

Status: open.

Acceptance:

- It works.

Blocked by:

- \`CTO-WORK-011\`.
`,
        },
        errors: [
          'A-ISSUES.md 26:4-26:16 `CTO-WORK-011` is not defined in the linted set (1 reference in this file); did you mean `CTO-WORK-001`?',
        ],
      },
    ],
  },
  /**
   * The ids the document references and how often, as `[id, id, count, …]` (a count follows an id
   * referenced more than once): what the typo check counts across every document, without
   * decoding their references. An id inside a leaked value is left out: it is the value's text.
   */
  prepare(doc, ctx): PreparedIds {
    const leaks = doc.references.length ? ctx.leaks() : [];
    const counts = new Map<string, number>();
    for (const ref of doc.references) {
      if (leaks.some((l) => l.start < ref.range.end && ref.range.start < l.end)) continue;
      counts.set(ref.id, (counts.get(ref.id) ?? 0) + 1);
    }
    return [...counts].flatMap(([id, n]) => (n === 1 ? [id] : [id, n]));
  },
  check(ctx) {
    const graph = ctx.graph();
    const external = new Set(ctx.config.externalItems);
    const suggestions = new Map<string, string | undefined>();
    const known = (id: string) => graph.nodes.has(id) || external.has(id);
    // A document without leaks whose prepared ids (every id it references) are all known has
    // nothing to report: its references are not read (a cached document decodes them lazily).
    const wanted = ctx.wantedDocs.filter((doc) => {
      if (!doc.leaks || doc.leaks.length) return true;
      const seen = ctx.prepared<PreparedIds>(doc);
      for (const x of seen) if (typeof x === 'string' && !known(x)) return true;
      return false;
    });
    // A typo is made once; an id referenced from several places is a real item defined elsewhere.
    // Counted over every document only when a wanted one has an undefined id (usually none).
    let total: Map<string, number> | undefined;
    const countOf = (id: string) => (total ??= referenceCounts(ctx.docs.map((doc) => ctx.prepared<PreparedIds>(doc)), ctx.memos)).get(id) ?? 0;
    for (const doc of wanted) {
      const firstRef = new Map<string, { ref: Reference; count: number }>();
      for (const ref of doc.references) {
        if (ref.context === 'definition' || graph.nodes.has(ref.id) || external.has(ref.id)) continue;
        const seen = firstRef.get(ref.id);
        if (seen) seen.count++;
        else firstRef.set(ref.id, { ref, count: 1 });
      }
      for (const [id, { ref, count }] of firstRef) {
        if (!suggestions.has(id)) suggestions.set(id, countOf(id) === 1 ? nearestDefined(graph, id) : undefined);
        const near = suggestions.get(id);
        ctx.report(doc, {
          range: ref.range,
          message: `\`${id}\` is not defined in the linted set (${count} reference${count === 1 ? '' : 's'} in this file)${near ? `; did you mean \`${near}\`?` : '; if it lives elsewhere, add it to `externalItems` in the config'}`,
          key: id,
        });
      }
    }
  },
};

/** Ids a document references, each followed by its count when over one (see `prepare`). */
type PreparedIds = (string | number)[];

/** The defined id one edit away from `id` that is defined first (in path order), if any. */
function nearestDefined(graph: WorkGraph, id: string): string | undefined {
  let best: ItemNode | undefined;
  for (const node of graph.nodes.values()) if (oneEditApart(node.id, id) && (!best || byFirstDefinition(node, best) < 0)) best = node;
  return best?.id;
}

/**
 * How often each id is referenced over all documents, from their prepared parts. An editor asks
 * again after every edit with a few documents changed: the last counts are corrected for those
 * (a sum, so any difference works) instead of being counted over every document again.
 */
function referenceCounts(parts: readonly PreparedIds[], memos: RunMemos): Map<string, number> {
  const prev = memos.get(LAST_COUNTS);
  if (prev && prev.parts.length === parts.length) {
    const changed: number[] = [];
    for (let i = 0; i < parts.length && changed.length <= MAX_RECOUNTED; i++) if (parts[i] !== prev.parts[i]) changed.push(i);
    if (changed.length <= MAX_RECOUNTED) {
      for (const i of changed) {
        addCounts(prev.counts, prev.parts[i]!, -1);
        addCounts(prev.counts, parts[i]!, 1);
      }
      memos.set(LAST_COUNTS, { parts, counts: prev.counts });
      return prev.counts;
    }
  }
  const counts = new Map<string, number>();
  for (const part of parts) addCounts(counts, part, 1);
  memos.set(LAST_COUNTS, { parts, counts });
  return counts;
}

const LAST_COUNTS = new MemoKey<{ parts: readonly PreparedIds[]; counts: Map<string, number> }>('unknown-work-item: last counts');
/** More changed documents than this: count everything again. */
const MAX_RECOUNTED = 16;

function addCounts(counts: Map<string, number>, part: PreparedIds, sign: 1 | -1): void {
  for (let i = 0; i < part.length; i++) {
    const id = part[i] as string;
    const n = typeof part[i + 1] === 'number' ? (part[++i] as number) : 1;
    const sum = (counts.get(id) ?? 0) + sign * n;
    if (sum) counts.set(id, sum);
    else counts.delete(id);
  }
}

/** Levenshtein distance exactly 1 (one character replaced, added or removed), in one pass. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
