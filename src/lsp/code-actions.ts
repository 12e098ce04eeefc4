import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintMessage, LintResult } from '../lint/types.js';
import { LineIndex } from '../text/line-index.js';
import type { DiagnosticData } from './diagnostics.js';
import { toRange } from './diagnostics.js';
import type { Project } from './project.js';
import { shiftMessages } from './shift.js';
import { REASON_PLACEHOLDER } from '../lint/suppress.js';

/** `source.fixAll.sot`: every certain fix of the document at once (editors' "fix on save"). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sot`;


/** Findings a directive cannot suppress (the engine reports them whatever the directives say). */
const UNSUPPRESSIBLE = new Set(['file-unreadable', 'internal-error', 'suppression-reason', 'unused-suppression']);

/** Suppressions are checked by re-linting the edited text; above this size they are offered unchecked. */
const VERIFY_LIMIT = 256 * 1024;

/**
 * A fix's replacement text comes from the document; the engine already drops fixes whose text a
 * leak could hide in. Belt and braces: nothing URL- or address-shaped is ever sent as an edit.
 */
const UNSAFE_TEXT = /:\/\/|\b\d{1,3}(?:\.\d{1,3}){3}\b/;

export interface ActionContext {
  doc: TextDocument;
  path: string;
  /** The document's current result (after directives). */
  result: LintResult;
  /** Its current cross-file messages (before directives), for checking a suppression. */
  crossFile: readonly LintMessage[];
  project: Project;
  documentChanges: boolean;
}

export function fixTitle(m: LintMessage): string {
  switch (m.ruleId) {
    case 'title-heading':
      return m.message.startsWith('no H1') ? 'Insert the H1 from the frontmatter title' : 'Set the H1 to the frontmatter title';
    case 'authority-banner':
      return 'Insert the authority banner';
    default:
      return `Fix ${m.ruleId}`;
  }
}

/** Whether an action of `kind` was asked for (`only` absent: quick fixes only). */
function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return kind === CodeActionKind.QuickFix;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

function workspaceEdit(ctx: ActionContext, edits: TextEdit[]): WorkspaceEdit {
  const { uri, version } = ctx.doc;
  return ctx.documentChanges ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };
}

function fixEdit(ctx: ActionContext, m: LintMessage): TextEdit | undefined {
  if (!m.fix || UNSAFE_TEXT.test(m.fix.text)) return undefined;
  const [start, end] = m.fix.range;
  if (start < 0 || end < start || end > ctx.doc.getText().length) return undefined;
  return { range: { start: ctx.doc.positionAt(start), end: ctx.doc.positionAt(end) }, newText: m.fix.text };
}

/** The message a diagnostic the client sent back stands for. */
function messageFor(result: LintResult, d: Diagnostic): LintMessage | undefined {
  if (d.source !== 'sot' || typeof d.code !== 'string') return undefined;
  const fp = (d.data as DiagnosticData | undefined)?.fingerprint;
  const same = (m: LintMessage) => {
    const r = toRange(m);
    return r.start.line === d.range.start.line && r.start.character === d.range.start.character && r.end.line === d.range.end.line && r.end.character === d.range.end.character;
  };
  const candidates = result.messages.filter((m) => m.ruleId === d.code && (fp === undefined || m.fingerprint === fp));
  return candidates.find(same) ?? (fp !== undefined ? candidates[0] : undefined);
}

