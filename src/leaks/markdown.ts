import type { Nodes, Parents, Root } from 'mdast';
import { sectionAt } from '../model/build.js';
import type { SotDocument } from '../model/types.js';
import { detectLeaks, type LeakFinding } from './detect.js';
import type { KnownValue } from './known-env.js';
import type { LeakPolicy } from './policy.js';

/**
 * Leak detection over a Markdown document. Every byte is scanned once as plain text (so code,
 * HTML, comments, link destinations and frontmatter are all covered, whatever the parser makes of
 * them); then each paragraph and heading that has inline formatting is scanned again as the text a
 * reader sees — without code-span marks and emphasis — so a value split across them is found too.
 * The tree only names where a finding is; it never exempts anything.
 */

export interface DocumentLeak extends LeakFinding {
  /** Where it is, for messages: "inline code in a list item (CTO-WORK-030)". */
  context: string;
  /** Found only once inline formatting was removed: the value is split across code spans or emphasis. */
  split: boolean;
}

type Positioned = { position?: { start: { offset?: number }; end: { offset?: number } } };
const startOf = (n: Positioned) => n.position?.start.offset ?? 0;
const endOf = (n: Positioned) => n.position?.end.offset ?? 0;

/** Inline nodes whose marks are not part of the text a reader sees. */
const FORMATTING = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference', 'inlineCode', 'html', 'break', 'image', 'imageReference']);

interface Run {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

interface Visible {
  text: string;
  /** The source ranges the text was taken from, in order. */
  pieces: { from: number; to: number }[];
}

/** The visible text of a paragraph or heading, when formatting makes it differ from the source. */
function visibleText(node: Parents, source: string): Visible | undefined {
  const pieces: { from: number; to: number }[] = [];
  let formatted = false;
  const stack: Nodes[] = [...(node.children as Nodes[])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (FORMATTING.has(n.type)) formatted = true;
    switch (n.type) {
      case 'text':
        pieces.push({ from: startOf(n), to: endOf(n) });
        break;
      case 'inlineCode': {
        let from = startOf(n);
        let to = endOf(n);
        while (from < to && source.charCodeAt(from) === 96) from++;
        while (to > from && source.charCodeAt(to - 1) === 96) to--;
        if (to - from >= 2 && source[from] === ' ' && source[to - 1] === ' ' && source.slice(from, to).trim()) {
          from++;
          to--;
        }
        pieces.push({ from, to });
        break;
      }
      case 'break':
        pieces.push({ from: startOf(n), to: startOf(n) + 1 });
        break;
      case 'html':
      case 'image':
      case 'imageReference':
        // Invisible (tags, comments) or not part of the sentence (alt text is scanned in the source).
        break;
      default:
        if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
    }
  }
  if (!formatted || pieces.length === 0) return undefined;
  const parts: string[] = [];
  for (const p of pieces) if (p.to > p.from) parts.push(source.slice(p.from, p.to));
  return { text: parts.join(''), pieces };
}

/** The source offset of each character of a visible text (built only for a text with a finding). */
function withOffsets(visible: Visible): Run {
  const length = visible.pieces.reduce((sum, p) => sum + Math.max(0, p.to - p.from), 0);
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  let k = 0;
  for (const p of visible.pieces) {
    for (let o = p.from; o < p.to; o++) {
      starts[k] = o;
      ends[k++] = o + 1;
    }
  }
  return { text: visible.text, starts, ends };
}

/** Paragraphs and headings anywhere in the tree (iteratively: nesting depth is unbounded). */
function phrasingContainers(tree: Root): Parents[] {
  const out: Parents[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'paragraph' || n.type === 'heading') out.push(n);
    else if ('children' in n) for (const c of n.children) stack.push(c as Nodes);
  }
  return out;
}

/** The innermost nodes (outermost first) whose source holds `offset`. */
function pathTo(tree: Root, offset: number): Nodes[] {
  const path: Nodes[] = [];
  let node: Nodes = tree;
  for (;;) {
    if (!('children' in node)) break;
    const children = node.children as Nodes[];
    let next: Nodes | undefined;
    let lo = 0;
    let hi = children.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = children[mid]!;
      if (endOf(c) <= offset) lo = mid + 1;
      else if (startOf(c) > offset) hi = mid - 1;
      else {
        next = c;
        break;
      }
    }
    if (!next) break;
    path.push(next);
    node = next;
  }
  return path;
}

