import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic.js';
import type { LintRun } from '../lint/analysis.js';
import type { Fix } from '../lint/types.js';
import { decodeBytes } from '../text/decode.js';
import { applyFixes } from './apply.js';

export interface FixSummary {
  /** Fixes written to files, over all passes. */
  applied: number;
  files: Set<string>;
  /** Files whose fixes were not applied, and why. */
  refused: Map<string, string>;
}

/** ESLint's limit: fixes that keep producing new fixes stop here. */
const MAX_PASSES = 10;

/**
 * `--fix`: applies the fixes of the run's remaining messages to the files, atomically, then lints
 * again (a fix can make another possible, or deferred overlapping fixes can now apply), until
 * nothing more applies. Returns the final run, which is what gets reported.
 */
export async function fixUntilStable(first: LintRun, relint: () => Promise<LintRun>): Promise<{ run: LintRun; summary: FixSummary }> {
  const summary: FixSummary = { applied: 0, files: new Set(), refused: new Map() };
  let run = first;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const applied = await fixOnce(run, summary);
    if (applied === 0) break;
    run = await relint();
  }
  return { run, summary };
}

async function fixOnce(run: LintRun, summary: FixSummary): Promise<number> {
  const texts = new Map(run.documents.map((d) => [d.path, d.text]));
  let applied = 0;
  for (const result of run.results) {
    const fixes = result.messages.flatMap((m) => (m.fix ? [m.fix] : [])) as Fix[];
    if (!fixes.length || summary.refused.has(result.filePath)) continue;
    const linted = texts.get(result.filePath);
    let bytes: Buffer;
    try {
      bytes = await readFile(result.filePath);
    } catch (e) {
      summary.refused.set(result.filePath, `cannot read it again: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    // Fix only what was linted: a file edited meanwhile is left alone.
    if (linted === undefined || decodeBytes(bytes).text !== linted) {
      summary.refused.set(result.filePath, 'it changed while it was being linted');
      continue;
    }
    const out = applyFixes(bytes, fixes);
    if ('refused' in out) {
      summary.refused.set(result.filePath, out.refused);
      continue;
    }
    if (!out.applied) continue;
    await writeFileAtomic(result.filePath, out.bytes);
    applied += out.applied;
    summary.files.add(result.filePath);
  }
  summary.applied += applied;
  return applied;
}
