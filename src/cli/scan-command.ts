import { statSync } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { globby, isDynamicPattern } from '../vendor/globby.js';
import { loadConfig } from '../config/config.js';
import { NoSuchPathError } from '../files/collect.js';
import { describeReadError, refusal } from '../files/read.js';
import { formatNames, loadFormatter } from '../format/index.js';
import { fingerprint } from '../lint/messages.js';
import { ruleIds } from '../lint/registry.js';
import type { LintMessage, LintResult } from '../lint/types.js';
import { knownEnvValues, type KnownEnvStatus } from '../leaks/known-env.js';
import { LEAK_RULE_ID, pathLeaks, plainRedactor, policyFor, Redactor } from '../leaks/redact.js';
import { scanPath, scanStream, type StreamScan } from '../leaks/stream.js';
import { leakMessage, pathLeakMessage } from '../rules/no-endpoint-leak.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot scan [paths…] [options]

Scans files of any text type — logs, JSON reports, traces, task files, generated
config, argv dumps — for endpoints and credentials, with the detector behind the
no-endpoint-leak rule, and for the exact runtime values of protected environment
variables in their written forms (as is, URL-encoded, JSON-escaped, without the
scheme, host and port, host only). Files are streamed: size does not matter.
Folders are searched recursively (.git and node_modules skipped); \`-\` reads stdin.
A Markdown file (.md) is scanned as \`sot lint\`'s no-endpoint-leak scans it (text
split by emphasis or code spans included): both report the same. A log with
colour codes or a stray NUL byte is text and is scanned; binary files (a known
binary format, or mostly bytes that are not text) are skipped, reported as
skipped and named in the summary. No output ever contains a found value, a
piece of it, its length or a hash of it: positions find it.

Options:
      --known-env NAME       an environment variable whose runtime value must not
                             appear; repeatable (default: leaks.knownEnv from the
                             config, CTO_HARNESS_CASE_LOCAL_BASE_URL)
      --ignore GLOB          skip files matching GLOB (repeatable)
  -f, --format NAME          output format: ${formatNames().join(', ')} (default stylish)
  -c, --config FILE          config file (leaks.allowedHosts, leaks.knownEnv, …)
      --no-color, --color    force plain or coloured output (NO_COLOR is honoured)
  -h, --help                 show this help

Exit codes: 0 nothing found, 1 something found, 2 usage error or a file that
could not be read.
`;

const SKIP_DIRS = ['**/.git/**', '**/node_modules/**'];

interface Target {
  path: string;
  /** Read stdin instead of a file. */
  stdin?: boolean;
}

async function collectTargets(cwd: string, patterns: string[], ignore: string[]): Promise<Target[]> {
  const targets = new Map<string, Target>();
  const unmatched: string[] = [];
  const opts = { dot: true, absolute: true, onlyFiles: true, followSymbolicLinks: false, ignore: [...SKIP_DIRS, ...ignore], suppressErrors: true };
  for (const pattern of patterns) {
    if (pattern === '-') {
      targets.set('-', { path: '<stdin>', stdin: true });
      continue;
    }
    const abs = resolve(cwd, pattern);
    const info = await lstat(abs).catch(() => undefined);
    if (info) {
      const target = info.isSymbolicLink() ? await stat(abs).catch(() => undefined) : info;
      if (target?.isDirectory()) {
        for (const f of (await globby(['**/*'], { ...opts, cwd: abs })).sort()) targets.set(f, { path: f });
      } else targets.set(abs, { path: abs });
      continue;
    }
    if (isDynamicPattern(pattern)) {
      const found = await globby([pattern], { ...opts, cwd });
      if (!found.length) unmatched.push(pattern);
      for (const f of found.sort()) targets.set(f, { path: f });
      continue;
    }
    unmatched.push(pattern);
  }
  if (unmatched.length) throw new NoSuchPathError(unmatched);
  return [...targets.values()];
}

