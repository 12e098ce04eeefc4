import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realDocsDir, repoRoot, sotJson, type JsonResult } from './helpers/lint.js';

const GRAPH_RULES = new Set(['duplicate-work-item', 'unknown-work-item', 'blocked-by-cycle', 'validated-with-open-blocker', 'status-claim-conflict']);
const HISTORY = '.sot-fixtures/real/history/CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.2026-06-01-earlier.md';

function graphFindings(results: JsonResult[]) {
  return results.flatMap((r) => r.messages.filter((m) => GRAPH_RULES.has(m.ruleId)).map((m) => ({ file: basename(r.filePath), ...m })));
}
function copyReal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sot-graph-'));
  mkdirSync(join(dir, '.sot'));
  for (const f of readdirSync(realDocsDir)) writeFileSync(join(dir, '.sot', f), readFileSync(join(realDocsDir, f)));
  return dir;
}

const textAt = (file: string, line: number, column: number, length: number) =>
  (readFileSync(join(realDocsDir, file), 'utf8').split('\n')[line - 1] ?? '').slice(column - 1, column - 1 + length);

describe('graph rules on the real documents (SPEC section 6)', () => {
  const { results } = sotJson(['.sot-fixtures/real/cto'], { cwd: repoRoot });
  const found = graphFindings(results);

  it('validated-with-open-blocker for CTO-WORK-022, at its Blocked by entry for CTO-WORK-030', () => {
    const f = found.filter((m) => m.ruleId === 'validated-with-open-blocker');
    expect(f.map((m) => `${m.file}:${m.line}`)).toEqual(['CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:56']);
    expect(textAt(f[0]!.file, f[0]!.line, f[0]!.column, 12)).toBe('CTO-WORK-030');
    expect(f[0]!.severity).toBe(2);
    expect(f[0]!.related?.[0]).toMatchObject({ line: 18, filePath: expect.stringContaining('CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md') });
  });

  it('status-claim-conflict exactly at the three sentences that keep CTO-WORK-022 blocked', () => {
    const f = found.filter((m) => m.ruleId === 'status-claim-conflict');
    expect(f.map((m) => `${m.file}:${m.line}`).sort()).toEqual([
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:37',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:58',
    ]);
    for (const m of f) {
      expect(textAt(m.file, m.line, m.column, 12)).toBe('CTO-WORK-022');
      expect(m.related?.[0]).toMatchObject({ line: 36, filePath: expect.stringContaining('CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md') });
    }
    expect(new Set(f.map((m) => m.fingerprint)).size).toBe(3);
  });

  it('unknown-work-item for 016, 020 and 028 only, once per file, at a real reference', () => {
    const f = found.filter((m) => m.ruleId === 'unknown-work-item');
    expect([...new Set(f.map((m) => /`(CTO-WORK-\d+)`/.exec(m.message)![1]))].sort()).toEqual(['CTO-WORK-016', 'CTO-WORK-020', 'CTO-WORK-028']);
    for (const m of f) expect(textAt(m.file, m.line, m.column, 12)).toBe(/`(CTO-WORK-\d+)`/.exec(m.message)![1]);
  });

  it('no cycle and no duplicate', () => {
    expect(found.filter((m) => m.ruleId === 'blocked-by-cycle' || m.ruleId === 'duplicate-work-item')).toEqual([]);
  });

  it('declaring the three ids external silences unknown-work-item', () => {
    const dir = copyReal();
    writeFileSync(join(dir, '.sotrc.yaml'), 'externalItems: [CTO-WORK-016, CTO-WORK-020, CTO-WORK-028]\n');
    const r = sotJson([], { cwd: dir });
    const f = graphFindings(r.results);
    expect(f.filter((m) => m.ruleId === 'unknown-work-item')).toEqual([]);
    expect(f.filter((m) => m.ruleId === 'status-claim-conflict')).toHaveLength(3);
  });

  it('adding the earlier revision adds duplicate-work-item for CTO-WORK-030 in both files', () => {
    const r = sotJson(['.sot-fixtures/real/cto', HISTORY], { cwd: repoRoot });
    const dup = graphFindings(r.results).filter((m) => m.ruleId === 'duplicate-work-item');
    expect(dup.map((m) => `${m.file}:${m.line}:${m.column}`).sort()).toEqual([
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.2026-06-01-earlier.md:16:4',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:16:4',
    ]);
    for (const m of dup) expect(m.message).toContain('`CTO-WORK-030` (blocked) is also defined at');
    const others = graphFindings(r.results).filter((m) => m.ruleId !== 'duplicate-work-item' && m.file !== basename(HISTORY));
    expect(others.length).toBe(found.length);
  });

  it('fingerprints do not depend on line numbers', () => {
    const before = graphFindings(sotJson([], { cwd: copyReal() }).results);
    const dir = copyReal();
    const file = join(dir, '.sot', 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('## Problem Statement\n', '## Problem Statement\n\nAn added paragraph.\n\nAnother one.\n'));
    const after = graphFindings(sotJson([], { cwd: dir }).results);
    const key = (m: { ruleId: string; file: string; fingerprint: string }) => `${m.file} ${m.ruleId} ${m.fingerprint}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.find((m) => m.file === 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md' && m.ruleId === 'status-claim-conflict')!.line).toBe(41);
  });
});