export function codeActions(ctx: ActionContext, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, cache: SuppressionCache): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    for (const d of diagnostics) {
      const m = messageFor(ctx.result, d);
      if (!m) continue;
      const edit = fixEdit(ctx, m);
      if (edit) actions.push({ title: fixTitle(m), kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: workspaceEdit(ctx, [edit]) });
    }
    const seen = new Set<string>();
    for (const d of diagnostics) {
      const m = messageFor(ctx.result, d);
      // A credential is unsuppressible whatever the rule: never offer it (large documents skip the re-lint that would show it).
      if (!m || m.unsuppressible || UNSUPPRESSIBLE.has(m.ruleId) || seen.has(`${m.ruleId}:${m.line}`)) continue;
      seen.add(`${m.ruleId}:${m.line}`);
      const edit = cache.get(ctx, m);
      if (edit) actions.push({ title: `Suppress ${m.ruleId} on this line (sot-disable-next-line)`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: workspaceEdit(ctx, [edit]) });
    }
  }
  if (wanted(FIX_ALL_KIND, only)) {
    const edits: TextEdit[] = [];
    let last = -1;
    const fixable = ctx.result.messages.filter((m) => m.fix).sort((a, b) => a.fix!.range[0] - b.fix!.range[0] || a.fix!.range[1] - b.fix!.range[1]);
    for (const m of fixable) {
      if (m.fix!.range[0] < last) continue; // overlapping fixes: the next run offers the rest
      const edit = fixEdit(ctx, m);
      if (!edit) continue;
      edits.push(edit);
      last = Math.max(m.fix!.range[1], m.fix!.range[0] + 1);
    }
    if (edits.length) actions.push({ title: 'Fix all certain sot problems', kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, edits) });
  }
  return actions;
}

const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])(\s+)/;

function leadingSpace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Remembers, per document version, where a suppression comment for a finding goes: the first
 * indentation whose comment, re-linted, removes that finding and adds none (a comment at the
 * wrong indentation can end a list or detach a `Blocked by:` label from its list).
 */
export class SuppressionCache {
  private key = '';
  private readonly edits = new Map<string, TextEdit | null>();

  get(ctx: ActionContext, m: LintMessage): TextEdit | undefined {
    const key = `${ctx.doc.uri}@${ctx.doc.version}`;
    if (key !== this.key) {
      this.key = key;
      this.edits.clear();
    }
    const id = `${m.fingerprint}@${m.line}`;
    if (!this.edits.has(id)) this.edits.set(id, suppressionEdit(ctx, m) ?? null);
    return this.edits.get(id) ?? undefined;
  }
}

export function directiveText(ruleId: string, reason = REASON_PLACEHOLDER): string {
  return `<!-- sot-disable-next-line ${ruleId} -- ${reason} -->`;
}

function suppressionEdit(ctx: ActionContext, m: LintMessage): TextEdit | undefined {
  const text = ctx.doc.getText();
  const lines = new LineIndex(text);
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
  const line = Math.min(m.line, lines.lineCount);
  const at = lines.lineStart(line);
  let prev = line - 1;
  while (prev >= 1 && lines.lineText(prev).trim() === '') prev--;
  const indents = [leadingSpace(lines.lineText(line))];
  if (prev >= 1) {
    const prevText = lines.lineText(prev);
    const item = LIST_ITEM.exec(prevText);
    if (item) indents.push(' '.repeat(item[0].length));
    indents.push(leadingSpace(prevText));
  }
  indents.push('');
  const position = ctx.doc.positionAt(at);
  const editFor = (indent: string): TextEdit => ({ range: { start: position, end: position }, newText: `${indent}${directiveText(m.ruleId)}${eol}` });
  if (text.length > VERIFY_LIMIT) return editFor(indents[0]!);
  const before = countFingerprints(ctx.result.messages);
  for (const indent of [...new Set(indents)]) {
    // Checked as the author will leave it, with a reason: the placeholder itself suppresses nothing
    // (suppression-reason asks for the real one), so the finding stays until the reason is written.
    const insert = `${indent}${directiveText(m.ruleId, 'a reason')}${eol}`;
    const next = text.slice(0, at) + insert + text.slice(at);
    const crossFile = shiftMessages(ctx.crossFile, ctx.path, lines, [{ start: at, end: at, text: insert }], new LineIndex(next));
    const after = countFingerprints(ctx.project.tryText(ctx.path, next, crossFile).messages);
    const removed = (after.get(m.fingerprint) ?? 0) < (before.get(m.fingerprint) ?? 0);
    const added = [...after].some(([fp, n]) => n > (before.get(fp) ?? 0));
    if (removed && !added) return editFor(indent);
  }
  return undefined;
}

function countFingerprints(messages: readonly LintMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.fingerprint, (counts.get(m.fingerprint) ?? 0) + 1);
  return counts;
}