export async function scanCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        'known-env': { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        format: { type: 'string', short: 'f', default: 'stylish' },
        config: { type: 'string', short: 'c' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
  );
  const { values: v, positionals } = parsed;
  if (v.help) return printHelp(HELP);
  const formatter = await loadFormatter(v.format!);
  if (!formatter) throw new UsageError(`unknown format "${v.format}"; use one of: ${formatNames().join(', ')}`);
  for (const name of v['known-env'] ?? []) {
    if (!/^[a-z_]\w*$/i.test(name)) throw new UsageError(`--known-env needs an environment variable name, got "${name.slice(0, 40)}"`);
  }
  const cwd = process.cwd();
  const config = loadConfig({ cwd, file: v.config, knownRules: ruleIds() });
  const policy = policyFor(config);
  const names = v['known-env'] ?? config.leaks.knownEnv;
  const known = knownEnvValues(names, policy);
  const targets = await collectTargets(cwd, positionals.length ? positionals : ['.'], v.ignore ?? []);

  const results: LintResult[] = new Array(targets.length);
  let failures = 0;
  const skipped: string[] = [];
  let plain: Redactor | undefined;
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      let scan: StreamScan | undefined;
      let error: string | undefined;
      try {
        // A device (/dev/zero) would stream forever: refused, as `sot lint` refuses it.
        error = t.stdin ? undefined : refusal(statSync(t.path), 'a file to scan');
        if (error === undefined) {
          scan = t.stdin
            ? await scanStream(process.stdin, { policy, knownValues: known.values })
            : await scanPath(t.path, { policy, knownValues: known.values, markdown: config.limits });
        }
      } catch (e) {
        error = describeReadError(e as NodeJS.ErrnoException);
      }
      // Paths as every output prints them (the fingerprints hash them too): a value in a folder or
      // file name, or a re-shaped echo of a value the file holds, is withheld.
      const redactor = scan?.values.length ? new Redactor(scan.values, policy, known.values) : (plain ??= plainRedactor(config));
      const shown = (path: string) => redactor.path(path);
      const rel = t.stdin ? '<stdin>' : shown(relative(config.root, t.path));
      const messages: LintMessage[] = [];
      if (!t.stdin) {
        for (const [n, leak] of pathLeaks(t.path, config).entries()) {
          const m = point(LEAK_RULE_ID, 2, pathLeakMessage(leak, policy), 1, 1, fingerprint(LEAK_RULE_ID, rel, `path:${leak.finding.classId}#${n}`));
          m.unsuppressible = true;
          messages.push(m);
        }
      }
      if (error !== undefined) {
        failures++;
        messages.push(point('file-unreadable', 2, redactor.text(error), 1, 1, fingerprint('file-unreadable', rel, 'read')));
      } else if (scan?.binary) {
        skipped.push(rel);
        messages.push(point('file-unreadable', 1, `${scan.binary}: skipped, not scanned`, 1, 1, fingerprint('file-unreadable', rel, 'binary')));
      } else {
        const counts = new Map<string, number>();
        for (const f of scan!.findings) {
          const n = counts.get(f.classId) ?? 0;
          counts.set(f.classId, n + 1);
          const m = point(LEAK_RULE_ID, 2, leakMessage(f, policy), f.line, f.column, fingerprint(LEAK_RULE_ID, rel, `${f.classId}#${n}`));
          if (f.credential) m.unsuppressible = true;
          messages.push(m);
        }
      }
      const errors = messages.filter((m) => m.severity === 2).length;
      results[i] = {
        filePath: t.stdin ? '<stdin>' : shown(t.path),
        messages,
        errorCount: errors,
        warningCount: messages.length - errors,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        suppressedCount: 0,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, targets.length) }, worker));

  const color = v['no-color'] ? false : v.color ? true : !process.env.NO_COLOR && process.stdout.isTTY === true;
  const output = formatter(results, { cwd, color });
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  const found = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId === LEAK_RULE_ID).length, 0);
  process.stderr.write(summary(targets.length, skipped, failures, found, known.status));
  if (failures) return 2;
  return found ? 1 : 0;
}

/** A zero-width message: the position alone points at the value. */
function point(ruleId: string, severity: 1 | 2, message: string, line: number, column: number, fp: string): LintMessage {
  return { ruleId, severity, message, line, column, endLine: line, endColumn: column, fingerprint: fp };
}

/** Skipped binaries are named (the first ten): a file skipped for what it is must not pass unseen. */
function summary(files: number, skipped: string[], failures: number, found: number, status: KnownEnvStatus[]): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const parts = [`${plural(files - skipped.length - failures, 'file')} scanned`];
  if (skipped.length) {
    const named = skipped.slice(0, 10).join(', ') + (skipped.length > 10 ? `, and ${skipped.length - 10} more` : '');
    parts.push(`${skipped.length} binary skipped (${named})`);
  }
  if (failures) parts.push(`${failures} unreadable`);
  parts.push(found ? plural(found, 'finding') : 'nothing found');
  const env = status.map((s) => `${s.name} ${s.state === 'present' ? 'present (its value was searched for)' : s.state === 'missing' ? 'missing (patterns only)' : 'set to a status word (patterns only)'}`);
  return `sot scan: ${parts.join(', ')}${env.length ? `; runtime values: ${env.join(', ')}` : ''}\n`;
}
