import { relative } from 'node:path';
import { editDistance } from '../config/config.js';
import { byFirstDefinition, graphOf, type EdgeSource } from '../graph/graph.js';
import { linesOf } from '../text/doc-lines.js';
import { safeText } from '../lint/quote.js';
import { shownIds } from '../graph/render.js';
import { documentRedactors, pathRedaction } from '../leaks/redact.js';
import type { LinkedDocument, Range } from '../model/types.js';
import { claimConflicts } from '../rules/status-claim-conflict.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';
import { requirementLines, requirementsIndex, requirementsView } from './requirements-view.js';
import { loadWorkspace } from './workspace.js';

const HELP = `Usage: sot explain ID [paths|globs…] [options]

Explains one work item in plain words: where it is defined, its status, its acceptance
progress (task-list boxes checked of all), what blocks it, what the documents require
before it may be validated (each requirement, where it is stated, and the evidence that
meets it or what is missing), what it blocks, which sentences claim a status for it and
which of those conflict.
Exit 0 when the item is defined or referenced, 1 when it is unknown.

Options:
  -c, --config FILE            config file
      --context project|paths  as for sot lint (default project)
  -h, --help                   show this help
`;

export async function explainCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, context: { type: 'string', default: 'project' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    },
  );
  if (parsed.values.help) return printHelp(HELP);
  const [id, ...patterns] = parsed.positionals;
  if (!id) throw new UsageError('sot explain needs a work-item id, e.g. `sot explain CTO-WORK-022`');
  const context = parsed.values.context;
  if (context !== 'project' && context !== 'paths') throw new UsageError(`--context must be "project" or "paths", got "${context}"`);
  const cwd = process.cwd();
  const { docs, config, options } = await loadWorkspace({ cwd, patterns, configFile: parsed.values.config, context });
  const graph = graphOf(docs);
  // Everything read from the documents is printed through the one redactor (ids, titles, Status
  // values, paths): what lies inside a leaked value is withheld.
  const shownPath = pathRedaction(docs, config);
  const redactorOf = documentRedactors(config);
  const value = (doc: LinkedDocument, range: Range, text: string) => redactorOf(doc).from(doc.text, range, text);
  const idOf = shownIds(graph, { value, path: shownPath }, cwd);
  const at = (doc: LinkedDocument, range: Range) => {
    const p = linesOf(doc).point(range.start);
    return `${shownPath(relative(cwd, doc.path), doc.path)}:${p.line}:${p.column}`;
  };
  const statusOf = (other: string) => {
    const n = graph.nodes.get(other);
    if (n) return n.status !== undefined ? value(n.definitions[0]!.doc, n.definitions[0]!.statusRange, n.status) : n.definitions.length > 1 ? 'defined with conflicting statuses' : 'without a status';
    return config.externalItems.includes(other) ? 'external (declared in config)' : 'not defined in the linted set';
  };
  const from = (s: EdgeSource) => (s.kind === 'item' ? `in ${idOf(s.id)}` : 'outside any item');
  const out: string[] = [];
  const node = graph.nodes.get(id);
  const mentions = graph.mentions.filter((e) => e.to === id);
  const claims = graph.claims.filter((e) => e.to === id);
  const blockedByEdges = graph.blockedBy.filter((e) => e.to === id);
  if (!node && !mentions.length && !claims.length && !blockedByEdges.length) {
    const near = [...graph.nodes.values()].filter((n) => editDistance(n.id, id) <= 1).sort(byFirstDefinition).map((n) => idOf(n.id));
    process.stderr.write(`sot: ${id} is neither defined nor referenced in the linted documents${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`);
    return 1;
  }
  if (node) {
    const def = node.definitions[0]!;
    out.push(`${idOf(id)} — ${value(def.doc, def.headingRange, def.item.title.replace(/\s+/g, ' ').trim())}`);
    for (const d of node.definitions) out.push(`  defined at ${at(d.doc, d.headingRange)}, status: ${d.item.status ? value(d.doc, d.statusRange, d.item.status.value) : '(no Status line)'} (${at(d.doc, d.statusRange)})`);
    if (node.definitions.length > 1) out.push(`  ! defined ${node.definitions.length} times (duplicate-work-item)`);
    // Task-list progress of each definition's `Acceptance:` list (validated-with-open-acceptance).
    for (const d of node.definitions) {
      const progress = d.item.acceptance;
      if (!progress) continue;
      const where = node.definitions.length > 1 ? ` (the definition at ${at(d.doc, d.headingRange)})` : '';
      out.push(`  acceptance: ${progress.checked} of ${progress.total} checked${where}${progress.open.length ? ':' : ''}`);
      const validated = d.item.status?.value === 'validated';
      for (const box of progress.open) out.push(`    - unchecked at ${at(d.doc, box)}${validated ? ' ! unchecked acceptance item of a validated item (validated-with-open-acceptance)' : ''}`);
    }
    const blockers = graph.blockersOf.get(id) ?? [];
    out.push(blockers.length ? '  blocked by:' : '  blocked by: no work item');
    for (const e of blockers) {
      const s = statusOf(e.to);
      const open = node.status === 'validated' && s !== 'validated' && graph.nodes.has(e.to);
      out.push(`    - ${idOf(e.to)}: ${s} (${at(e.doc, e.range)})${open ? ' ! open blocker of a validated item (validated-with-open-blocker)' : ''}`);
    }
  } else {
    out.push(`${id} — ${statusOf(id)}`);
  }
  out.push(...requirementLines(requirementsView(id, requirementsIndex(docs), options, cwd, { value, path: shownPath }), node?.status));
  out.push(blockedByEdges.length ? '  blocks:' : '  blocks: no work item');
  for (const e of blockedByEdges) out.push(`    - ${idOf(e.from)}: ${statusOf(e.from)} (${at(e.doc, e.range)})`);
  out.push(claims.length ? '  claims about it:' : '  claims about it: none');
  for (const e of claims) {
    const conflict = claimConflicts(e.claim.asserts, node?.status);
    const says = e.claim.asserts === 'not-validated-by-evidence' ? 'says some evidence does not validate it' : `says it is ${e.claim.asserts}`;
    out.push(`    - ${at(e.doc, e.claim.range)} ${from(e.from)} ${says}${conflict ? ` ! conflicts with its status ${node!.status} (status-claim-conflict)` : ''}`);
  }
  const files = new Set(mentions.map((m) => m.doc.path));
  out.push(`  mentioned ${mentions.length} time${mentions.length === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'}${mentions.length ? ':' : ''}`);
  for (const m of mentions.slice(0, 20)) out.push(`    - ${at(m.doc, m.ref.range)} ${from(m.from)}`);
  if (mentions.length > 20) out.push(`    … and ${mentions.length - 20} more`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
