import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { analyzeFile, crossFileMessages, lintInputs, RunContext, type FileAnalysis } from '../../src/lint/engine.js';
import { issuesDoc } from '../../src/rules/example-docs.js';
import { shownMessage, TODAY } from '../helpers/lint.js';

/**
 * The editor's cross-file runs: documents analysed once and kept, one replaced per edit, the
 * workspace rules rerun with only the open documents wanted. Each run must say exactly what a
 * fresh `sot lint` of the same texts says about those documents (graph parts, cycles and their
 * walks are remembered between runs; a stale memory would show here).
 */
const item = (id: string, status: string, blockers: string[]) =>
  `## ${id} - Item\n\nStatus: ${status}.\n\nAcceptance:\n\n- Done.\n\n${blockers.length ? `Blocked by:\n\n${blockers.map((b) => `- \`${b}\`.`).join('\n')}\n\n` : ''}`;

const config = defaultConfig('/virtual');
const path = (name: string) => `/virtual/${name}`;

function fresh(files: Record<string, string>, wanted: string[]) {
  // Every file in scope: the rules search the whole graph (other keys than the editor's runs, so
  // nothing remembered from those is reused), then only the open files' results are compared.
  // One more (empty) file, and a new run context (lintInputs makes one): built from scratch rather than updated.
  const run = lintInputs(
    [...Object.entries(files), ['Z-NOTES.md', '# Notes\n']].map(([name, text]) => ({ path: path(name!), text: text! })),
    { config, today: TODAY },
  );
  return Object.fromEntries(run.results.filter((r) => wanted.some((w) => path(w) === r.filePath)).map((r) => [r.filePath, r.messages.filter((m) => ['blocked-by-cycle', 'validated-with-open-blocker', 'unknown-work-item', 'duplicate-work-item', 'status-claim-conflict'].includes(m.ruleId)).map(shownMessage).sort()]));
}

describe('incremental cross-file runs agree with a fresh lint', () => {
  it('through edits that add and remove cycles, rename items and change statuses', () => {
    const ctx = new RunContext(config, { today: TODAY });
    const files: Record<string, string> = {
      'A-ISSUES.md': issuesDoc(item('CTO-WORK-001', 'blocked', ['CTO-WORK-002']) + item('CTO-WORK-002', 'blocked', ['CTO-WORK-003']), 'A Issues'),
      'B-ISSUES.md': issuesDoc(item('CTO-WORK-003', 'blocked', ['CTO-WORK-004']) + item('CTO-WORK-004', 'validated', []), 'B Issues'),
      'C-ISSUES.md': issuesDoc(item('CTO-WORK-005', 'validated', ['CTO-WORK-001']), 'C Issues'),
    };
    const open = ['A-ISSUES.md', 'C-ISSUES.md'];
    const analyses = new Map<string, FileAnalysis>();
    const analyse = (name: string) => analyses.set(name, analyzeFile({ path: path(name), text: files[name]!, inScope: open.includes(name) }, ctx));
    for (const name of Object.keys(files)) analyse(name);

    const edits: [string, string][] = [
      // close a cycle 001 → 002 → 003 → 001 through the unopened B
      ['B-ISSUES.md', issuesDoc(item('CTO-WORK-003', 'blocked', ['CTO-WORK-001']) + item('CTO-WORK-004', 'validated', []), 'B Issues')],
      // a status change only: the same cycles
      ['A-ISSUES.md', issuesDoc(item('CTO-WORK-001', 'validated', ['CTO-WORK-002']) + item('CTO-WORK-002', 'blocked', ['CTO-WORK-003']), 'A Issues')],
      // rename an item on the cycle: the cycle is gone, references dangle
      ['A-ISSUES.md', issuesDoc(item('CTO-WORK-011', 'validated', ['CTO-WORK-002']) + item('CTO-WORK-002', 'blocked', ['CTO-WORK-003']), 'A Issues')],
      // and back
      ['A-ISSUES.md', issuesDoc(item('CTO-WORK-001', 'blocked', ['CTO-WORK-002']) + item('CTO-WORK-002', 'blocked', ['CTO-WORK-003']), 'A Issues')],
      // a self-block in the open C, a duplicate definition
      ['C-ISSUES.md', issuesDoc(item('CTO-WORK-005', 'blocked', ['CTO-WORK-005']) + item('CTO-WORK-004', 'blocked', []), 'C Issues')],
      // break the first cycle
      ['B-ISSUES.md', issuesDoc(item('CTO-WORK-003', 'blocked', ['CTO-WORK-004']) + item('CTO-WORK-004', 'validated', []), 'B Issues')],
    ];
    // All editor-style runs first (each after the previous one, as in the server), then the fresh
    // lints of the same texts: interleaving them would make every run a build from scratch.
    const steps: { files: Record<string, string>; incremental: Record<string, string[]> }[] = [];
    for (const [name, text] of [['A-ISSUES.md', files['A-ISSUES.md']!] as [string, string], ...edits]) {
      files[name] = text;
      analyse(name);
      const { messages } = crossFileMessages([...analyses.values()], ctx);
      const incremental = Object.fromEntries(
        open.map((n) => [path(n), (messages.get(analyses.get(n)!) ?? []).map(shownMessage).sort()]),
      );
      steps.push({ files: { ...files }, incremental });
    }
    let checked = 0;
    for (const step of steps) {
      expect(step.incremental).toEqual(fresh(step.files, open));
      checked += Object.values(step.incremental).flat().length;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
