import { loadConfig, type SotConfig } from '../config/config.js';
import { collectFiles, readInputs } from '../files/collect.js';
import { analyzeFile, RunContext, type LintInput } from '../lint/engine.js';
import { ruleIds } from '../lint/registry.js';
import type { LinkedDocument } from '../model/types.js';

export interface ProjectOptions {
  cwd: string;
  patterns: string[];
  configFile?: string;
  context: 'project' | 'paths';
}

/**
 * A project's config and files, read, as `sot lint` resolves them: paths, folders and globs, and
 * with `context: 'project'` the project's other documents as context.
 */
export async function readProject(options: ProjectOptions): Promise<{ config: SotConfig; inputs: LintInput[] }> {
  const config = loadConfig({ cwd: options.cwd, file: options.configFile, knownRules: ruleIds() });
  const files = await collectFiles({ cwd: options.cwd, patterns: options.patterns, config, projectContext: options.context === 'project' });
  return { config, inputs: await readInputs(files, { maxFileBytes: config.limits.maxFileBytes }) };
}

/**
 * The documents of a project as models only (no rules run): what `sot graph` and `sot explain`
 * read. The graph reads each document's linked part only: the rest of the model is not kept.
 */
export async function loadWorkspace(options: ProjectOptions): Promise<{ docs: LinkedDocument[]; config: SotConfig; unreadable: string[] }> {
  const { config, inputs } = await readProject(options);
  const ctx = new RunContext(config, { keep: 'linked', rules: [] });
  const docs: LinkedDocument[] = [];
  const unreadable: string[] = [];
  for (const input of inputs) {
    const analysis = analyzeFile({ ...input, inScope: false }, ctx);
    if (analysis.doc) docs.push(analysis.doc);
    else unreadable.push(input.path);
  }
  return { docs, config, unreadable };
}
