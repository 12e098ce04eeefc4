/**
 * The per-file phase on several threads. N worker threads run `analyzeFile` on batches of files
 * while the main thread hands batches out and collects the results; a worker sends its
 * FileAnalysis values back by structured clone (they are plain data), and every analysis lands at
 * its input's index, so the result, and so the whole run's output, is the same whatever the number
 * of threads or the order they finish.
 *
 * Workers pay only on large sets: each one loads the Markdown stack and the rules again (about a
 * tenth of a second) and its results are copied back. `planThreads` decides from the bytes to
 * analyse; small runs (one file, a pre-commit with a handful) stay on the main thread and never load
 * `node:worker_threads`.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { SotConfig } from '../config/config.js';
import type { FileAnalysis, LintInput } from './analysis.js';
import { analyzeFile } from './per-file.js';
import type { RunContext } from './run-context.js';
import { allRules } from './registry.js';

/** `--concurrency`: `auto`, `off` (the main thread only), or the number of threads that analyse (1 = off). */
export type Concurrency = 'auto' | 'off' | number;

/** Below this many bytes per extra thread, a worker costs more than it saves. */
export const MIN_BYTES_PER_THREAD = 1_500_000;
/** A batch sent to a worker: at most about this many bytes or this many files, whichever comes first. */
const BATCH_BYTES = 192 * 1024;
const BATCH_FILES = 64;
/** The smallest batch at the end of a run: below it, a message round trip costs more than the work. */
const MIN_BATCH_BYTES = 16 * 1024;
/** Batches a worker holds at once: one running, one waiting, so it never idles between messages. */
const IN_FLIGHT = 2;
/** No more threads than this, whatever the machine: beyond it, copying results back dominates. */
const MAX_THREADS = 8;

export interface WorkerSettings {
  config: SotConfig;
  today: string;
  timing: boolean;
  caching: boolean;
  keep: RunContext['keep'];
}
export interface WorkerRequest {
  id: number;
  inputs: LintInput[];
}
export interface WorkerResponse {
  id: number;
  analyses: FileAnalysis[];
  timing: Record<string, number>;
}

function sizeOf(input: LintInput): number {
  return input.bytes?.byteLength ?? input.text?.length ?? 0;
}

/**
 * How many threads analyse `inputs`: 1 is the main thread alone; more are worker threads (the main
 * thread then coordinates). `auto`: one per core, but only as many as the work pays for
 * (MIN_BYTES_PER_THREAD each), and never more than files.
 */
export function planThreads(inputs: readonly LintInput[], concurrency: Concurrency, ctx?: RunContext): number {
  if (concurrency === 'off' || inputs.length < 2) return 1;
  if (ctx && !usesRegisteredRules(ctx)) return 1;
  if (typeof concurrency === 'number') return Math.max(1, Math.min(concurrency, inputs.length, 64));
  const bytes = inputs.reduce((n, i) => n + sizeOf(i), 0);
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS, inputs.length, Math.floor(bytes / MIN_BYTES_PER_THREAD)));
}

/** A worker rebuilds its rules from the registry: a context with an embedding tool's own rules stays on the main thread. */
function usesRegisteredRules(ctx: RunContext): boolean {
  const registered = new Set(allRules());
  return [...ctx.docRules, ...ctx.wsRules].every((r) => registered.has(r));
}

/** `analyzeFile` over every input, on `planThreads` threads; results in input order. */
export async function analyzeAll(inputs: LintInput[], ctx: RunContext, concurrency: Concurrency = 'auto'): Promise<FileAnalysis[]> {
  const threads = planThreads(inputs, concurrency, ctx);
  if (threads <= 1) return inputs.map((input) => analyzeFile(input, ctx));
  return runPool(inputs, ctx, threads);
}

interface Batch {
  id: number;
  indices: number[];
}

interface PoolWorker {
  worker: Worker;
  alive: boolean;
  inFlight: Map<number, Batch>;
}

/**
 * `threads` workers analyse; the main thread hands out batches, takes the results in, and analyses
 * only what a failed worker left (or everything, when no worker could start). Keeping the parse
 * off the main thread keeps its heap to the analyses it collects: with the main thread parsing too,
 * its garbage on top of 5,000 live analyses grew the heap (and the peak RSS) by a third.
 */
