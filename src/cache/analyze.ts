import { readDocumentFile } from '../files/read.js';
import type { FileAnalysis, LintInput, LintRun } from '../lint/analysis.js';
import { lintAnalyses } from '../lint/cross-file.js';
import { analyzeFile, crossFileDigestOf, prepareParts } from '../lint/per-file.js';
import type { RunContext } from '../lint/run-context.js';
import { analyzeAll, type Concurrency } from '../lint/parallel.js';
import type { IndexedFile } from '../git/staged.js';
import { documentLeaks } from '../leaks/redact.js';
import { decodeBytes } from '../text/decode.js';
import { wholeDocument } from '../model/linked.js';
import { blobHash, type AnalysisCache, type FileStamp } from './cache.js';

/**
 * The per-file phase over files read from disk, through the cache when there is one. Cached files
 * skip it; the others are analysed on the main thread or, for large sets, on worker threads too
 * (`concurrency`, see lint/parallel.ts). Results are in input order either way.
 */
export async function analyzeInputs(inputs: LintInput[], ctx: RunContext, cache?: AnalysisCache, concurrency: Concurrency = 'auto'): Promise<FileAnalysis[]> {
  const out: (FileAnalysis | undefined)[] = new Array(inputs.length);
  const hashes: (string | undefined)[] = new Array(inputs.length);
  const missing: number[] = [];
  for (let i = 0; i < inputs.length; i++) {
    // A sealed entry's values come from the file itself, never from the cache: a file vouched for
    // by its stamp is read after all when its entry is sealed.
    if (cache && !inputs[i]!.bytes && inputs[i]!.hash && cache.isSealed(inputs[i]!.path, inputs[i]!.hash!)) inputs[i] = readAgain(inputs[i]!, ctx);
    const input = inputs[i]!;
    if (cache && (input.bytes || input.hash)) {
      const hash = input.hash ?? ctx.timing.time('cache', () => blobHash(input.bytes!));
      hashes[i] = hash;
      const text = input.bytes && cache.isSealed(input.path, hash) ? decodeBytes(input.bytes).text : undefined;
      out[i] = lookup(cache, input.path, hash, input.inScope !== false, ctx, text);
      if (out[i] && !input.bytes) cache.unread++;
      if (out[i] && input.bytes && input.stamp) cache.restamp(input.path, hash, input.stamp);
    }
    if (out[i]) continue;
    if (!input.bytes && input.hash && !input.readError) {
      // Vouched for by its stamp but not cached as needed here (context only, now in scope): read it.
      inputs[i] = readAgain(input, ctx);
      hashes[i] = inputs[i]!.bytes ? blobHash(inputs[i]!.bytes!) : undefined;
    }
    missing.push(i);
  }
  const fresh = await analyzeAll(missing.map((i) => inputs[i]!), ctx, concurrency);
  missing.forEach((i, k) => {
    const hash = hashes[i];
    out[i] = cache && hash !== undefined ? store(cache, hash, fresh[k]!, ctx, inputs[i]!.stamp) : fresh[k]!;
  });
  out.forEach((a, i) => (a!.contentHash = hashes[i]));
  return out as FileAnalysis[];
}

/**
 * The cross-file phase and the end of the run, through the cache when there is one: documents whose
 * cross-file messages the last run gave, from the same view of every document, get them again.
 */
export function lintThroughCache(analyses: FileAnalysis[], ctx: RunContext, cache?: AnalysisCache): LintRun {
  if (!cache) return lintAnalyses(analyses, ctx);
  const reuse = ctx.timing.time('cache', () => cache.crossFile.reuse(analyses, ctx));
  return lintAnalyses(
    analyses,
    ctx,
    reuse && ((a) => ctx.timing.time('cache', () => reuse(a))),
    (outcome) => ctx.timing.time('cache', () => cache.crossFile.record(analyses, outcome)),
  );
}

/**
 * The per-file phase over index versions. The index gives each file's blob hash, so cached files
 * are found without reading anything; only the others are read, with one `git cat-file --batch`.
 */
