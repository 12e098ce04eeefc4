import type { SotConfig } from '../config/config.js';
import { readProject, type ProjectOptions } from '../files/project.js';
import { analyzeFile, RunContext } from '../lint/engine.js';
import type { LinkedDocument } from '../model/types.js';

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