async function runPool(inputs: LintInput[], ctx: RunContext, threads: number): Promise<FileAnalysis[]> {
  const { Worker } = await import('node:worker_threads');
  const results: (FileAnalysis | undefined)[] = new Array(inputs.length);
  ctx.timing.note(`read (decode), parse, model and the per-file rules ran on ${threads} worker threads: their times are summed over the threads (CPU time), the other phases are wall time on the main thread`);

  // Largest files first (so a 1 MiB document does not start last and finish after everything
  // else), cut into batches as they are handed out: a batch stops once it reaches BATCH_BYTES or
  // BATCH_FILES, or a quarter per thread of what is left, so the last batches are small and the
  // threads finish together instead of one working through a full batch while the others wait.
  const order = inputs.map((_, i) => i).sort((a, b) => sizeOf(inputs[b]!) - sizeOf(inputs[a]!) || a - b);
  let left = order.reduce((n, i) => n + sizeOf(inputs[i]!), 0);
  let cursor = 0;
  let batches = 0;
  const takeBatch = (): Batch | undefined => {
    if (cursor >= order.length) return undefined;
    const target = Math.max(MIN_BATCH_BYTES, Math.min(BATCH_BYTES, left / (threads * 4)));
    const indices: number[] = [];
    let bytes = 0;
    while (cursor < order.length && bytes < target && indices.length < BATCH_FILES) {
      const i = order[cursor++]!;
      indices.push(i);
      bytes += sizeOf(inputs[i]!);
    }
    left -= bytes;
    return { id: batches++, indices };
  };
  const queueEmpty = () => cursor >= order.length;
  /** Batches a failed worker held: the main thread does them. */
  const orphans: Batch[] = [];

  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const settings: WorkerSettings = { config: ctx.config, today: ctx.today, timing: ctx.timing.enabled, caching: ctx.caching, keep: ctx.keep };
  const url = new URL('./worker.js', import.meta.url);
  const pool: PoolWorker[] = [];
  const fail = (p: PoolWorker) => {
    if (!p.alive) return;
    p.alive = false;
    orphans.push(...p.inFlight.values());
    p.inFlight.clear();
    void p.worker.terminate();
    notify();
  };
  const fill = (p: PoolWorker) => {
    while (p.alive && p.inFlight.size < IN_FLIGHT && !queueEmpty()) {
      const batch = takeBatch()!;
      p.inFlight.set(batch.id, batch);
      const req: WorkerRequest = { id: batch.id, inputs: batch.indices.map((i) => plainInput(inputs[i]!)) };
      try {
        p.worker.postMessage(req);
      } catch {
        fail(p);
      }
    }
  };
  for (let k = 0; k < threads; k++) {
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: settings, stdout: false, stderr: false });
    } catch {
      break; // no worker (sandbox, missing file): the main thread does everything
    }
    const p: PoolWorker = { worker, alive: true, inFlight: new Map() };
    worker.on('message', (msg: WorkerResponse | { ready: true }) => {
      if (!('id' in msg)) return;
      const batch = p.inFlight.get(msg.id);
      if (!batch) return;
      p.inFlight.delete(msg.id);
      batch.indices.forEach((i, k) => {
        results[i] = msg.analyses[k];
      });
      ctx.timing.merge(msg.timing);
      fill(p);
      notify();
    });
    worker.on('error', () => fail(p));
    worker.on('messageerror', () => fail(p));
    worker.on('exit', () => fail(p));
    pool.push(p);
    fill(p);
  }

  const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (;;) {
    const alive = pool.some((p) => p.alive);
    const batch = orphans.pop() ?? (!alive ? takeBatch() : undefined);
    if (batch) {
      for (const i of batch.indices) results[i] = analyzeFile(inputs[i]!, ctx);
      await yieldToEvents(); // let the workers hand in results and take new batches
      continue;
    }
    if (queueEmpty() && pool.every((p) => p.inFlight.size === 0)) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  for (const p of pool) {
    p.alive = false;
    p.worker.removeAllListeners('exit');
    void p.worker.terminate();
  }
  return results as FileAnalysis[];
}

/** What a worker needs of an input, without copying more than the file's own bytes. */
function plainInput(input: LintInput): LintInput {
  const out: LintInput = { path: input.path, inScope: input.inScope };
  if (input.readError !== undefined) out.readError = input.readError;
  if (input.text !== undefined) out.text = input.text;
  if (input.bytes) {
    const b = input.bytes;
    // A Buffer may be a view into a larger pool: structured clone would copy the whole pool.
    out.bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
  }
  return out;
}
