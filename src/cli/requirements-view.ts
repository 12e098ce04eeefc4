/**
 * A work item's requirements as `sot explain` prints them and `sot graph --format json` carries
 * them: each with where the documents (or the config) state it, and which evidence meets it or
 * what is missing. Read from the evidence-gate rule's prepared parts, so it answers what the rule
 * checks.
 */
import { relative } from 'node:path';
import { indexRequirements, itemRequirements, type PreparedEvidence, type RequirementIndex } from '../gate/requirement-status.js';
import { linesOf } from '../text/doc-lines.js';
import { safeText } from '../lint/quote.js';
import type { GraphRedaction, ItemRequirementsView, RequirementView } from '../graph/render.js';

export type { ItemRequirementsView, RequirementView };
import type { ModelOptions } from '../model/options.js';
import type { LinkedDocument, Range } from '../model/types.js';
import { evidenceGate } from '../rules/evidence-gate.js';
import { byPath } from '../util/order.js';

const preparedOf = (doc: LinkedDocument): PreparedEvidence => (doc.prepared?.[evidenceGate.meta.id] as PreparedEvidence | undefined) ?? { outcomes: [], requirements: [] };

/** The documents' requirements, indexed once for any number of items (in path order, as the rule reads them). */
export function requirementsIndex(docs: readonly LinkedDocument[]): RequirementIndex<LinkedDocument> {
  return indexRequirements([...docs].sort(byPath), preparedOf, { freeText: true });
}

/**
 * `redact` (the commands' one redactor) withholds what lies inside a leaked value: in a free-text
 * requirement's words and in file paths. Without it (library callers that print nothing), text is
 * only made printable.
 */
export function requirementsView(id: string, index: RequirementIndex<LinkedDocument>, options: ModelOptions, cwd: string, redact?: GraphRedaction): ItemRequirementsView {
  const state = itemRequirements(id, index, options.evidence);
  const at = (doc: LinkedDocument, range: Range) => {
    const p = linesOf(doc).point(range.start);
    const path = relative(cwd, doc.path) || doc.path;
    return { filePath: redact ? redact.path(path, doc.path) : path, line: p.line, column: p.column };
  };
  const words = (doc: LinkedDocument, range: Range) => {
    const text = doc.text.slice(range.start, range.end);
    return redact ? redact.value(doc, range, text) : safeText(text);
  };
  const view: ItemRequirementsView = {
    requirements: state.requirements.map((r) => {
      const kind = r.key?.startsWith('gate:') ? 'gate' : r.key ? 'condition' : 'free-text';
      const v: RequirementView = {
        requirement: r.key ? r.key.replace(/^\w+:/, '') : 'free text',
        kind,
        stated: r.stated.map((s) => ({ ...at(s.doc, s.range), origin: s.origin })),
        status: !r.key ? 'not-checked' : r.metBy ? 'met' : 'unmet',
      };
      const first = r.stated[0];
      if (!r.key) v.text = first ? words(first.doc, first.part) : safeText(r.configured?.text ?? '');
      if (r.configured) v.fromConfig = true;
      if (r.metBy) {
        const p = at(r.metBy.doc, r.metBy.range);
        v.metBy = { filePath: p.filePath, line: p.line };
      }
      if (r.key && !r.metBy && r.passes.length) v.passes = r.passes.map((p) => ({ ...at(p.doc, p.range), misses: p.unmet })).map(({ filePath, line, misses }) => ({ filePath, line, misses }));
      return v;
    }),
  };
  if (state.endpointAlone.length) view.endpointAlone = { stated: state.endpointAlone.map((p) => at(p.doc, p.range)).map(({ filePath, line }) => ({ filePath, line })), unmet: state.endpointAloneUnmet };
  return view;
}

/** The view as the lines `sot explain` prints under "requirements". */
export function requirementLines(view: ItemRequirementsView, status: string | undefined): string[] {
  if (!view.requirements.length && !view.endpointAlone) return ['  requirements: none stated in the documents or the config'];
  const out = [`  requirements (what the documents require before it may be validated${status === 'validated' ? '' : '; checked once it is'}):`];
  for (const r of view.requirements) {
    const where = [...r.stated.map((s) => `${s.filePath}:${s.line}:${s.column} (${s.origin})`), ...(r.fromConfig ? ['the config'] : [])].join(', ');
    if (r.kind === 'free-text') {
      out.push(`    - free text, not checked: "${r.text}" (${where})`);
      continue;
    }
    const verdict = r.status === 'met'
      ? `met by the evidence at ${r.metBy!.filePath}:${r.metBy!.line}`
      : r.passes?.length
        ? `NOT met: ${r.passes.slice(0, 3).map((p) => `the pass at ${p.filePath}:${p.line} misses ${p.misses.join(', ')}`).join('; ')}`
        : 'NOT met: no evidence in the linted set meets it';
    out.push(`    - ${r.requirement} (${r.kind}): ${verdict}`);
    out.push(`      stated at ${where}`);
  }
  if (view.endpointAlone) {
    out.push(`    - a configured endpoint alone does not validate it (${view.endpointAlone.stated.map((s) => `${s.filePath}:${s.line}`).join(', ')})${view.endpointAlone.unmet ? ': NOT met, no other checkable requirement is stated' : ''}`);
  }
  return out;
}
