import { graphOf } from '../graph/graph.js';
import { graphView, toDot, toMermaid, type GraphRedaction } from '../graph/render.js';
import { documentRedactors, pathRedaction } from '../leaks/redact.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';
import { requirementsIndex, requirementsView } from './requirements-view.js';
import { loadWorkspace } from './workspace.js';

const HELP = `Usage: sot graph [paths|globs…] [options]

Prints the work-item graph: items coloured by status, ids that are referenced but
not defined drawn dashed, edges labelled by kind (blocked by, claims, mentions).

Options:
  -f, --format mermaid|dot|json   output format (default mermaid; Mermaid pastes into
                                  a Markdown \`\`\`mermaid block and renders)
      --root ID                   only the items within --depth edges of ID
      --depth N                   how far from --root to go (default 2)
  -c, --config FILE               config file
      --context project|paths     as for sot lint (default project)
  -h, --help                      show this help
`;

export async function graphCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'mermaid' },
        root: { type: 'string' },
        depth: { type: 'string' },
        config: { type: 'string', short: 'c' },
        context: { type: 'string', default: 'project' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  );
  const v = parsed.values;
  if (v.help) return printHelp(HELP);
  if (!['mermaid', 'dot', 'json'].includes(v.format!)) throw new UsageError(`unknown graph format "${v.format}"; use mermaid, dot or json`);
  if (v.depth !== undefined && !/^\d+$/.test(v.depth)) throw new UsageError(`--depth needs a whole number, got "${v.depth}"`);
  if (v.depth !== undefined && v.root === undefined) throw new UsageError('--depth needs --root');
  if (v.context !== 'project' && v.context !== 'paths') throw new UsageError(`--context must be "project" or "paths", got "${v.context}"`);
  const cwd = process.cwd();
  const { docs, config, options } = await loadWorkspace({ cwd, patterns: parsed.positionals, configFile: v.config, context: v.context });
  const graph = graphOf(docs);
  if (v.root && !graph.nodes.has(v.root) && !docs.some((d) => d.references.some((r) => r.id === v.root))) {
    process.stderr.write(`sot: ${v.root} is neither defined nor referenced in the linted documents\n`);
    return 1;
  }
  const shownPath = pathRedaction(docs, config);
  const redactorOf = documentRedactors(config);
  const redact: GraphRedaction = { value: (doc, range, value) => redactorOf(doc).from(doc.text, range, value), path: shownPath };
  const view = graphView(graph, { cwd, root: v.root, depth: v.depth === undefined ? undefined : Number(v.depth), redact });
  if (v.format === 'json') {
    // Each defined item carries its requirements (as `sot explain` lists them), redacted as the view is.
    const index = requirementsIndex(docs);
    for (const n of view.nodes) if (n.kind === 'item') n.requirements = requirementsView(n.id, index, options, cwd, redact);
  }
  process.stdout.write(v.format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : v.format === 'dot' ? toDot(view) : toMermaid(view));
  return 0;
}
