import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/config.js';
import { analyzeFile, lintAnalyses, lintInputs, RunContext, type LintInput } from '../src/lint/engine.js';
import type { WorkspaceRule } from '../src/lint/types.js';
import { linkedPart, wholeDocument } from '../src/model/linked.js';
import { LINKED_FIELDS } from '../src/model/types.js';
import { issuesDoc } from '../src/rules/example-docs.js';
import { lintTexts, realDocsDir, TODAY } from './helpers/lint.js';

/**
 * `RunContext` `keep: 'linked'` (sot lint without --cache): after its per-file phase a document is
 * kept as its LinkedDocument part only. The run must report exactly what a run keeping whole
 * models reports; the property `linked-equals-whole` checks the same over random documents.
 */
describe('documents kept as their linked part', () => {
  const config = defaultConfig(realDocsDir);
  const inputs: LintInput[] = readdirSync(realDocsDir).map((f) => ({ path: join(realDocsDir, f), text: readFileSync(join(realDocsDir, f), 'utf8') }));

  it('the real documents: the same results, messages of every cross-file rule included, from documents without lists', () => {
    const whole = lintInputs(inputs, { config, today: TODAY });
    const linked = lintInputs(inputs, { config, today: TODAY, keep: 'linked' });
    expect(linked.results).toEqual(whole.results);
    const rules = new Set(linked.results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const id of ['unknown-work-item', 'validated-with-open-blocker', 'status-claim-conflict', 'evidence-gate']) expect(rules).toContain(id);
    for (const doc of linked.documents) {
      expect(Object.keys(doc).every((k) => (LINKED_FIELDS as readonly string[]).includes(k))).toBe(true);
      // Prepared in the per-file phase: the cross-file phase could not prepare from a linked part.
      expect(doc.prepared).toHaveProperty('evidence-gate');
    }
  });

  it('a field the run dropped is an error when code asks for the whole model, not an empty list', () => {
    const doc = lintInputs(inputs.slice(0, 1), { config, today: TODAY }).documents[0]!;
    expect(wholeDocument(doc)).toBe(doc);
    expect(() => wholeDocument(linkedPart(wholeDocument(doc)))).toThrow(/only its linked part was kept in this run/);
  });

  it('a run that caches keeps whole documents', () => {
    expect(() => new RunContext(config, { caching: true, keep: 'linked' })).toThrow(/keeps whole documents/);
  });
});

/**
 * evidence-gate's check of a recorded pass runs in the per-file phase (checkDocument) and quotes
 * recorded values: it must be redacted against the document's Markdown-aware leak findings, as
 * when it ran in the cross-file phase, also when no-endpoint-leak itself is off (its scan then
 * runs for the engine only). A value split by code spans is found only by that scan.
 */
describe('evidence-gate messages made in the per-file phase', () => {
  const item = (backend: string) =>
    issuesDoc(`## CTO-WORK-101 - Example Item\n\nStatus: validated.\n\nAcceptance:\n\n- It works.\n\nValidation evidence:\n\n- Report status: \`pass\`.\n- Backend: ${backend}.\n`, 'A Issues');
  for (const leakRule of ['off', 'error'] as const) {
    it(`never quote a value split by formatting (no-endpoint-leak ${leakRule})`, () => {
      const run = lintTexts({ 'A-ISSUES.md': item('`100.101`.`102.103`') }, { rules: { 'no-endpoint-leak': leakRule } });
      const gate = run.results[0]!.messages.filter((m) => m.ruleId === 'evidence-gate');
      expect(gate.length).toBeGreaterThan(0);
      const shown = JSON.stringify(run.results);
      for (const piece of ['100.101', '102.103', '101.102']) expect(shown).not.toContain(piece);
      // The same document with a harmless value is quoted: the check above is not vacuous.
      const plain = lintTexts({ 'A-ISSUES.md': item('`fake`') }, { rules: { 'no-endpoint-leak': leakRule } });
      expect(plain.results[0]!.messages.find((m) => m.ruleId === 'evidence-gate')?.message).toContain('`Backend` is `fake`');
    });
  }
});

describe('a workspace rule whose prepare fails, in a run that keeps linked parts', () => {
  const failing: WorkspaceRule = {
    meta: { id: 'evidence-gate', scope: 'workspace', description: 'test double', defaultSeverity: 'error', tags: [], docs: '' },
    examples: { ok: [], notOk: [] },
    prepare() {
      throw new Error('prepare exploded');
    },
    check(ctx) {
      for (const doc of ctx.docs) ctx.prepared(doc);
    },
  };
  it('reports an internal error that says the part failed in the per-file phase (whole: the error itself)', () => {
    const config = defaultConfig('/virtual');
    const input = { path: '/virtual/A-ISSUES.md', text: issuesDoc('## CTO-WORK-101 - Example Item\n\nStatus: open.\n', 'A Issues') };
    const messageOf = (keep: 'document' | 'linked') => {
      const ctx = new RunContext(config, { today: TODAY, rules: [failing], keep });
      const run = lintAnalyses([analyzeFile(input, ctx)], ctx);
      expect(run.internalErrors).toBe(1);
      return run.results[0]!.messages.find((m) => m.ruleId === 'internal-error')!.message;
    };
    expect(messageOf('document')).toContain('prepare exploded');
    expect(messageOf('linked')).toMatch(/its part of .*A-ISSUES\.md could not be prepared in the per-file phase/);
  });
});