const SAFE_LABEL = /^[\w+#.-]{1,24}$/;

/**
 * Names the place of `offset` in the document: "a link destination in a list item (CTO-WORK-030)".
 * A name taken from the document (a frontmatter key, a code block's language) is used only when it
 * is label-shaped and no finding touches it: a secret used as a key is not a label.
 */
export function describeLocation(doc: SotDocument, tree: Root, offset: number, findings: readonly { start: number; end: number }[] = []): string {
  const path = pathTo(tree, offset);
  const text = doc.text;
  const label = (name: string | null | undefined, start: number, end: number) =>
    !!name && SAFE_LABEL.test(name) && !findings.some((f) => f.start < end && start < f.end);
  let inner: string | undefined;
  let block: string | undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    const s = startOf(n);
    if (!inner) {
      switch (n.type) {
        case 'inlineCode':
          inner = 'inline code';
          break;
        case 'link': {
          const childEnd = n.children.length ? endOf(n.children[n.children.length - 1]!) : s;
          if (text[s] === '<') inner = 'an autolink';
          else if (offset < childEnd) inner = 'link text';
          else inner = inTitle(text, s, endOf(n), offset, n.title) ? 'a link title' : 'a link destination';
          break;
        }
        case 'image': {
          const alt = text.indexOf('](', s);
          if (alt !== -1 && offset < alt) inner = 'image alt text';
          else inner = inTitle(text, s, endOf(n), offset, n.title) ? 'an image title' : 'an image destination';
          break;
        }
        case 'linkReference':
        case 'imageReference':
          inner = 'a reference link';
          break;
        case 'html':
          inner = text.startsWith('<!--', s) ? 'an HTML comment' : 'inline HTML';
          break;
        case 'emphasis':
        case 'strong':
        case 'delete':
          inner = 'emphasised text';
          break;
        default:
          break;
      }
    }
    switch (n.type) {
      case 'yaml': {
        const entry = doc.frontmatter?.entries.find((e) => offset >= e.valueRange.start && offset < Math.max(e.valueRange.end, e.valueRange.start + 1));
        block = entry && label(entry.key, entry.keyRange.start, entry.keyRange.end) ? `the frontmatter value of \`${entry.key}\`` : 'the frontmatter';
        inner = undefined;
        break;
      }
      case 'code': {
        const fence = /^[ \t]*(?:`{3,}|~{3,})/.test(text.slice(s, s + 32));
        const lineEnd = text.indexOf('\n', s);
        const lang = n.lang && label(n.lang, s, lineEnd === -1 ? text.length : lineEnd) ? ` \`${n.lang}\`` : '';
        block = fence ? `a fenced${lang} code block` : 'an indented code block';
        break;
      }
      case 'html':
        if (!block && path[0] === n) block = text.startsWith('<!--', s) ? 'an HTML comment' : 'an HTML block';
        break;
      case 'definition':
        block = inTitle(text, s, endOf(n), offset, n.title) ? 'a link reference definition (title)' : 'a link reference definition';
        break;
      case 'heading':
        block ??= 'a heading';
        break;
      case 'paragraph': {
        let lineStart = offset;
        while (lineStart > s && offset - lineStart < 512 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
        const table = /^\s*\|/.test(text.slice(lineStart, lineStart + 64)) && text.slice(lineStart, offset).includes('|');
        if (table) block ??= 'a table row';
        break;
      }
      case 'listItem':
        block ??= 'a list item';
        break;
      case 'blockquote':
        block ??= 'a block quote';
        break;
      default:
        break;
    }
    if (block && (n.type === 'yaml' || n.type === 'code' || n.type === 'definition')) break;
  }
  block ??= path.some((n) => n.type === 'paragraph') ? 'a paragraph' : 'the document';
  if (inner === block) inner = undefined;
  const where = inner ? `${inner} in ${block}` : block;
  const section = sectionAt(doc, offset);
  const sec = doc.sections[section];
  const itemIndex = sec?.kind === 'work-item' ? doc.workItems.findIndex((w) => w.section === section) : sec?.ownerItem;
  const item = itemIndex === undefined ? undefined : doc.workItems[itemIndex];
  return item ? `${where} (${item.id})` : where;
}

/** Is `offset` in the title of a link/image/definition spanning [s, e)? */
function inTitle(text: string, s: number, e: number, offset: number, title: string | null | undefined): boolean {
  if (title === null || title === undefined) return false;
  let close = e - 1;
  if (text[close] === ')') close--;
  while (close > s && /\s/.test(text[close]!)) close--;
  const delim = text[close];
  const open = delim === ')' ? '(' : delim;
  if (open !== '"' && open !== "'" && open !== '(') return false;
  const start = text.lastIndexOf(open, close - 1);
  return start > s && offset >= start;
}

/**
 * Every leak in a document: the raw text, plus the visible text of formatted paragraphs and
 * headings (findings that overlap a raw one are the same finding). Sorted by position.
 */
export function findDocumentLeaks(doc: SotDocument, tree: Root, policy: LeakPolicy, knownValues?: readonly KnownValue[]): DocumentLeak[] {
  // The engine records a document's leaks and no-endpoint-leak reports them: one scan for both.
  const hit = scans.get(doc);
  if (hit && hit.tree === tree && hit.policy === policy && hit.knownValues === knownValues) return hit.leaks;
  const leaks = scanDocument(doc, tree, policy, knownValues);
  scans.set(doc, { tree, policy, knownValues, leaks });
  return leaks;
}

const scans = new WeakMap<SotDocument, { tree: Root; policy: LeakPolicy; knownValues?: readonly KnownValue[]; leaks: DocumentLeak[] }>();

function scanDocument(doc: SotDocument, tree: Root, policy: LeakPolicy, knownValues?: readonly KnownValue[]): DocumentLeak[] {
  const all = findMarkdownLeaks(doc.text, tree, policy, knownValues);
  return all.map((f) => ({ ...f, context: describeLocation(doc, tree, f.start, all) }));
}

/**
 * The leaks of Markdown `text` (parsed as `tree`): the raw text, plus the visible text of formatted
 * paragraphs and headings (findings that overlap a raw one are the same finding). Sorted by
 * position. What `no-endpoint-leak` reports, without the words that place each finding in the
 * document; `sot scan` reports the same for a Markdown file.
 */
export function findMarkdownLeaks(text: string, tree: Root, policy: LeakPolicy, knownValues?: readonly KnownValue[]): (LeakFinding & { split: boolean })[] {
  const raw = detectLeaks(text, { policy, knownValues });
  const all: (LeakFinding & { split: boolean })[] = raw.map((f) => ({ ...f, split: false }));
  // Raw findings are sorted and do not overlap, so their ends are sorted too.
  const overlapsRaw = (f: LeakFinding) => {
    let lo = 0;
    let hi = raw.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (raw[mid]!.end <= f.start) lo = mid + 1;
      else hi = mid - 1;
    }
    return lo < raw.length && raw[lo]!.start < f.end;
  };
  for (const node of phrasingContainers(tree)) {
    const visible = visibleText(node, text);
    // Most formatted paragraphs hold nothing: their per-character offsets are never built.
    if (!visible || detectLeaks(visible.text, { policy, knownValues }).length === 0) continue;
    const run = withOffsets(visible);
    for (const f of detectLeaks(run.text, { policy, knownValues, base: run })) {
      if (overlapsRaw(f)) continue;
      all.push({ ...f, split: spansFormatting(run, f) });
    }
  }
  return all.sort((x, y) => x.start - y.start);
}

/** Did the finding take characters from more than one piece of the run (across marks)? */
function spansFormatting(run: Run, f: LeakFinding): boolean {
  // run.starts is increasing: find the finding's first character, then walk only its characters.
  let lo = 0;
  let hi = run.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (run.starts[mid]! < f.start) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let k = lo + 1; k < run.starts.length && run.starts[k]! < f.end; k++) if (run.starts[k]! !== run.starts[k - 1]! + 1) return true;
  return false;
}
