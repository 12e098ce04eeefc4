import { relative } from 'node:path';
import { safeText } from '../lint/quote.js';
import { linesOf } from '../text/doc-lines.js';
import type { LinkedDocument, Range } from '../model/types.js';
import type { Edge, EdgeSource, WorkGraph } from './graph.js';

/** A work item's requirements as `sot explain` prints them and `sot graph --format json` carries them (cli/requirements-view.ts). */
export interface RequirementView {
  /** `stage2-pass`, a condition id, or `free text`. */
  requirement: string;
  kind: 'gate' | 'condition' | 'free-text';
  /** The stated words, for a free-text requirement. */
  text?: string;
  stated: { filePath: string; line: number; column: number; origin: string }[];
  fromConfig?: true;
  status: 'met' | 'unmet' | 'not-checked';
  metBy?: { filePath: string; line: number };
  /** For an unmet gate: each recorded pass and the conditions it misses. */
  passes?: { filePath: string; line: number; misses: string[] }[];
}

export interface ItemRequirementsView {
  requirements: RequirementView[];
  /** "A configured endpoint alone does not validate it": where said, and whether that leaves it unmet. */
  endpointAlone?: { stated: { filePath: string; line: number }[]; unmet: boolean };
}

/** The graph as plain data: what the json format prints and the other formats draw. */
export interface GraphView {
  nodes: {
    id: string;
    kind: 'item' | 'dangling' | 'document';
    status?: string;
    title?: string;
    /** Task-list progress of the (first) definition's `Acceptance:` list, when it has task items. */
    acceptance?: { checked: number; total: number };
    definitions: { filePath: string; line: number }[];
    requirements?: ItemRequirementsView;
  }[];
  edges: { from: string; to: string; kind: Edge['kind']; label: string; filePath: string; line: number; column: number }[];
}

/**
 * How text read from the documents is printed (SPEC §3: one redactor for every output): a value read
 * from `doc` inside `range` (an id, a title, a Status value) with what lies inside a leaked value
 * withheld, and a file path with any value in a folder or file name withheld.
 */
export interface GraphRedaction {
  value(doc: LinkedDocument, range: Range, value: string): string;
  /** `path` as printed; `of`: the absolute path of the document it names. */
  path(path: string, of?: string): string;
}

/** Without a redactor (library callers that print nothing): titles through `safeText`, the rest as read. */
const NO_REDACTION: GraphRedaction = { value: (_doc, _range, v) => safeText(v), path: (p) => p };

/**
 * Ids as printed: an id read from inside a leaked value (`## CTO-WORK-100.88.12.7 - X` defines
 * `CTO-WORK-100`) shows the part inside the value withheld; document nodes (`doc:PATH`) show their
 * path so.
 */
export function shownIds(graph: WorkGraph, redact: GraphRedaction, cwd = process.cwd()): (id: string) => string {
  const shownId = new Map<string, string>();
  for (const e of [...graph.claims, ...graph.mentions]) {
    if (e.from.kind !== 'document') continue;
    const id = docNodeId(e.from.doc, cwd);
    if (!shownId.has(id)) shownId.set(id, `doc:${redact.path(id.slice(4), e.from.doc.path)}`);
  }
  const noteId = (id: string, doc: LinkedDocument, range: Range) => {
    if (shownId.has(id) && shownId.get(id) !== id) return;
    shownId.set(id, redact.value(doc, range, id));
  };
  for (const n of graph.nodes.values()) for (const d of n.definitions) noteId(n.id, d.doc, d.headingRange);
  for (const e of graph.blockedBy) noteId(e.to, e.doc, e.range);
  for (const e of graph.claims) noteId(e.to, e.doc, e.claim.range);
  for (const e of graph.mentions) noteId(e.to, e.doc, e.ref.range);
  return (id) => shownId.get(id) ?? (id.startsWith('doc:') ? `doc:${redact.path(id.slice(4))}` : id);
}

const docNodeId = (doc: LinkedDocument, cwd: string) => `doc:${relative(cwd, doc.path) || doc.path}`;

function sourceId(from: EdgeSource, cwd: string): string {
  return from.kind === 'item' ? from.id : docNodeId(from.doc, cwd);
}

/**
 * Builds the view, optionally limited to the items within `depth` edges of `root` (either
 * direction). Mentions are drawn only where no stronger edge joins the same two nodes.
 */
