import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issuesDoc, prdDoc, prdSections, workItem } from '../../src/rules/example-docs.js';
import { LspClient, uri } from './client.js';

/** The index reuses `sot lint --cache`'s per-file analyses: a restart re-parses nothing unchanged. */
const dir = mkdtempSync(join(tmpdir(), 'sot-lsp-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function indexOnce(options: object = {}): Promise<string> {
  const c = LspClient.start(dir);
  try {
    await c.initialize(dir, { today: '2026-11-21', ...options });
    await c.indexed();
    // The per-file rules still run on an open document whatever the cache holds.
    const path = join(dir, '.sot/CTO-A-ISSUES.md');
    await c.open(uri(path), issuesDoc(workItem('CTO-WORK-001', 'blocked'), 'CTO A Issues'));
    const ds = await c.diagnostics(uri(path));
    expect(ds.map((d) => d.code)).toContain('work-item-sections');
    return c.logs.join('\n');
  } finally {
    await c.shutdown();
  }
}

describe('the index and the lint cache', () => {
  it('creates no cache folder unasked; with one, a restart reuses every unchanged document', async () => {
    mkdirSync(join(dir, '.sot'));
    writeFileSync(join(dir, '.sot/CTO-A-ISSUES.md'), issuesDoc(workItem('CTO-WORK-001', 'blocked'), 'CTO A Issues'));
    writeFileSync(join(dir, '.sot/CTO-B-PRD.md'), prdDoc(prdSections(), 'CTO B PRD'));
    expect(await indexOnce()).not.toMatch(/cache:/);
    expect(existsSync(join(dir, '.sot-cache'))).toBe(false);
    expect(await indexOnce({ cache: true })).toMatch(/cache: 0 of 2 documents reused/);
    expect(existsSync(join(dir, '.sot-cache'))).toBe(true);
    // The folder exists now: used by default.
    expect(await indexOnce()).toMatch(/cache: 2 of 2 documents reused/);
    writeFileSync(join(dir, '.sot/CTO-B-PRD.md'), prdDoc(prdSections().replace('Scope text', 'Changed scope'), 'CTO B PRD'));
    expect(await indexOnce()).toMatch(/cache: 1 of 2 documents reused/);
  });
});
