import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot lsp --stdio

Runs the sot language server, speaking the Language Server Protocol on stdin/stdout.
On open and on every change a document's per-file rules are published at once; the
cross-file rules (work-item graph) run over every SOT document of the workspace and
update each open document they affect. Code actions: the certain fixes (H1 from the
frontmatter title, the authority banner), "fix all", and a suppression comment with
a reason placeholder.

The workspace's documents are the config's \`include\` globs (default
**/.sot/**/*.md) under each workspace folder, with its .sotrc.json / .sotrc.yaml /
sot.config.json.

Options:
      --stdio        talk LSP over stdin/stdout (required)
  -h, --help         show this help

initializationOptions (optional): { "today": "YYYY-MM-DD", "debounceMs": 30 }
`;

export async function lspCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: false,
      options: {
        stdio: { type: 'boolean', default: false },
        // vscode-languageclient appends --clientProcessId=N; the server watches the client through
        // the initialize request's processId anyway.
        clientProcessId: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    (message) => `${message} (sot lsp speaks LSP over --stdio only)`,
  );
  if (parsed.values.help) return printHelp(HELP);
  if (!parsed.values.stdio) throw new UsageError('sot lsp needs --stdio: the server talks LSP over stdin/stdout');
  const [{ createConnection, ProposedFeatures }, { startServer }] = await Promise.all([import('vscode-languageserver/node'), import('../lsp/server.js')]);
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  // The connection exits the process on `exit` or when stdin closes.
  return new Promise<number>(() => {});
}
