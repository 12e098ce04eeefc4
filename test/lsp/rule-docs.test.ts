import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleIds } from '../../src/lint/registry.js';
import { RULE_DOCS_BASE, ruleDocsUrl } from '../../src/lsp/rule-docs.js';
import { repoRoot } from '../helpers/lint.js';

describe('rule documentation the editor links to', () => {
  it('every rule has its page in docs/rules/ (run `npm run docs:rules` after adding a rule)', () => {
    const missing = ruleIds().filter((id) => !existsSync(join(repoRoot, 'docs/rules', `${id}.md`)));
    expect(missing, 'rules without docs/rules/<id>.md: run `npm run build && npm run docs:rules`').toEqual([]);
  });

  it('links are the repository paths of those pages', () => {
    expect(RULE_DOCS_BASE.endsWith('/docs/rules/')).toBe(true);
    expect(ruleDocsUrl('status-claim-conflict')).toBe(`${RULE_DOCS_BASE}status-claim-conflict.md`);
  });
});
