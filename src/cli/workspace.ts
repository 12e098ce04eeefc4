import { loadConfig, type SotConfig } from '../config/config.js';
import { collectFiles, readInputs } from '../files/collect.js';
import { analyzeFile, RunContext } from '../lint/engine.js';
import { ruleIds } from '../lint/registry.js';
import type { LinkedDocument } from '../model/types.js';

/**
 * The documents of a project as models only (no rules run): what `sot graph` and `sot explain`
 * read. Paths work as in `sot lint`, including reading the project's other documents as context.
 * The graph reads each document's linked part only: the rest of the model is not kept.
 */
export async function loadWorkspace(options: { cwd: string; patterns: string[]; configFile?: string; context: 'project' | 'paths' }): Promise<{ docs: LinkedDocument[]; config: SotConfig; unreadable: string[] }> {
  const config = loadConfig({ cwd: options.cwd, file: options.configFile, knownRules: ruleIds() });
  const files = await collectFiles({ cwd: options.cwd, patterns: options.patterns, config, projectContext: options.context === 'project' });
  const inputs = await readInputs(files);
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
