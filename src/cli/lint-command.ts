import { relative } from 'node:path';
import { analyzeIndexed, analyzeInputs, lintThroughCache } from '../cache/analyze.js';
import { AnalysisCache, cacheKey, defaultCacheLocation } from '../cache/cache.js';
import { loadConfig } from '../config/config.js';
import { collectFiles, readInputs } from '../files/collect.js';
import { formatNames, loadFormatter } from '../format/index.js';
import { pathRedaction } from '../leaks/redact.js';
import type { LintMessage, LintResult } from '../lint/types.js';
import type { LintRun } from '../lint/analysis.js';
import { RunContext } from '../lint/run-context.js';
import type { Concurrency } from '../lint/parallel.js';
import { ruleIds } from '../lint/registry.js';
import { Timing } from '../lint/timing.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot lint [paths|globs…] [options]

Lints SOT documents: frontmatter, structure, work items, the cross-document graph.
With no paths, lints **/.sot/**/*.md under the project (dot folders included).
Named files are linted whatever their extension and are the report scope; the
project's other documents are still read so cross-file rules see the whole graph.

Options:
  -f, --format NAME          output format: ${formatNames().join(', ')} (default stylish)
  -c, --config FILE          use this config file instead of searching for
                             .sotrc.json, .sotrc.yaml or sot.config.json
      --print-config FILE    print the configuration that applies to FILE and exit
      --max-warnings N       exit 1 when there are more than N warnings
      --quiet                report errors only
      --context MODE         project (default): read the project's documents for
                             cross-file rules; paths: only the named files
      --fix                  apply the certain fixes (title H1, authority banner) to the
                             files, atomically, then report what remains
      --staged               lint what is staged for commit: the index versions of the
                             staged documents, with the project's documents as they are in
                             the index for cross-file rules, judged with the index version
                             of the config file when it is tracked; reports working-tree paths
      --cache                reuse the results of unchanged files (content-hash keyed):
                             per-file findings, and cross-file findings while no file's
                             work items, links, claims or their lines changed
      --cache-location DIR   where the cache lives (default node_modules/.cache/sot-lint
                             when there is a node_modules, else .sot-cache)
      --cache-strategy S     metadata (default): a file whose size and mtime are unchanged
                             since it was read (and was not modified just before) is not
                             read again; content: read and hash every file
      --concurrency N        threads for parsing and per-file rules: auto (default:
                             worker threads, one per core, when the files are large
                             enough to pay for them), off, or a number (1 = off)
      --no-error-on-unmatched-pattern
                             a path or glob that matches nothing is not an error
      --today YYYY-MM-DD     the date that "today" means for date rules
      --timing               print time per phase and per rule on stderr
      --no-color, --color    force plain or coloured output (NO_COLOR is honoured)
      --debug                print stack traces for internal errors
  -h, --help                 show this help
  -v, --version              print the version

