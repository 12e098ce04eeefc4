#!/usr/bin/env node
// The `sot` program. CommonJS on purpose: Node reaches a CommonJS entry about 8 ms sooner than an
// ES module one, and `sot gate stage2` (run before every harness run) is bound by start-up. The
// commands themselves are ES modules, loaded with import() when no bundle runs them.

type CommandMain = (argv: string[]) => Promise<number>;

/**
 * A command's entry point: its bundle run with the V8 code cache when the build made one (see
 * code-cache.cts: a cold start compiles almost nothing), else its ES module.
 */
function command(name: string, exportName: string, load: () => Promise<Record<string, unknown>>): () => Promise<CommandMain> {
  return async () => {
    let bundled: CommandMain | undefined;
    try {
      // Required here, inside the try: a launcher that cannot load costs start-up time, not the command.
      const { loadBundledCommand } = require('./code-cache.cjs') as typeof import('./code-cache.cjs');
      bundled = loadBundledCommand(name, exportName)?.main;
    } catch (e) {
      // A damaged bundle costs start-up time, not the command: the ES modules are the same code.
      if (process.env.SOT_DEBUG === '1') process.stderr.write(`sot: ${name} bundle not used: ${(e as Error).message}\n`);
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
    // Errors are matched by name: a bundled command (code-cache.cts) throws its own copies of the
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
