import { describe, expect, it } from 'vitest';
import { allRules } from '../src/lint/registry.js';
import { position, runExample } from '../src/lint/rule-tester.js';
import type { Rule, RuleExample, WorkspaceExample } from '../src/lint/types.js';

/**
 * The RuleTester: every rule's own ok / not-ok examples (in the rule's module, next to its docs,
 * and on its docs page) run here, each file linted exactly as written, by the rule alone (see
 * docs/rules-authoring.md). A not-ok example lists every message the rule gives, exactly
 * (`line:column-endLine:endColumn message`), and for a fix the text after it; an ok example must
 * give none. Examples still in the earlier form (`expect`: lines and a part of the message) are
 * checked the earlier way until scripts/convert-rule-examples.mjs converts them.
 */
type Example = RuleExample | WorkspaceExample;

function checkLoose(rule: Rule, ex: Example, outcome: ReturnType<typeof runExample>): void {
  const expected = (ex.expect ?? []) as { file?: string; line: number; column?: number; message?: string }[];
  const got = outcome.messages;
  const key = (m: { file?: string; line: number }) => `${'files' in ex ? `${m.file}:` : ''}${m.line}`;
  expect(got.map(key).sort()).toEqual(expected.map(key).sort());
  for (const e of expected) {
    const m = got.find((g) => key(g) === key(e) && (e.column === undefined || g.column === e.column) && (!e.message || g.message.includes(e.message)));
    expect(m, `${rule.meta.id} at ${key(e)}:${e.column ?? '*'} "${e.message ?? ''}" — got ${JSON.stringify(got.map((g) => `${key(g)} ${position(g)} ${g.message}`))}`).toBeDefined();
  }
}

for (const rule of allRules()) {
  describe(`${rule.meta.id}`, () => {
    it('documents itself', () => {
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(rule.meta.docs.length).toBeGreaterThan(40);
      expect(rule.examples.ok.length).toBeGreaterThan(0);
      expect(rule.examples.notOk.length).toBeGreaterThan(0);
    });
    const examples = rule.examples as { ok: Example[]; notOk: Example[] };
    for (const ex of examples.ok) {
      it(`ok: ${ex.name}`, () => {
        expect(ex.errors ?? [], 'an ok example lists no errors').toEqual([]);
        expect(runExample(rule, ex).errors).toEqual([]);
      });
    }
    for (const ex of examples.notOk) {
      it(`not ok: ${ex.name}`, () => {
        const outcome = runExample(rule, ex);
        if (ex.errors === undefined) {
          checkLoose(rule, ex, outcome);
          return;
        }
        expect(ex.errors.length, 'a not-ok example lists the errors it gives').toBeGreaterThan(0);
        expect(outcome.errors).toEqual(ex.errors);
        expect('output' in ex ? ex.output : undefined, 'the text after the fixes (`output`), exactly, when the rule fixes').toBe(outcome.output);
      });
    }
  });
}
