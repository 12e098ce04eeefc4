/**
 * sot-lint as a library (`import { lintFiles } from 'sot-lint'`): what `sot lint` does, for a tool
 * that embeds it (a custom CI step, a bot, an editor extension that does not speak LSP). The
 * results are the shape every formatter takes (`LintResult`, ESLint's plus `related` and
 * `fingerprint`); messages never hold a detected secret, as in every output of the CLI.
 *
 * ```js
 * import { lintFiles, loadFormatter } from 'sot-lint';
 * const run = await lintFiles({ cwd: '/path/to/repo' });
 * process.stdout.write((await loadFormatter('stylish'))(run.results, { cwd: '/path/to/repo', color: false }));
 * ```
 */
import { readProject } from './files/project.js';
import type { LintRun } from './lint/analysis.js';
import { lintAnalyses } from './lint/cross-file.js';
import { RunContext } from './lint/run-context.js';
import { analyzeAll, type Concurrency } from './lint/parallel.js';

export interface LintFilesOptions {
  /** Where paths are resolved and the config is looked for (default: the process's directory). */
  cwd?: string;
  /** Files, folders or globs, as `sot lint` takes them (default: the config's `include`). */
  patterns?: string[];
  /** A config file (default: the nearest `.sotrc.*` or `sot.config.json` above `cwd`). */
  configFile?: string;
  /** `project` (default): the project's other documents are read as context for the cross-file rules; `paths`: only the files given. */
  context?: 'project' | 'paths';
  /** Today as YYYY-MM-DD, for date rules (default: the local date). */
  today?: string;
  /** Threads that analyse files, as `sot lint --concurrency` (default `auto`). */
  concurrency?: Concurrency;
}

/**
 * Lints files as `sot lint` does, without a cache. Bad input is reported in the results (unreadable,
 * binary, oversized files as `file-unreadable`); a broken config or rules file throws a
 * `DataFileError` naming the file, a path that matches nothing a `NoSuchPathError`.
 * `run.documents` holds every document's whole model (context files included; typed as the linked
 * part every run keeps: `wholeDocument(doc)` gives the whole type). Files are read synchronously
 * (files/read.ts): a named pipe holds the call until its writer closes it.
 */
export async function lintFiles(options: LintFilesOptions = {}): Promise<LintRun> {
  const { config, inputs } = await readProject({ cwd: options.cwd ?? process.cwd(), patterns: options.patterns ?? [], configFile: options.configFile, context: options.context ?? 'project' });
  const ctx = new RunContext(config, { today: options.today });
  return lintAnalyses(await analyzeAll(inputs, ctx, options.concurrency), ctx);
}

export { defaultConfig, loadConfig, type SotConfig } from './config/config.js';
export { DataFileError } from './data/load-data.js';
export { NoSuchPathError } from './files/collect.js';
export { formatNames, loadFormatter } from './format/index.js';
export type { FormatContext, Formatter } from './format/types.js';
export { lintInputs, RunContext, type FileAnalysis, type LintInput, type LintOptions, type LintRun } from './lint/engine.js';
export type { Concurrency } from './lint/parallel.js';
export { allRules, ruleIds, ruleMeta } from './lint/registry.js';
export type { DocumentRule, Fix, LintMessage, LintResult, RelatedLocation, Rule, RuleMeta, Severity, WorkspaceRule } from './lint/types.js';
export { isWholeDocument, wholeDocument } from './model/linked.js';
export type { LinkedDocument, SotDocument } from './model/types.js';
