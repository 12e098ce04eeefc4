import { analyzeFile, type FileAnalysis, type LintInput, type RunContext } from '../lint/engine.js';
import { readBlobs } from '../git/git.js';
import type { IndexedFile } from '../git/staged.js';
import { blobHash, type AnalysisCache } from './cache.js';

/** The per-file phase over files read from disk, through the cache when there is one. */
export function analyzeInputs(inputs: LintInput[], ctx: RunContext, cache?: AnalysisCache): FileAnalysis[] {
  return inputs.map((input) => {
    if (!cache || !input.bytes) return analyzeFile(input, ctx);
    const hash = ctx.timing.time('cache', () => blobHash(input.bytes!));
    return lookup(cache, input.path, hash, input.inScope !== false, ctx) ?? store(cache, hash, analyzeFile(input, ctx));
  });
}

/**
 * The per-file phase over index versions. The index gives each file's blob hash, so cached files
 * are found without reading anything; only the others are read, with one `git cat-file --batch`.
 */
export async function analyzeIndexed(top: string, files: IndexedFile[], ctx: RunContext, cache?: AnalysisCache): Promise<FileAnalysis[]> {
  const out: (FileAnalysis | undefined)[] = files.map((f) => (cache ? lookup(cache, f.path, f.hash, f.inScope, ctx) : undefined));
  const missing = files.filter((_, i) => !out[i]);
  const t0 = performance.now();
  const blobs = await readBlobs(top, missing.map((f) => f.hash));
  ctx.timing.add('read', performance.now() - t0);
  files.forEach((f, i) => {
    if (out[i]) return;
    const analysis = analyzeFile({ path: f.path, inScope: f.inScope, bytes: blobs.get(f.hash) }, ctx);
    out[i] = cache ? store(cache, f.hash, analysis) : analysis;
  });
  return out as FileAnalysis[];
}

function lookup(cache: AnalysisCache, path: string, hash: string, inScope: boolean, ctx: RunContext): FileAnalysis | undefined {
  return ctx.timing.time('cache', () => cache.get(path, hash, inScope));
}

function store(cache: AnalysisCache, hash: string, analysis: FileAnalysis): FileAnalysis {
  cache.set(analysis.path, hash, analysis);
  return analysis;
}
