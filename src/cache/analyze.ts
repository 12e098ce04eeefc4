import { type FileAnalysis, type LintInput, type RunContext } from '../lint/engine.js';
import { analyzeAll, type Concurrency } from '../lint/parallel.js';
import type { IndexedFile } from '../git/staged.js';
import { documentLeaks } from '../leaks/redact.js';
import { blobHash, type AnalysisCache } from './cache.js';

/**
 * The per-file phase over files read from disk, through the cache when there is one. Cached files
 * skip it; the others are analysed on the main thread or, for large sets, on worker threads too
 * (`concurrency`, see lint/parallel.ts). Results are in input order either way.
 */
export async function analyzeInputs(inputs: LintInput[], ctx: RunContext, cache?: AnalysisCache, concurrency: Concurrency = 'auto'): Promise<FileAnalysis[]> {
  const out: (FileAnalysis | undefined)[] = new Array(inputs.length);
  const hashes: (string | undefined)[] = new Array(inputs.length);
  const missing: number[] = [];
  inputs.forEach((input, i) => {
    if (cache && input.bytes) {
      const hash = ctx.timing.time('cache', () => blobHash(input.bytes!));
      hashes[i] = hash;
      out[i] = lookup(cache, input.path, hash, input.inScope !== false, ctx);
    }
    if (!out[i]) missing.push(i);
  });
  const fresh = await analyzeAll(missing.map((i) => inputs[i]!), ctx, concurrency);
  missing.forEach((i, k) => {
    const hash = hashes[i];
    out[i] = cache && hash !== undefined ? store(cache, hash, fresh[k]!, ctx) : fresh[k]!;
  });
  return out as FileAnalysis[];
}

/**
 * The per-file phase over index versions. The index gives each file's blob hash, so cached files
 * are found without reading anything; only the others are read, with one `git cat-file --batch`.
 */
export async function analyzeIndexed(top: string, files: IndexedFile[], ctx: RunContext, cache?: AnalysisCache, concurrency: Concurrency = 'auto'): Promise<FileAnalysis[]> {
  const out: (FileAnalysis | undefined)[] = files.map((f) => (cache ? lookup(cache, f.path, f.hash, f.inScope, ctx) : undefined));
  const missing = files.filter((_, i) => !out[i]);
  const t0 = performance.now();
  const { readBlobs } = await import('../git/git.js');
  const blobs = await readBlobs(top, missing.map((f) => f.hash));
  ctx.timing.add('read', performance.now() - t0);
  const todo = files.flatMap((f, i) => (out[i] ? [] : [i]));
  const fresh = await analyzeAll(todo.map((i) => ({ path: files[i]!.path, inScope: files[i]!.inScope, bytes: blobs.get(files[i]!.hash) })), ctx, concurrency);
  todo.forEach((i, k) => {
    out[i] = cache ? store(cache, files[i]!.hash, fresh[k]!, ctx) : fresh[k]!;
  });
  return out as FileAnalysis[];
}

function lookup(cache: AnalysisCache, path: string, hash: string, inScope: boolean, ctx: RunContext): FileAnalysis | undefined {
  return ctx.timing.time('cache', () => cache.get(path, hash, inScope));
}

/**
 * A document holding a leaked value is never written to the cache: the cache keeps the document's
 * text, and nothing the tool writes may contain the value. Such a file is analysed again next run.
 */
function store(cache: AnalysisCache, hash: string, analysis: FileAnalysis, ctx: RunContext): FileAnalysis {
  const doc = analysis.doc;
  if (doc && (doc.leaks ??= documentLeaks(doc.text, ctx.config)).length > 0) return analysis;
  cache.set(analysis.path, hash, analysis);
  return analysis;
}