Exit codes: 0 no errors, 1 errors (or warnings over --max-warnings), 2 usage,
config or internal failure.
`;

export async function lintCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        config: { type: 'string', short: 'c' },
        'print-config': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        context: { type: 'string', default: 'project' },
        'no-error-on-unmatched-pattern': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        staged: { type: 'boolean', default: false },
        cache: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: 'auto' },
        'cache-location': { type: 'string' },
        'cache-strategy': { type: 'string', default: 'metadata' },
        today: { type: 'string' },
        timing: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    },
  );
  const { values: v, positionals } = parsed;
  if (v.help) return printHelp(HELP);
  const formatter = await loadFormatter(v.format!);
  if (!formatter) throw new UsageError(`unknown format "${v.format}"; use one of: ${formatNames().join(', ')}`);
  let maxWarnings = -1;
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'])) throw new UsageError(`--max-warnings needs a whole number, got "${v['max-warnings']}"`);
    maxWarnings = Number(v['max-warnings']);
  }
  if (v.context !== 'project' && v.context !== 'paths') throw new UsageError(`--context must be "project" or "paths", got "${v.context}"`);
  if (v.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v.today)) throw new UsageError(`--today needs YYYY-MM-DD, got "${v.today}"`);
  const concurrency = parseConcurrency(v.concurrency!);
  if (v['cache-strategy'] !== 'metadata' && v['cache-strategy'] !== 'content') throw new UsageError(`--cache-strategy must be "metadata" or "content", got "${v['cache-strategy']}"`);
  if (v.fix && v.staged) throw new UsageError('--fix cannot be combined with --staged: fixes are written to the working tree, not the index');

  const cwd = process.cwd();
  // --staged judges the commit with the config it commits (see stagedConfig).
  // (--staged and --fix modules load only when asked for: a plain lint, one file on save, skips them.)
  const staged = v.staged ? await import('../git/staged.js') : undefined;
  const gitProblem = (e: unknown): never => {
    throw staged && e instanceof staged.GitError ? new UsageError(e.message) : e;
  };
  const found = staged ? await staged.stagedConfig(cwd, v.config).catch(gitProblem) : { file: v.config };
  const config = loadConfig({ cwd, file: found.file, knownRules: ruleIds(), text: found.text });
  if (v['print-config'] !== undefined) {
    process.stdout.write(`${JSON.stringify({ ...config, forFile: v['print-config'] }, null, 2)}\n`);
    return 0;
  }
  const timing = new Timing(v.timing!);
  // Without a cache, nothing after the cross-file phase reads more of a document than its linked part.
  const ctx = new RunContext(config, { today: v.today, timing, caching: v.cache === true, keep: v.cache ? 'document' : 'linked' });
  const cacheDir = v['cache-location'] ?? defaultCacheLocation(config.root);
  // Opened while the files are collected (reading the cache's shards overlaps the directory walk).
  const tCache = performance.now();
  const opening = v.cache
    ? AnalysisCache.open(cacheDir, cacheKey(config, ctx.today), config).then((c) => {
        timing.add('cache', performance.now() - tCache);
        return c;
      })
    : Promise.resolve(undefined);
  // Awaited below; a rejection before then is not unhandled.
  opening.catch(() => undefined);
  let lintOnce: () => Promise<LintRun>;
  let complete = positionals.length === 0 || v.context === 'project';
  if (staged) {
    const stagedSet = await staged.collectStaged({ cwd, patterns: positionals, config, projectContext: v.context === 'project' }).catch(gitProblem);
    // Nothing staged gives an empty report (valid JSON/SARIF) and exit 0: such a commit passes quietly.
    complete = false;
    lintOnce = async () => {
      const cache = await opening;
      return lintThroughCache(await analyzeIndexed(stagedSet.top, stagedSet.files, ctx, cache, concurrency), ctx, cache);
    };
  } else {
    const files = await timing.time('collect', () =>
      collectFiles({ cwd, patterns: positionals, config, projectContext: v.context === 'project', errorOnUnmatched: !v['no-error-on-unmatched-pattern'] }),
    );
    if (files.scope.length === 0 && files.unreadable.length === 0) {
      process.stderr.write(`sot: no SOT documents found (looked for ${config.include.join(', ')} under ${config.root})\n`);
      return positionals.length || v['no-error-on-unmatched-pattern'] ? 0 : 2;
    }
    lintOnce = async () => {
      const cache = await opening;
      const t0 = performance.now();
      const vouch = cache && v['cache-strategy'] === 'metadata' ? (path: string, size: number, mtime: number) => cache.vouch(path, size, mtime) : undefined;
      const inputs = await readInputs(files, { vouch, maxFileBytes: config.limits.maxFileBytes });
      timing.add('read', performance.now() - t0);
      return lintThroughCache(await analyzeInputs(inputs, ctx, cache, concurrency), ctx, cache);
    };
  }
  let run = await lintOnce();
  const cache = await opening;
  if (v.fix) {
    const { fixUntilStable } = await import('../fix/fix-files.js');
    const fixed = await fixUntilStable(run, lintOnce);
    run = fixed.run;
    const { applied, files: fixedFiles, refused } = fixed.summary;
    if (applied) process.stderr.write(`sot: fixed ${applied} problem${applied === 1 ? '' : 's'} in ${fixedFiles.size} file${fixedFiles.size === 1 ? '' : 's'}\n`);
    const shown = pathRedaction(run.documents, config);
    for (const [file, why] of refused) process.stderr.write(`sot: did not fix ${shown(relative(cwd, file) || file)}: ${why}\n`);
  }
  if (cache) {
    const t0 = performance.now();
    await cache.save(complete).catch((e: unknown) => {
      process.stderr.write(`sot: could not write the cache in ${cacheDir}: ${(e as Error).message.split('\n')[0]}\n`);
    });
    timing.add('cache', performance.now() - t0);
  }
  // Paths as every format prints them: a value in a folder or file name is withheld.
  const shownPath = pathRedaction(run.documents, config);
  // The documents (every file's model) are not needed to print the results: let them go before
  // the formatter builds its output (5,000 documents are most of the heap).
  let results = run.results.map((r) => withShownPaths(r, shownPath));
  run = { ...run, documents: [] };
  ctx.memos.clear();
  if (v.quiet) {
    results = results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0, fixableWarningCount: 0 }));
  }
  const color = v['no-color'] ? false : v.color ? true : !process.env.NO_COLOR && process.stdout.isTTY === true;
  const output = timing.time('format', () => formatter(results, { cwd, color }));
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (v.timing) {
    process.stderr.write(`${timing.table()}\n`);
    if (cache) {
      const cross = cache.crossFile.reusedCount;
      process.stderr.write(`cache: ${cache.hits} reused${cache.unread ? ` (${cache.unread} not read: size and mtime unchanged)` : ''}, ${cache.misses} analysed (${cache.dir})\n`);
      process.stderr.write(`cache: cross-file findings of ${cross} document${cross === 1 ? '' : 's'} reused\n`);
    }
  }
  if (run.internalErrors) return 2;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    process.stderr.write(`sot: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** A result with its file paths (its own and its messages' related places) as they may be printed. */
function withShownPaths(r: LintResult, shown: (path: string) => string): LintResult {
  const filePath = shown(r.filePath);
  let changed = false;
  const messages = r.messages.map((m) => {
    const m2 = withShownRelated(m, shown);
    if (m2 !== m) changed = true;
    return m2;
  });
  if (filePath === r.filePath && !changed) return r;
  return { ...r, filePath, messages: changed ? messages : r.messages };
}

/**
 * A message with its related places' paths as they may be printed. Related places stored by the
 * cache (cache/cross-file.ts) are parsed only when a format reads them (stylish and github print
 * none): those are shown on that first read, not parsed here. Such a message was decoded for this
 * run alone, so its accessor is replaced in place (copying a message with an accessor costs more
 * than the rest of this function for 7,500 messages).
 */
function withShownRelated(m: LintMessage, shown: (path: string) => string): LintMessage {
  const stored = Object.getOwnPropertyDescriptor(m, 'related');
  if (!stored) return m;
  type Related = LintMessage['related'];
  const show = (related: Related) => (related?.some((x) => shown(x.filePath) !== x.filePath) ? related.map((x) => ({ ...x, filePath: shown(x.filePath) })) : related);
  if (!stored.get) {
    const list = stored.value as Related;
    const shownList = show(list);
    return shownList === list ? m : { ...m, related: shownList };
  }
  const read = stored.get;
  let related: Related;
  let done = false;
  Object.defineProperty(m, 'related', {
    enumerable: stored.enumerable,
    configurable: true,
    get: () => {
      if (!done) {
        related = show(read.call(m) as Related);
        done = true;
      }
      return related;
    },
    set(value: Related) {
      Object.defineProperty(m, 'related', { value, writable: true, enumerable: true, configurable: true });
    },
  });
  return m;
}

function parseConcurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  throw new UsageError(`--concurrency must be auto, off or a whole number of threads (1 or more), got "${value}"`);
}
