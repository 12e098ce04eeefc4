import { loadConfig, type SotConfig } from '../config/config.js';
import type { LintInput } from '../lint/analysis.js';
import { ruleIds } from '../lint/registry.js';
import { collectFiles, readInputs } from './collect.js';

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

