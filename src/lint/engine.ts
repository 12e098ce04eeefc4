/**
 * The lint run's entry: a set of files linted as one workspace. The parts, each one job, in the
 * order a file meets them: `admit.ts` (decoding, limits), `parse/document.ts` (the one parse),
 * `per-file.ts` (the model and the per-file rules), `cross-file.ts` (the workspace rules),
 * `finish.ts` (inline directives, order, counts); `messages.ts` turns every report into a message,
 * `run-context.ts` holds what the run shares.
 */
import type { SotConfig } from '../config/config.js';
import type { LintInput, LintRun } from './analysis.js';
import { lintAnalyses } from './cross-file.js';
import { analyzeFile } from './per-file.js';
import { RunContext } from './run-context.js';
import type { Timing } from './timing.js';
import type { Rule } from './types.js';

// The phases one by one, for a caller that runs them apart (an editor, tests, benchmarks).
export type { FileAnalysis, LintInput, LintRun } from './analysis.js';
export { crossFileMessages, lintAnalyses } from './cross-file.js';
export { finishAnalysis } from './finish.js';
export { analyzeFile } from './per-file.js';
export { RunContext } from './run-context.js';

export interface LintOptions {
  config: SotConfig;
  /** YYYY-MM-DD; defaults to the local date. */
  today?: string;
  timing?: Timing;
  /** What the run keeps of each document (`RunContext.keep`): whole models by default. */
  keep?: 'document' | 'linked';
  /** The rules to run instead of the registered ones (an embedding tool's own set). */
  rules?: readonly Rule[];
}

/** Lints a set of files as one workspace: per-file rules, then cross-file rules, then directives. */
export function lintInputs(inputs: LintInput[], options: LintOptions): LintRun {
  const ctx = new RunContext(options.config, options);
  return lintAnalyses(inputs.map((input) => analyzeFile(input, ctx)), ctx);
}
