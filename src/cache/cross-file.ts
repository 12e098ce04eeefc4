import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SotConfig } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import type { FileAnalysis } from '../lint/analysis.js';
import type { CrossFileOutcome, CrossFileReuse } from '../lint/cross-file.js';
import { crossFileDigestOf } from '../lint/per-file.js';
import type { RunContext } from '../lint/run-context.js';
import type { LintMessage } from '../lint/types.js';

import { PathCheck } from './path-check.js';
import { entryLine, forEachEntry, shardOf } from './shards.js';
import { byPath } from '../util/order.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const shardFile = (n: number) => `x${String(n).padStart(2, '0')}.jsonl`;

interface Line {
  /** Blob hash of the document the messages are about. */
  hash: string;
  /** The digest of every document (`graphDigest`) of the run that made them. */
  graph: string;
  /** The messages as stored (`encodeMessages`), parsed when reused. */
  raw: Buffer;
}

/**
 * The cross-file messages of earlier runs, per document, each with the digest of what its run's
 * cross-file phase read of every document (`graphDigest`: each document's cross-file digest, see
 * lint/cross-file-digest.ts, and the content hash of one holding a leaked value). In a run with
 * the same digest, a document whose own content is unchanged gets its stored messages and
 * the workspace rules report on the other documents only: an edit that moves no work item,
 * status, reference or claim (most edits of prose) re-lints a project without redoing its graph's
 * conclusions. Any other change recomputes them all. What is stored are the messages as made,
 * before inline directives: every message and related text passed the redactor (and so the
 * detector) when it was made.
 *
 * Layout: `xNN.jsonl` beside the analysis shards, by the same path hash: a header line naming the
 * key and the digest its lines were made under, then `["path","hash",length]<TAB>messages` per
 * in-scope document (`encodeMessages`; `length` in bytes). A run that changes one document's
 * messages rewrites one shard.
 */
export class CrossFileStore {
  private readonly lines = new Map<string, Line>();
  private readonly dirty = new Set<number>();
  private readonly loaded = new Set<number>();
  private readonly paths: PathCheck;
  /** This run's digest (set by `reuse`), and the analyses whose messages came from the store. */
  private current: string | undefined;
  /** Paths, not analyses: the store outlives the run, and must not keep its documents alive. */
  private readonly reused = new Set<string>();

  private constructor(private readonly dir: string, private readonly key: string, config?: Pick<SotConfig, 'leaks' | 'root'>) {
    this.paths = new PathCheck(config);
  }

  /** Documents of the last run whose cross-file messages came from the store. */
  get reusedCount(): number {
    return this.reused.size;
  }

  /** The store in `dir`: nothing is read until a document's messages are asked for (`reuse`). */
  static at(dir: string, key: string, config?: Pick<SotConfig, 'leaks' | 'root'>): CrossFileStore {
    return new CrossFileStore(dir, key, config);
  }