export function graphView(graph: WorkGraph, options: { cwd: string; root?: string; depth?: number; redact?: GraphRedaction }): GraphView {
  const { cwd } = options;
  const redact = options.redact ?? NO_REDACTION;
  const edges: GraphView['edges'] = [];
  const seen = new Set<string>();
  const push = (e: Edge, from: string, label: string, range: { start: number }) => {
    const key = `${from}\0${e.to}\0${e.kind}\0${label}`;
    if (seen.has(key)) return;
    seen.add(key);
    const p = linesOf(e.doc).point(range.start);
    edges.push({ from, to: e.to, kind: e.kind, label, filePath: redact.path(relative(cwd, e.doc.path), e.doc.path), line: p.line, column: p.column });
  };
  for (const e of graph.blockedBy) push(e, e.from, 'blocked by', e.range);
  for (const e of graph.claims) push(e, sourceId(e.from, cwd), e.claim.asserts === 'not-validated-by-evidence' ? 'does not validate' : `claims ${e.claim.asserts}`, e.claim.range);
  const strong = new Set(edges.map((e) => `${e.from}\0${e.to}`));
  for (const e of graph.mentions) {
    const from = sourceId(e.from, cwd);
    if (from === e.to || strong.has(`${from}\0${e.to}`)) continue;
    push(e, from, 'mentions', e.ref.range);
  }

  let keep: Set<string> | undefined;
  if (options.root) {
    keep = new Set([options.root]);
    let frontier = [options.root];
    for (let d = 0; d < (options.depth ?? 2) && frontier.length; d++) {
      const next: string[] = [];
      for (const e of edges) {
        for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
          if (frontier.includes(a) && !keep.has(b)) {
            keep.add(b);
            next.push(b);
          }
        }
      }
      frontier = next;
    }
  }
  const kept = edges.filter((e) => !keep || (keep.has(e.from) && keep.has(e.to)));
  const ids = new Set<string>([...graph.nodes.keys()].filter((id) => !keep || keep.has(id)));
  for (const e of kept) {
    ids.add(e.from);
    ids.add(e.to);
  }
  const idOf = shownIds(graph, redact, cwd);
  const docsById = new Map<string, LinkedDocument>();
  for (const e of [...graph.claims, ...graph.mentions]) if (e.from.kind === 'document') docsById.set(docNodeId(e.from.doc, cwd), e.from.doc);
  const nodes: GraphView['nodes'] = [...ids].sort().map((id) => {
    const node = graph.nodes.get(id);
    if (node) {
      const first = node.definitions[0];
      const title = first?.item.title;
      // Status values and titles are read from the documents: printed through the redactor too.
      const status = node.status !== undefined && first ? redact.value(first.doc, first.statusRange, node.status) : node.definitions.length > 1 ? 'conflicting' : 'unknown';
      const acceptance = first?.item.acceptance;
      return {
        id: idOf(id),
        kind: 'item' as const,
        status,
        title: title === undefined || !first ? undefined : redact.value(first.doc, first.headingRange, title.replace(/\s+/g, ' ').trim()),
        definitions: node.definitions.map((d) => ({ filePath: redact.path(relative(cwd, d.doc.path), d.doc.path), line: linesOf(d.doc).point(d.headingRange.start).line })),
        ...(acceptance ? { acceptance: { checked: acceptance.checked, total: acceptance.total } } : {}),
      };
    }
    if (docsById.has(id)) return { id: idOf(id), kind: 'document' as const, definitions: [] };
    return { id: idOf(id), kind: 'dangling' as const, definitions: [] };
  });
  const shownEdges = kept.map((e) => ({ ...e, from: idOf(e.from), to: idOf(e.to) }));
  return { nodes, edges: shownEdges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.label.localeCompare(b.label)) };
}

const STATUS_STYLE: Record<string, { fill: string; stroke: string }> = {
  validated: { fill: '#d4f7d4', stroke: '#2e7d32' },
  blocked: { fill: '#fde0dc', stroke: '#c62828' },
  conflicting: { fill: '#fff3cd', stroke: '#b26a00' },
};
const DEFAULT_STYLE = { fill: '#e8eaf6', stroke: '#3949ab' };

function nodeLabel(n: GraphView['nodes'][number]): string[] {
  if (n.kind === 'document') return [n.id.slice(4)];
  if (n.kind === 'dangling') return [n.id, 'not defined'];
  return [n.id, n.status ?? 'unknown', ...(n.title ? [n.title] : [])];
}

export function toMermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((n, i) => [n.id, `n${i}`]));
  const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
  const lines = ['flowchart LR'];
  for (const n of view.nodes) {
    const label = nodeLabel(n).map(esc).join('<br/>');
    const shape = n.kind === 'document' ? `[/"${label}"/]` : `["${label}"]`;
    const cls = n.kind === 'item' ? (n.status && STATUS_STYLE[n.status] ? n.status : 'other') : n.kind;
    lines.push(`  ${ids.get(n.id)}${shape}:::${cls}`);
  }
  for (const e of view.edges) {
    const arrow = e.kind === 'blocked-by' ? '-->' : '-.->';
    lines.push(`  ${ids.get(e.from)} ${arrow}|${esc(e.label)}| ${ids.get(e.to)}`);
  }
  for (const [name, s] of Object.entries(STATUS_STYLE)) lines.push(`  classDef ${name} fill:${s.fill},stroke:${s.stroke}`);
  lines.push(`  classDef other fill:${DEFAULT_STYLE.fill},stroke:${DEFAULT_STYLE.stroke}`);
  lines.push('  classDef dangling fill:#ffffff,stroke:#757575,stroke-dasharray:5 5');
  lines.push('  classDef document fill:#f5f5f5,stroke:#9e9e9e');
  return `${lines.join('\n')}\n`;
}

export function toDot(view: GraphView): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = ['digraph sot {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
  for (const n of view.nodes) {
    const style = n.kind === 'item' ? (STATUS_STYLE[n.status ?? ''] ?? DEFAULT_STYLE) : { fill: '#ffffff', stroke: '#757575' };
    const attrs = [`label=${q(nodeLabel(n).join('\n'))}`, `fillcolor=${q(style.fill)}`, `color=${q(style.stroke)}`];
    if (n.kind === 'dangling') attrs.push('style="rounded,dashed"');
    if (n.kind === 'document') attrs.push('shape=note');
    lines.push(`  ${q(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of view.edges) {
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}${e.kind === 'blocked-by' ? '' : ', style=dashed'}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
