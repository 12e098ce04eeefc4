import type { SotConfig } from '../config/config.js';
import { readProject, type ProjectOptions } from '../files/project.js';
import { analyzeFile } from '../lint/per-file.js';
import { RunContext } from '../lint/run-context.js';
import type { ModelOptions } from '../model/options.js';
import type { LinkedDocument } from '../model/types.js';
import { evidenceGate } from '../rules/evidence-gate.js';

/**
 * The documents of a project as models only (no rule reports): what `sot graph` and `sot explain`
 * read. The graph reads each document's linked part only: the rest of the model is not kept. The
 * evidence-gate rule's per-document part is prepared with it: each item's requirements and the
 * evidence that meets them.
 */
export async function loadWorkspace(options: ProjectOptions): Promise<{ docs: LinkedDocument[]; config: SotConfig; options: ModelOptions; unreadable: string[] }> {
  const { config, inputs } = await readProject(options);
  const ctx = new RunContext(config, { keep: 'linked', rules: [evidenceGate] });
  const docs: LinkedDocument[] = [];
  const unreadable: string[] = [];
  for (const input of inputs) {
    const analysis = analyzeFile({ ...input, inScope: false }, ctx);
    if (analysis.doc) docs.push(analysis.doc);
    else unreadable.push(input.path);
  }
  return { docs, config, options: ctx.modelOptions, unreadable };
}