  /**
   * Reads shard `n` the first time one of its documents is asked about or changed: a pre-commit
   * run reads the shard of its few files, not the whole store (16 MB for 5,000 documents).
   */
  private load(n: number): void {
    if (this.loaded.has(n)) return;
    this.loaded.add(n);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, shardFile(n)));
    } catch {
      return;
    }
    const headEnd = bytes.indexOf(NEWLINE);
    if (headEnd === -1) return;
    let graph: string;
    try {
      const head = JSON.parse(bytes.toString('utf8', 0, headEnd)) as { tool?: unknown; key?: unknown; graph?: unknown };
      if (head.tool !== 'sot-lint' || head.key !== this.key || typeof head.graph !== 'string') return;
      graph = head.graph;
    } catch {
      return;
    }
    forEachEntry(bytes, headEnd + 1, n, (path, [, hash, length], raw) => {
      // The length checks the related part too, which is parsed only when a format prints it.
      if (typeof hash === 'string' && length === raw.length) this.lines.set(path, { hash, graph, raw });
    });
  }

  /**
   * What this run may reuse: the stored messages of each document whose content is the same, made
   * by a run that read the same of every document. Undefined when that cannot be known.
   */
  reuse(analyses: readonly FileAnalysis[], ctx: RunContext): CrossFileReuse | undefined {
    const current = graphDigest(analyses, ctx);
    this.current = current;
    this.reused.clear();
    if (current === undefined) return undefined;
    return (a) => {
      this.load(shardOf(a.path));
      const line = this.lines.get(a.path);
      if (!line || line.graph !== current || line.hash !== a.contentHash) return undefined;
      const messages = decodeMessages(line.raw);
      if (messages) this.reused.add(a.path);
      return messages;
    };
  }

  /**
   * Keeps this run's cross-file messages (after `reuse`); none when a rule failed. Lines made under
   * another digest are left out when their shard is written (`save`).
   */
  record(analyses: readonly FileAnalysis[], outcome: CrossFileOutcome): void {
    const current = this.current;
    if (current === undefined || outcome.ruleFailed) return;
    for (const a of analyses) {
      if (!a.inScope || !a.doc || this.reused.has(a.path)) continue;
      if (a.contentHash === undefined) {
        this.drop(a.path);
        continue;
      }
      const messages = outcome.messages.get(a) ?? [];
      // Related locations name other files: a path holding a value is never written (path-check.ts).
      if (this.paths.holdsValue(a.path) || messages.some((m) => m.related?.some((r) => this.paths.holdsValue(r.filePath)))) {
        this.drop(a.path);
        continue;
      }
      const n = shardOf(a.path);
      this.load(n);
      this.lines.set(a.path, { hash: a.contentHash, graph: current, raw: encodeMessages(messages) });
      this.dirty.add(n);
    }
  }

  private drop(path: string): void {
    this.load(shardOf(path));
    if (this.lines.delete(path)) this.dirty.add(shardOf(path));
  }

  /** Writes the shards that changed (into the cache's folder, which exists by then). */
  async save(): Promise<void> {
    if (!this.dirty.size) return;
    const parts = new Map<number, Buffer[]>();
    for (const n of this.dirty) parts.set(n, []);
    // Every line written was made under this run's digest (the header says which): a line loaded
    // from an older shard is left out, whatever path led to its shard being rewritten.
    const graph = this.current;
    for (const [path, line] of this.lines) {
      const list = parts.get(shardOf(path));
      if (!list || graph === undefined || line.graph !== graph) continue;
      list.push(...entryLine([path, line.hash, line.raw.length], line.raw));
    }
    await Promise.all(
      [...parts].map(([n, list]) =>
        writeFileAtomic(join(this.dir, shardFile(n)), Buffer.concat([Buffer.from(`${JSON.stringify({ tool: 'sot-lint', key: this.key, graph: graph ?? null })}\n`), ...list])),
      ),
    );
    this.dirty.clear();
  }
}

/**
 * A document's messages as `messages-json<TAB>related-json`: the related locations (most of the
 * bytes: a cycle's message lists its other members) apart, each message keeping `"related":0` where
 * its list was. Formats that print no related locations (stylish, github) never parse them.
 */
function encodeMessages(messages: readonly LintMessage[]): Buffer {
  const related: LintMessage['related'][] = [];
  const heads = messages.map((m) => {
    if (!m.related) return m;
    related.push(m.related);
    return { ...m, related: 0 };
  });
  return Buffer.from(related.length ? `${JSON.stringify(heads)}\t${JSON.stringify(related)}` : JSON.stringify(heads));
}

/** `encodeMessages` undone; each `related` read from its part on first access (in its place: key order is output order). */
function decodeMessages(raw: Buffer): LintMessage[] | undefined {
  const tab = raw.indexOf(TAB);
  let messages: unknown;
  try {
    messages = JSON.parse(raw.toString('utf8', 0, tab === -1 ? raw.length : tab));
  } catch {
    return undefined;
  }
  if (!Array.isArray(messages)) return undefined;
  const holders = (messages as { related?: unknown }[]).filter((m) => m !== null && typeof m === 'object' && m.related === 0);
  if (holders.length) {
    if (tab === -1) return undefined;
    let lists: unknown[] | undefined;
    const listsOf = (): unknown[] => {
      if (!lists) {
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8', tab + 1));
          lists = Array.isArray(parsed) ? parsed : [];
        } catch {
          lists = [];
        }
      }
      return lists;
    };
    holders.forEach((m, k) => {
      Object.defineProperty(m, 'related', {
        enumerable: true,
        configurable: true,
        get: () => listsOf()[k] ?? [],
        set(value: unknown) {
          Object.defineProperty(m, 'related', { value, writable: true, enumerable: true, configurable: true });
        },
      });
    });
  }
  return messages as LintMessage[];
}

/**
 * The digest of what the cross-file phase reads of every document of the run. A document holding a leaked value adds its content hash: messages
 * about other documents are redacted against its values. Undefined when such a hash is not known.
 */
function graphDigest(analyses: readonly FileAnalysis[], ctx: RunContext): string | undefined {
  const h = createHash('sha1');
  // By path: a pre-commit run lists its files first and the context after, a full run in walk
  // order, and the order does not change what the rules conclude (a property test holds to that).
  for (const a of [...analyses].sort(byPath)) {
    h.update(`${a.path}\0`);
    if (!a.doc) {
      h.update('no document\n');
      continue;
    }
    h.update(crossFileDigestOf(a.doc, ctx));
    if (a.doc.leaks === undefined || a.doc.leaks.length > 0) {
      if (a.contentHash === undefined) return undefined;
      h.update(`\0${a.contentHash}`);
    }
    h.update('\n');
  }
  return h.digest('hex');
}
