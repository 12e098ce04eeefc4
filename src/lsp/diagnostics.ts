import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import type { LintMessage } from '../lint/types.js';
import { ruleDocsUrl } from './rule-docs.js';

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  fingerprint: string;
}

/** 1-based line/column (UTF-16 code units, as LineIndex counts) to an LSP range (0-based, UTF-16). */
export function toRange(m: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return {
    start: { line: Math.max(0, m.line - 1), character: Math.max(0, m.column - 1) },
    end: { line: Math.max(0, m.endLine - 1), character: Math.max(0, m.endColumn - 1) },
  };
}

export interface DiagnosticOptions {
  /** The URI for a related file (the editor's own URI when the file is open). */
  uriOf(path: string): string;
  relatedInformation: boolean;
}

/**
 * A lint message as an LSP diagnostic. Only the rule's own (already redacted) message and the
 * related locations' messages are sent: never an excerpt of the document.
 */
export function toDiagnostic(m: LintMessage, options: DiagnosticOptions): Diagnostic {
  const d: Diagnostic = {
    range: toRange(m),
    severity: m.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'sot',
    code: m.ruleId,
    codeDescription: { href: ruleDocsUrl(m.ruleId) },
    message: m.message,
    data: { fingerprint: m.fingerprint } satisfies DiagnosticData,
  };
  if (m.ruleId === 'unused-suppression') d.tags = [DiagnosticTag.Unnecessary];
  if (m.related?.length && options.relatedInformation) {
    d.relatedInformation = m.related.map((r) => ({ location: { uri: options.uriOf(r.filePath), range: toRange(r) }, message: r.message }));
  }
  return d;
}
