import { basename } from 'node:path';
import type { Heading as MdHeading, List as MdList, ListItem as MdListItem, Nodes, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { ParsedDocument } from '../parse/document.js';
import { extractClaims } from './claims.js';
import { extractStatements } from './requirements.js';
import type { ModelOptions } from './options.js';
import { isStruck, plainText, struckRanges, withoutStruck } from './plain-text.js';
import type {
  Directive, DocumentKind, Heading, List, ListItem, Range, Reference, ReferenceContext, Section, SotDocument, StatusLine, WorkItem,
} from './types.js';

/** A label paragraph's list: a Markdown list, or a GFM table read as one (see `listTable`). */
type Labelled = MdList | Table;
/** The key of the `Acceptance:` list in `WorkItem.lists`, whose task items are the item's acceptance progress. */
const ACCEPTANCE = 'acceptance';

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

/** Builds the document model from the one parse of a file (`parseDocument(text)`). */
export function buildDocument(path: string, text: string, parsed: ParsedDocument, options: ModelOptions): SotDocument {
  const { tree } = parsed;
  const doc: SotDocument = {
    path, text, kind: 'unknown', headings: [], blocks: [], sections: [], lists: [], workItems: [],
    references: [], links: { items: [], blockedBy: [] }, claims: [], directives: [], htmlRanges: [], codeRanges: [],
    struck: struckRanges(tree, text),
  };
  const listLabels = new Map<Labelled, { label: string; range: Range }>();
  let currentItem: WorkItem | undefined;
  let pendingLabel: { label: string; range: Range } | undefined;

  for (const node of tree.children) {
    const range = rangeOf(node);
    doc.blocks.push({ type: node.type, range });
    if (pendingLabel && node.type !== 'list' && !(node.type === 'table' && listTable(node))) {
      // A table that is no list (three columns, a header row only) says so in the finding.
      currentItem?.emptyLabels.push(node.type === 'table' ? { ...pendingLabel, table: { columns: node.align?.length ?? 0, rows: node.children.length - 1 } } : pendingLabel);
      pendingLabel = undefined;
    }
    switch (node.type) {
      case 'yaml':
        if (parsed.frontmatter) doc.frontmatter = parsed.frontmatter;
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
          else currentItem.status = statusLine(text, range, (status[1] ?? '').trim(), doc.struck);
          break;
        }
        const label = LABEL_PARAGRAPH.exec(para);
        if (label) pendingLabel = { label: label[1]!, range };
        break;
      }
      case 'list':
      case 'table':
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
      idRange: idRangeIn(doc, heading, id),
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

/** Where `id` is written in a heading: its first occurrence that is not struck through (text before it may be). */
function idRangeIn(doc: SotDocument, heading: Heading, id: string): Range {
  for (let at = doc.text.indexOf(id, heading.textRange.start); at !== -1 && at < heading.range.end; at = doc.text.indexOf(id, at + 1)) {
    if (!isStruck(doc.struck, at, at + id.length)) return { start: at, end: at + id.length };
  }
  return { start: heading.textRange.start, end: heading.textRange.start + id.length };
}

/** A Status line; struck-through text in it is withdrawn (read as spaces), and makes the line not well formed. */
function statusLine(text: string, range: Range, rawValue: string, struck: readonly Range[]): StatusLine {
  const source = withoutStruck(text, range, struck);
  const at = (offset: number) => source[offset - range.start]!;
  const colon = source.indexOf(':');
  let valueStart = range.start + colon + 1;
  while (valueStart < range.end && /\s/.test(at(valueStart))) valueStart++;
  let valueEnd = range.end;
  while (valueEnd > valueStart && /[\s.]/.test(at(valueEnd - 1))) valueEnd--;
  return {
    value: rawValue.replace(/\.$/, '').trim().toLowerCase(),
    range,
    valueRange: { start: valueStart, end: valueEnd },
    wellFormed: WELL_FORMED_STATUS.test(source.trim()) && source === text.slice(range.start, range.end),
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
function collectBlocks(doc: SotDocument, tree: Root, listLabels: Map<Labelled, { label: string; range: Range }>, options: ModelOptions): void {
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
        prose.push({ range: rangeOf(node), context });
        continue;
      case 'tableCell': {
        // A cell is prose, positioned at its content (the cell's range starts at its pipe).
        const content = cellContent(node);
        if (content) prose.push({ range: content, context });
        continue;
      }
      case 'table': {
        // A two-column table under a label, or in an evidence section, is also a list (label | value
        // per row): evidence written as a table. Its cells are prose either way; a row's ids get the
        // list's context (a `Blocked by:` table links), the header row's stay prose.
        const label = listLabels.get(node);
        const section = sectionAt(doc, rangeOf(node).start);
        let rowContext = context;
        if (listTable(node) && (label || doc.sections[section]?.kind === 'evidence')) {
          const list = tableList(doc, node, label, section);
          doc.lists.push(list);
          rowContext = listContext(list);
        }
        for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, context: i === 0 ? context : rowContext });
        continue;
      }
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
        const itemContext = listContext(list);
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
      for (const claim of extractClaims(text, block.range, options, doc.struck)) doc.claims.push({ ...claim, ownerItem: item });
      const statements = extractStatements(text, block.range, options, doc.struck);
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
  for (const item of doc.workItems) acceptanceProgress(doc, item);
}

/** The item's acceptance progress: the task items of its `Acceptance:` list and of the lists nested in it. */
function acceptanceProgress(doc: SotDocument, item: WorkItem): void {
  const index = item.lists[ACCEPTANCE];
  if (index === undefined) return;
  const top = doc.lists[index]!;
  let checked = 0;
  let total = 0;
  const open: Range[] = [];
  // The walk records a list before the lists nested in it, and those right after it.
  for (let j = index; j < doc.lists.length && doc.lists[j]!.range.start < top.range.end; j++) {
    for (const li of doc.lists[j]!.items) {
      if (li.checked === undefined || !li.text) continue; // not a task item, or struck through whole
      total++;
      if (li.checked) checked++;
      else if (li.box) open.push(li.box);
    }
  }
  if (total) item.acceptance = { checked, total, open: open.sort((a, b) => a.start - b.start) };
}

/** The context of the references in a list's items: a `Blocked by:` list links its ids. */
function listContext(list: List): ReferenceContext {
  return list.label?.toLowerCase() === 'blocked by' ? 'blocked-by' : 'list';
}

/** A GFM table that can be read as a list: two columns (label | value) and at least one row below the header. */
function listTable(node: Table): boolean {
  return (node.align?.length ?? 0) === 2 && node.children.length > 1;
}

/** A cell's content, without its pipes and padding; undefined for an empty cell. */
function cellContent(cell: TableCell): Range | undefined {
  const first = cell.children[0];
  const last = cell.children[cell.children.length - 1];
  return first && last ? { start: rangeOf(first).start, end: rangeOf(last).end } : undefined;
}

function tableList(doc: SotDocument, node: Table, label: { label: string; range: Range } | undefined, section: number): List {
  const items = node.children.slice(1).map((row) => tableRowItem(doc, row));
  return { range: rangeOf(node), table: true, items, label: label?.label, labelRange: label?.range, section };
}

/** A table row as a list item: `label: value` from its first two cells. */
function tableRowItem(doc: SotDocument, row: TableRow): ListItem {
  const [labelCell, valueCell] = row.children;
  const labelText = labelCell ? plainText(labelCell).replace(/:$/, '').trim() : '';
  const valueText = valueCell ? plainText(valueCell) : '';
  const item: ListItem = { text: labelText && valueText ? `${labelText}: ${valueText}` : labelText || valueText, range: rangeOf(row) };
  const labelRange = labelCell && cellContent(labelCell);
  const valueRange = valueCell && cellContent(valueCell);
  if (labelRange) {
    const rawLabel = withoutStruck(doc.text, labelRange, doc.struck).replace(/:\s*$/, '');
    const label = fieldLabel(rawLabel);
    if (label) item.field = { label, ...fieldValue(doc, valueRange ?? { start: labelRange.end, end: labelRange.end }) };
  }
  return item;
}

/** The label of a `Label: value` field as written (formatting marks dropped), or undefined when it cannot be one. */
function fieldLabel(rawLabel: string): string | undefined {
  if (rawLabel.length > 80) return undefined;
  if (rawLabel.includes('`') && !/^[^`]*$/.test(rawLabel.replace(/`[^`]*`/g, ''))) return undefined;
  return rawLabel.replace(/[`*_]/g, '').trim() || undefined;
}

/** A field's value in `range`: struck text, blanks, backticks and emphasis marks around it and a final period trimmed. */
function fieldValue(doc: SotDocument, range: Range): { value: string; valueRange: Range } {
  const source = withoutStruck(doc.text, range, doc.struck);
  let start = 0;
  let end = source.length;
  while (start < end && /[\s`*]/.test(source[start]!)) start++;
  while (end > start && /[\s`*.]/.test(source[end - 1]!)) end--;
  return { value: source.slice(start, end), valueRange: { start: range.start + start, end: range.start + end } };
}

/** A task item's check box: the `[` after its list marker, before its first paragraph. */
function checkBox(text: string, item: MdListItem): Range | undefined {
  const start = rangeOf(item).start;
  const limit = item.children[0] ? rangeOf(item.children[0]).start : rangeOf(item).end;
  const at = text.indexOf('[', start);
  return at !== -1 && at + 3 <= limit ? { start: at, end: at + 3 } : undefined;
}

function toList(doc: SotDocument, node: MdList, label: { label: string; range: Range } | undefined): List {
  const items: ListItem[] = node.children.map((child) => {
    const range = rangeOf(child);
    const item: ListItem = { text: plainText(child), range };
    if (typeof child.checked === 'boolean') {
      item.checked = child.checked;
      const box = checkBox(doc.text, child);
      if (box) item.box = box;
    }
    const para = child.children[0];
    if (para?.type === 'paragraph') {
      const field = splitField(doc, rangeOf(para));
      if (field) item.field = field;
    }
    return item;
  });
  const range = rangeOf(node);
  return { range, items, label: label?.label, labelRange: label?.range, section: sectionAt(doc, range.start) };
}

/**
 * `Label: value` in an item's first paragraph, with the value's source range (backticks and final
 * period trimmed). Struck-through text is left out: a struck label or value is no field.
 */
function splitField(doc: SotDocument, para: Range): ListItem['field'] {
  const source = withoutStruck(doc.text, para, doc.struck);
  const colon = source.indexOf(': ');
  if (colon <= 0 || colon > 80) return undefined;
  const label = fieldLabel(source.slice(0, colon));
  if (!label) return undefined;
  return { label, ...fieldValue(doc, { start: para.start + colon + 2, end: para.end }) };
}

function scanReferences(doc: SotDocument, range: Range, context: ReferenceContext, item: number | undefined, options: ModelOptions): void {
  const slice = doc.text.slice(range.start, range.end);
  const re = options.idRegex;
  re.lastIndex = 0;
  let first = true;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const start = range.start + m.index;
    const end = start + m[0].length;
    const struck = isStruck(doc.struck, start, end);
    const ref: Reference = {
      id: m[0],
      range: { start, end },
      // Struck through, an id in a `Blocked by:` list is a mention, not a link.
      context: context === 'definition' && !first ? 'heading' : struck && context === 'blocked-by' ? 'list' : context,
    };
    if (struck) ref.struck = true;
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
