/**
 * Worker-thread entry of the per-file phase (see parallel.ts): builds its own RunContext from the
 * run's settings, then answers each batch of files with their FileAnalysis (plain data, sent back
 * by structured clone). Loaded only when a run is large enough to use workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LintInput } from './analysis.js';
import { analyzeFile, prepareParts } from './per-file.js';
import { RunContext } from './run-context.js';
import { isWholeDocument } from '../model/linked.js';
import { Timing } from './timing.js';
import type { WorkerRequest, WorkerResponse, WorkerSettings } from './parallel.js';

const settings = workerData as WorkerSettings;
const timing = new Timing(settings.timing);
const ctx = new RunContext(settings.config, { today: settings.today, timing, caching: settings.caching, keep: settings.keep });
const port = parentPort!;

port.on('message', (req: WorkerRequest) => {
  const before = timing.snapshot();
  const analyses = req.inputs.map((input: LintInput) => {
    const analysis = analyzeFile(input, ctx);
    // Prepared here, on this thread, rather than by the main thread's cross-file phase.
    if (analysis.doc && isWholeDocument(analysis.doc)) prepareParts(analysis.doc, ctx);
    return analysis;
  });
  const after = timing.snapshot();
  const spent: Record<string, number> = {};
  for (const [phase, ms] of Object.entries(after)) {
    const d = ms - (before[phase] ?? 0);
    if (d) spent[phase] = d;
  }
  const res: WorkerResponse = { id: req.id, analyses, timing: spent };
  port.postMessage(res);
});
port.postMessage({ ready: true });
