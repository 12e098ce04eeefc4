import type { LinkedDocument, SotDocument } from '../model/types.js';
import type { LintMessage, LintResult } from './types.js';

/** One file to lint: its bytes (or text), or why it could not be read. */
export interface LintInput {
  path: string;
  bytes?: Uint8Array;
  /**
   * Git's blob hash of the content, when it is known without the bytes (the index; a cache that
   * vouched for the file by its size and mtime): the cache is asked first, the bytes read only on a miss.
   */
  hash?: string;
  /** Size and mtime when the bytes were read (see cache.ts FileStamp): stored with the cache entry. */
  stamp?: { size: number; mtimeMs: number; readAt: number };
  text?: string;
  readError?: string;
  /** False for files read only as context for cross-file rules: they get no result of their own. */
  inScope?: boolean;
}

/**
 * Everything known about one file after the per-file phase: its model and the per-file rules'
 * messages. Depends only on the file's content and the run's settings, so it can be cached or
 * computed in a worker; cross-file conclusions are never part of it.
 */
export interface FileAnalysis {
  path: string;
  inScope: boolean;
  /** The document's model: whole, or in a run that keeps less (`RunContext` `keep`) its `LinkedDocument` part. */
  doc?: SotDocument | LinkedDocument;
  messages: LintMessage[];
  internalErrors: number;
  /** Git's blob hash of the content analysed, when the run knows it (a run through the cache). */
  contentHash?: string;
}

export interface LintRun {
  results: LintResult[];
  /** Every parsed document of the run, context files included (for graph, explain): whole or linked parts (`RunContext` `keep`). */
  documents: LinkedDocument[];
  internalErrors: number;
}
