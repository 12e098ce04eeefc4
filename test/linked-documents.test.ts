import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/config.js';
import { lintInputs, RunContext, type LintInput } from '../src/lint/engine.js';
import { linkedPart, wholeDocument } from '../src/model/linked.js';
import { LINKED_FIELDS } from '../src/model/types.js';
import { realDocsDir, TODAY } from './helpers/lint.js';

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
