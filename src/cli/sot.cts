#!/usr/bin/env node
// The `sot` program. CommonJS on purpose: Node reaches a CommonJS entry about 8 ms sooner than an
// ES module one, and `sot gate stage2` (run before every harness run) is bound by start-up. The
// commands themselves are ES modules, loaded with import() when no bundle runs them.

import { join } from 'node:path';

type CommandMain = (argv: string[]) => Promise<number>;

// Node 22.1+ keeps V8's compiled code of the modules it loads (the bundles below included) in a
// cache of its own, checked by Node against each file's content. Node 20 has no such cache: there
// the bundles alone make the start.
const { enableCompileCache } = require('node:module') as { enableCompileCache?: () => unknown };
if (typeof enableCompileCache === 'function') {
  try {
    enableCompileCache();
  } catch {
    // No cache folder can be made (read-only temp dir): compiles as usual.
  }
}

/**
 * A command's entry point: the bundle the build wrote for it (scripts/bundle-cli.mjs: one
 * CommonJS file, so a cold start reads and compiles one file instead of ~170 modules), else its
 * ES module (same code: the bundle is made from the tsc output). SOT_NO_BUNDLE=1 runs the ES
 * modules (after a `tsc` build that did not bundle again, for comparisons, for stack traces);
 * SOT_NO_CODE_CACHE=1, its earlier name, does too.
 */
function command(name: string, exportName: string, load: () => Promise<Record<string, unknown>>): () => Promise<CommandMain> {
  return async () => {
    let bundled: CommandMain | undefined;
    if (process.env.SOT_NO_BUNDLE !== '1' && process.env.SOT_NO_CODE_CACHE !== '1') {
      const bundle = join(__dirname, 'bundled', `${name}.cjs`);
      try {
        const main = (require(bundle) as Record<string, unknown>)[exportName];
        if (typeof main !== 'function') throw new Error(`${bundle} does not export ${exportName}: rebuild sot-lint (npm run build)`);
        bundled = main as CommandMain;
        if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${name} bundle\n`);
      } catch (e) {
        // No bundle (a build without esbuild), or a damaged one: the ES modules are the same code.
        if (process.env.SOT_DEBUG === '1' && (e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') process.stderr.write(`sot: ${name} bundle not used: ${(e as Error).message.split('\n')[0]}\n`);
      }
    }
    return bundled ?? ((await load())[exportName] as CommandMain);
  };
}

const COMMANDS: Record<string, { summary: string; run: () => Promise<CommandMain> }> = {
  lint: { summary: 'lint SOT documents (the default command)', run: command('lint', 'lintCommand', () => import('./lint-command.js')) },
  graph: { summary: 'print the work-item graph (mermaid, dot, json)', run: command('graph', 'graphCommand', () => import('./graph-command.js')) },
  explain: { summary: 'explain one work item: definition, blockers, claims', run: command('explain', 'explainCommand', () => import('./explain-command.js')) },
  gate: { summary: 'stage2: the Stage 2 run gate / pass-evidence gate', run: command('gate', 'gateCommand', () => import('./gate-command.js')) },
  lsp: { summary: 'language server for editors (--stdio)', run: command('lsp', 'lspCommand', () => import('./lsp-command.js')) },
  init: { summary: 'write a starter .sotrc.yaml; --hook: a git pre-commit hook; --validate-cto-child: the old validator', run: command('init', 'initCommand', () => import('./init-command.js')) },
  scan: { summary: 'scan any files (logs, reports, config) for endpoints and secrets', run: command('scan', 'scanCommand', () => import('./scan-command.js')) },
};

const HELP = `sot — lint source-of-truth planning documents

Usage:
  sot [lint] [paths|globs…] [options]   lint documents (default: **/.sot/**/*.md)
${Object.entries(COMMANDS)
  .filter(([name]) => name !== 'lint')
  .map(([name, c]) => `  sot ${name.padEnd(32)} ${c.summary}`)
  .join('\n')}

Run \`sot <command> --help\` for a command's options.
Exit codes: 0 clean, 1 findings (errors, or warnings over --max-warnings), 2 usage, config or internal failure.
`;

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${(await import('../paths.js')).toolVersion()}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === undefined) return (await COMMANDS.lint!.run())(argv);
    process.stdout.write(HELP);
    return 0;
  }
  const command = COMMANDS[first];
  if (command) return (await command.run())(argv.slice(1));
  return (await COMMANDS.lint!.run())(argv);
}

const debug = process.argv.includes('--debug');
// Rules run in the engine (and in worker threads), which print a crashed rule's stack when this is set.
if (debug) process.env.SOT_DEBUG = '1';
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = 2;
    // Errors are matched by name: a bundled command (dist/cli/bundled/) throws its own copies of the
    // error classes, and importing the lazily loaded modules here would load YAML, ajv and globby
    // for every command (`sot gate stage2` must start fast).
    const name = (e as Error | undefined)?.name;
    if (name === 'UsageError' || name === 'NoSuchPathError') {
      process.stderr.write(`sot: ${(e as Error).message}\n`);
      if (name === 'UsageError') process.stderr.write('Run `sot --help` for usage.\n');
    } else if (name === 'DataFileError') {
      const d = e as { file: string; reasons: string[] };
      process.stderr.write(`sot: invalid ${d.file}:\n${d.reasons.map((r) => `  - ${r}`).join('\n')}\n`);
    } else {
      const err = e as Error;
      process.stderr.write(`sot: internal error: ${err?.message?.split('\n')[0] ?? String(e)} (run with --debug for the stack trace)\n`);
      if (debug) process.stderr.write(`${err?.stack ?? ''}\n`);
    }
  },
);
