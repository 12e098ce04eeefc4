import { describe, expect, it } from 'vitest';
import { allRules } from '../src/lint/registry.js';
import type { DocumentRule, RuleExample, WorkspaceRule } from '../src/lint/types.js';
import { lintTexts } from './helpers/lint.js';

/**
 * The RuleTester: every rule's own ok / not-ok examples (in the rule's module, next to its docs)
 * run here. Not-ok examples list exactly where the rule must report; ok examples must be clean
 * for that rule.
 */
function defaultPath(rule: DocumentRule, ex: RuleExample): string {
  if (ex.path) return ex.path;
  return /^---\ntitle: (.*)$/m.exec(ex.text)?.[1]?.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '-').concat('.md') ?? `${rule.meta.id}.md`;
}

for (const rule of allRules()) {
  describe(`${rule.meta.id}`, () => {
    it('documents itself', () => {
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(rule.meta.docs.length).toBeGreaterThan(40);
      expect(rule.examples.ok.length).toBeGreaterThan(0);
      expect(rule.examples.notOk.length).toBeGreaterThan(0);
    });
    if (rule.meta.scope === 'document') {
      const r = rule as DocumentRule;
      for (const ex of r.examples.ok) {
        it(`ok: ${ex.name}`, () => {
          const run = lintTexts({ [defaultPath(r, ex)]: ex.text });
          expect(run.results[0]!.messages.filter((m) => m.ruleId === rule.meta.id)).toEqual([]);
        });
      }
      for (const ex of r.examples.notOk) {
        it(`not ok: ${ex.name}`, () => {
          const run = lintTexts({ [defaultPath(r, ex)]: ex.text });
          const got = run.results[0]!.messages.filter((m) => m.ruleId === rule.meta.id);
          const expected = ex.expect ?? [];
          expect(got.map((m) => m.line).sort((a, b) => a - b)).toEqual(expected.map((e) => e.line).sort((a, b) => a - b));
          for (const e of expected) {
            const m = got.find((g) => g.line === e.line && (e.column === undefined || g.column === e.column) && (!e.message || g.message.includes(e.message)));
            expect(m, `${rule.meta.id} at ${e.line}:${e.column ?? '*'} "${e.message ?? ''}" — got ${JSON.stringify(got.map((g) => `${g.line}:${g.column} ${g.message}`))}`).toBeDefined();
          }
        });
      }
    } else {
      const r = rule as WorkspaceRule;
      for (const ex of r.examples.ok) {
        it(`ok: ${ex.name}`, () => {
          const run = lintTexts(ex.files, ex.config);
          expect(run.results.flatMap((x) => x.messages).filter((m) => m.ruleId === rule.meta.id)).toEqual([]);
        });
      }
      for (const ex of r.examples.notOk) {
        it(`not ok: ${ex.name}`, () => {
          const run = lintTexts(ex.files, ex.config);
          const got = run.results.flatMap((x) => x.messages.filter((m) => m.ruleId === rule.meta.id).map((m) => ({ ...m, file: x.filePath.replace('/virtual/', '') })));
          const expected = ex.expect ?? [];
          expect(got.map((m) => `${m.file}:${m.line}`).sort()).toEqual(expected.map((e) => `${e.file}:${e.line}`).sort());
          for (const e of expected) {
            const m = got.find((g) => g.file === e.file && g.line === e.line && (e.column === undefined || g.column === e.column) && (!e.message || g.message.includes(e.message)));
            expect(m, `${rule.meta.id} at ${e.file}:${e.line} "${e.message ?? ''}" — got ${JSON.stringify(got.map((g) => `${g.file}:${g.line}:${g.column} ${g.message}`))}`).toBeDefined();
          }
        });
      }
    }
  });
}