export async function analyzeIndexed(top: string, files: IndexedFile[], ctx: RunContext, cache?: AnalysisCache, concurrency: Concurrency = 'auto'): Promise<FileAnalysis[]> {
  // A sealed entry takes its values from the file's own blob: those are read with the others.
  const sealed = (f: IndexedFile) => !!cache && cache.isSealed(f.path, f.hash);
  const out: (FileAnalysis | undefined)[] = files.map((f) => (cache && !sealed(f) ? lookup(cache, f.path, f.hash, f.inScope, ctx) : undefined));
  const t0 = performance.now();
  const { readBlobs } = await import('../git/git.js');
  const blobs = await readBlobs(top, files.flatMap((f, i) => (out[i] ? [] : [f.hash])));
  ctx.timing.add('read', performance.now() - t0);
  files.forEach((f, i) => {
    const bytes = blobs.get(f.hash);
    if (cache && !out[i] && bytes && sealed(f)) out[i] = lookup(cache, f.path, f.hash, f.inScope, ctx, decodeBytes(bytes).text);
  });
  const todo = files.flatMap((_, i) => (out[i] ? [] : [i]));
  const fresh = await analyzeAll(todo.map((i) => ({ path: files[i]!.path, inScope: files[i]!.inScope, bytes: blobs.get(files[i]!.hash) })), ctx, concurrency);
  todo.forEach((i, k) => {
    out[i] = cache ? store(cache, files[i]!.hash, fresh[k]!, ctx) : fresh[k]!;
  });
  out.forEach((a, i) => (a!.contentHash = files[i]!.hash));
  return out as FileAnalysis[];
}

/**
 * A file the run had not read (its stamp vouched for it), read now: a sealed entry's document, or
 * one cached as context only and now in scope. Synchronously: these are read one after another
 * inside the lookup loop, where each awaited read cost a thread-pool round trip.
 */
function readAgain(input: LintInput, ctx: RunContext): LintInput {
  const t0 = performance.now();
  const got = readDocumentFile(input.path, ctx.config.limits.maxFileBytes);
  ctx.timing.add('read', performance.now() - t0);
  return 'error' in got ? { path: input.path, inScope: input.inScope, readError: got.error } : { ...input, bytes: got.bytes, hash: undefined };
}

function lookup(cache: AnalysisCache, path: string, hash: string, inScope: boolean, ctx: RunContext, text?: string): FileAnalysis | undefined {
  return ctx.timing.time('cache', () => cache.get(path, hash, inScope, text));
}

/**
 * A document holding a leaked value is never written to the cache as it is: the cache keeps the
 * document's text, and nothing the tool writes may contain the value. What is written is a masked
 * context copy (`maskedContext`): enough for the cross-file rules when the file is context (every
 * pre-commit run reads the whole project); in scope, the file is analysed again.
 */
function store(cache: AnalysisCache, hash: string, analysis: FileAnalysis, ctx: RunContext, stamp?: FileStamp): FileAnalysis {
  const doc = analysis.doc;
  // An entry keeps the rules' prepared parts: later runs read them instead of the document.
  if (doc) prepareParts(wholeDocument(doc), ctx);
  if (doc && (doc.leaks ??= documentLeaks(doc.text, ctx.config)).length > 0) {
    // Sealed when that is safe (cache.ts: values replaced by placeholders, read back from the file
    // on use); else a masked copy for context, made once per content, and linted in scope each run.
    if (!analysis.internalErrors && (analysis.inScope || !cache.holds(analysis.path, hash)) && !cache.setSealed(analysis.path, hash, analysis, ctx.config, stamp) && !cache.holds(analysis.path, hash)) {
      cache.set(analysis.path, hash, maskedContext(analysis, ctx), stamp, doc.text);
    }
    return analysis;
  }
  cache.set(analysis.path, hash, analysis, stamp);
  return analysis;
}

/**
 * The document with each leaked value replaced by `x`s of the same length (line breaks kept), parsed
 * again so that no field built from the text (list items, headings, frontmatter) keeps the value:
 * every offset and line number holds. The original's leak ranges and its rules' prepared parts
 * (ids, ranges and counts by contract, see WorkspaceRule.prepare) are kept, so cross-file
 * conclusions drawn from the copy are the original's. No messages: it is context only. The cache
 * stores it locked under the original's text (cache.ts `Entry.locked`): its runs of `x` and its
 * leak ranges would tell each value's length.
 */
function maskedContext(analysis: FileAnalysis, ctx: RunContext): FileAnalysis {
  const doc = analysis.doc!;
  const chars = doc.text.split('');
  for (const leak of doc.leaks ?? []) {
    for (let i = leak.start; i < leak.end && i < chars.length; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = 'x';
  }
  const copy = analyzeFile({ path: analysis.path, text: chars.join(''), inScope: false }, ctx).doc;
  if (copy) {
    Object.assign(copy, { leaks: doc.leaks, prepared: doc.prepared, masked: true as const });
    // The copy is what later runs' cross-file phase reads: its digest, not the original's.
    crossFileDigestOf(copy, ctx);
  }
  return { path: analysis.path, inScope: false, messages: [], internalErrors: 0, doc: copy };
}
