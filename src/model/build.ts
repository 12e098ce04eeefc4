import { basename } from 'node:path';
import type { Heading as MdHeading, List as MdList, Nodes, Root, RootContent } from 'mdast';
import { readFrontmatter } from '../parse/frontmatter.js';
import { extractClaims } from './claims.js';
import { extractStatements } from './requirements.js';
import type { ModelOptions } from './options.js';
import { plainText } from './plain-text.js';
import type {
  Directive, DocumentKind, Heading, List, ListItem, Range, Reference, ReferenceContext, Section, SotDocument, StatusLine, WorkItem,
} from './types.js';

const LABEL_PARAGRAPH = /^([A-Z][A-Za-z0-9 /'()-]{0,60}):$/;
// The value is trimmed in code: `\s*(.*?)\s*$` lets the lazy group and the spaces trade characters
// (polynomial backtracking on a long run of spaces).
const STATUS_LINE = /^status\s*:(.*)$/i;
const WELL_FORMED_STATUS = /^Status: [a-z][a-z0-9-]*\.$/;
/** Looks like an item id at the start of an H2, well formed or not (`CTO-WORK-30`, `CTO-WORK-030:`). */
const ITEM_LIKE_HEADING = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+(?![A-Za-z])/;

function rangeOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Range {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** Builds the document model from the one parse of a file. */
export function buildDocument(path: string, text: string, tree: Root, options: ModelOptions): SotDocument {
  const doc: SotDocument = {
    path, text, kind: 'unknown', headings: [], blocks: [], sections: [], lists: [], workItems: [],
    references: [], links: { items: [], blockedBy: [] }, claims: [], directives: [], htmlRanges: [], codeRanges: [],
  };
  const listLabels = new Map<MdList, { label: string; range: Range }>();
  let currentItem: WorkItem | undefined;
  let pendingLabel: { label: string; range: Range } | undefined;

  for (const node of tree.children) {
    const range = rangeOf(node);
    doc.blocks.push({ type: node.type, range });
    if (pendingLabel && node.type !== 'list') {
      currentItem?.emptyLabels.push(pendingLabel);
      pendingLabel = undefined;
    }
    switch (node.type) {
      case 'yaml':
        doc.frontmatter = readFrontmatter(text, range);
        break;
      case 'heading': {
        const heading = toHeading(node, text);
        doc.headings.push(heading);
        if (heading.depth === 2) {
          currentItem = startSection(doc, heading, options);
        }
        break;
      }
      case 'paragraph': {
        if (!currentItem) break;
        const para = plainText(node);
        const status = STATUS_LINE.exec(para.trimEnd());
        if (status) {
          if (currentItem.status) currentItem.extraStatusLines.push(range);
          else currentItem.status = statusLine(text, range, (status[1] ?? '').trim());
          break;
        }
        const label = LABEL_PARAGRAPH.exec(para);
        if (label) pendingLabel = { label: label[1]!, range };
        break;
      }
      case 'list':
        if (pendingLabel) {
          listLabels.set(node, pendingLabel);
          pendingLabel = undefined;
        }
        break;
      default:
        break;
    }
  }
  if (pendingLabel) currentItem?.emptyLabels.push(pendingLabel);

  finishSections(doc, text.length);
  collectBlocks(doc, tree, listLabels, options);
  doc.title = titleOf(doc);
  doc.kind = kindOf(doc, options);
  doc.links.items = doc.workItems.map((w) => (w.status ? { id: w.id, status: w.status.value, heading: w.heading.range, statusLine: w.status.range } : { id: w.id, heading: w.heading.range }));
  return doc;
}

function toHeading(node: MdHeading, text: string): Heading {
  const range = rangeOf(node);
  const first = node.children[0];
  const last = node.children[node.children.length - 1];
  const textRange = first && last ? { start: rangeOf(first).start, end: rangeOf(last).end } : { start: range.end, end: range.end };
  void text;
  return { depth: node.depth, text: plainText(node), range, textRange };
}

function startSection(doc: SotDocument, heading: Heading, options: ModelOptions): WorkItem | undefined {
  const index = doc.sections.length;
  const section: Section = { heading, kind: 'plain', range: { start: heading.range.start, end: heading.range.end } };
  doc.sections.push(section);
  // The project's own id shape first (`feat-12`), then anything id-like (`CTO-WORK-30`), which
  // work-item-heading then reports as malformed.
  const idMatch = options.idAtStart.exec(heading.text) ?? ITEM_LIKE_HEADING.exec(heading.text);
  if (idMatch) {
    section.kind = 'work-item';
    const id = idMatch[0];
    if (!options.idExact.test(id)) return undefined;
    const rest = heading.text.slice(id.length);
    const separator = /^\s+-\s+/.exec(rest);
    const item: WorkItem = {
      id,
      title: (separator ? rest.slice(separator[0].length) : rest.replace(/^[\s:–—-]+/, '')).trim(),
      section: index,
      heading,
      idRange: { start: heading.textRange.start, end: heading.textRange.start + id.length },
      extraStatusLines: [],
      lists: {},
      emptyLabels: [],
      evidenceSections: [],
    };
    doc.workItems.push(item);
    return item;
  }
  const evidence = options.evidenceHeading.exec(heading.text);
  if (evidence) {
    section.kind = 'evidence';
    if (evidence.groups?.date) section.date = evidence.groups.date;
    const owner = doc.workItems.length - 1;
    if (owner >= 0) {
      section.ownerItem = owner;
      doc.workItems[owner]!.evidenceSections.push(index);
    }
  }
  return undefined;
}

function statusLine(text: string, range: Range, rawValue: string): StatusLine {
  const source = text.slice(range.start, range.end);
  const colon = source.indexOf(':');
  let valueStart = range.start + colon + 1;
  while (valueStart < range.end && /\s/.test(text[valueStart]!)) valueStart++;
  let valueEnd = range.end;
  while (valueEnd > valueStart && /[\s.]/.test(text[valueEnd - 1]!)) valueEnd--;
  return {
    value: rawValue.replace(/\.$/, '').trim().toLowerCase(),
    range,
    valueRange: { start: valueStart, end: valueEnd },
    wellFormed: WELL_FORMED_STATUS.test(source.trim()),
  };
}

function finishSections(doc: SotDocument, end: number): void {
  for (let i = 0; i < doc.sections.length; i++) {
    const next = doc.sections[i + 1];
    doc.sections[i]!.range.end = next ? next.heading.range.start : end;
  }
}

/** Index of the section holding `offset`, or -1 before the first H2. */
export function sectionAt(doc: SotDocument, offset: number): number {
  let lo = 0;
  let hi = doc.sections.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (doc.sections[mid]!.range.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The work item a section belongs to: its own, or the owner of an evidence section. */
function itemOfSection(doc: SotDocument, section: number): number | undefined {
  if (section < 0) return undefined;
  const s = doc.sections[section]!;
  if (s.kind === 'evidence') return s.ownerItem;
  if (s.kind !== 'work-item') return undefined;
  const i = doc.workItems.findIndex((w) => w.section === section);
  return i === -1 ? undefined : i;
}

/**
 * One iterative walk over the whole tree: lists and their items, prose blocks (for ids and claims),
 * HTML (for directives) and code. Iterative so pathological nesting cannot overflow the stack.
 */
function collectBlocks(doc: SotDocument, tree: Root, listLabels: Map<MdList, { label: string; range: Range }>, options: ModelOptions): void {
  const text = doc.text;
  const prose: { range: Range; context: ReferenceContext }[] = [];
  const stack: { node: Nodes; context: ReferenceContext }[] = [];
  for (let i = tree.children.length - 1; i >= 0; i--) stack.push({ node: tree.children[i] as RootContent, context: 'prose' });
  while (stack.length) {
    const { node, context } = stack.pop()!;
    switch (node.type) {
      case 'heading': {
        const section = doc.sections.find((s) => s.heading.range.start === rangeOf(node).start);
        const isDefinition = section?.kind === 'work-item';
        prose.push({ range: rangeOf(node), context: isDefinition ? 'definition' : 'heading' });
        continue;
      }
      case 'paragraph':
      case 'tableCell':
        prose.push({ range: rangeOf(node), context });
        continue;
      case 'html': {
        const range = rangeOf(node);
        doc.htmlRanges.push(range);
        const directive = parseDirective(node.value, range);
        if (directive) doc.directives.push(directive);
        continue;
      }
      case 'code':
        doc.codeRanges.push(rangeOf(node));
        prose.push({ range: rangeOf(node), context: 'code' });
        continue;
      case 'inlineCode':
        continue;
      case 'list': {
        const list = toList(doc, node, listLabels.get(node));
        doc.lists.push(list);
        const itemContext: ReferenceContext = list.label?.toLowerCase() === 'blocked by' ? 'blocked-by' : 'list';
        for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, context: itemContext });
        continue;
      }
      default:
        if ('children' in node) {
          for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as Nodes, context });
        }
    }
  }
  for (const block of prose) {
    const item = itemOfSection(doc, sectionAt(doc, block.range.start));
    scanReferences(doc, block.range, block.context, item, options);
    if (block.context !== 'code' && block.context !== 'definition') {
      for (const claim of extractClaims(text, block.range, options)) doc.claims.push({ ...claim, ownerItem: item });
      const statements = extractStatements(text, block.range, options);
      if (statements.length) (doc.statements ??= []).push(...statements);
    }
  }
  // Labelled lists belong to the item whose section holds them.
  doc.lists.forEach((list, index) => {
    if (!list.label) return;
    const item = itemOfSection(doc, list.section);
    if (item === undefined || doc.sections[list.section]?.kind !== 'work-item') return;
    const key = list.label.toLowerCase();
    const lists = doc.workItems[item]!.lists;
    if (lists[key] === undefined) lists[key] = index;
  });
}

function toList(doc: SotDocument, node: MdList, label: { label: string; range: Range } | undefined): List {
  const items: ListItem[] = node.children.map((child) => {
    const range = rangeOf(child);
    const item: ListItem = { text: plainText(child), range };
    const para = child.children[0];
    if (para?.type === 'paragraph') {
      const field = splitField(doc.text, rangeOf(para));
      if (field) item.field = field;
    }
    return item;
  });
  const range = rangeOf(node);
  return { range, items, label: label?.label, labelRange: label?.range, section: sectionAt(doc, range.start) };
}

/** `Label: value` in an item's first paragraph, with the value's source range (backticks and final period trimmed). */
function splitField(text: string, para: Range): ListItem['field'] {
  const source = text.slice(para.start, para.end);
  const colon = source.indexOf(': ');
  if (colon <= 0 || colon > 80) return undefined;
  const rawLabel = source.slice(0, colon);
  if (rawLabel.includes('`') && !/^[^`]*$/.test(rawLabel.replace(/`[^`]*`/g, ''))) return undefined;
  const label = rawLabel.replace(/[`*_]/g, '').trim();
  if (!label) return undefined;
  let start = para.start + colon + 2;
  let end = para.end;
  while (start < end && /[\s`*]/.test(text[start]!)) start++;
  while (end > start && /[\s`*.]/.test(text[end - 1]!)) end--;
  return { label, value: text.slice(start, end), valueRange: { start, end } };
}

function scanReferences(doc: SotDocument, range: Range, context: ReferenceContext, item: number | undefined, options: ModelOptions): void {
  const slice = doc.text.slice(range.start, range.end);
  const re = options.idRegex;
  re.lastIndex = 0;
  let first = true;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const ref: Reference = {
      id: m[0],
      range: { start: range.start + m.index, end: range.start + m.index + m[0].length },
      context: context === 'definition' && !first ? 'heading' : context,
    };
    if (item !== undefined) ref.ownerItem = item;
    if (item !== undefined && ref.context === 'blocked-by') doc.links.blockedBy.push({ item, id: ref.id, ref: doc.references.length, range: ref.range });
    doc.references.push(ref);
    first = false;
  }
}

const DIRECTIVE = /^<!--\s*sot-(disable-next-line|disable|enable)\b([\s\S]*?)-->\s*$/;

function parseDirective(html: string, range: Range): Directive | undefined {
  const m = DIRECTIVE.exec(html.trim());
  if (!m) return undefined;
  const body = m[2] ?? '';
  const sep = body.indexOf(' -- ');
  const rulePart = sep === -1 ? body.replace(/\s--\s*$/, '') : body.slice(0, sep);
  const reason = sep === -1 ? undefined : body.slice(sep + 4).trim() || undefined;
  const rules = rulePart.split(/[\s,]+/).filter(Boolean);
  return { kind: m[1] as Directive['kind'], rules, reason, range };
}

function titleOf(doc: SotDocument): string | undefined {
  const fmTitle = doc.frontmatter?.data?.title;
  if (typeof fmTitle === 'string' && fmTitle.trim()) return fmTitle.trim();
  return doc.headings.find((h) => h.depth === 1)?.text || undefined;
}

function kindOf(doc: SotDocument, options: ModelOptions): DocumentKind {
  const name = basename(doc.path);
  for (const k of options.documents.kinds) {
    if (doc.title?.endsWith(k.titleSuffix)) return k.kind;
  }
  for (const k of options.documents.kinds) {
    if (name.toUpperCase().endsWith(k.fileSuffix.toUpperCase())) return k.kind;
  }
  // Work items make a document of the kind that holds them, when no title or name says otherwise.
  const holder = doc.workItems.length > 0 ? options.documents.kinds.find((k) => (k.minWorkItems ?? 0) > 0) : undefined;
  return holder?.kind ?? 'unknown';
}
