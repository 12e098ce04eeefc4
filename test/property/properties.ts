import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { analyzeInputs, lintThroughCache } from '../../src/cache/analyze.js';
import { AnalysisCache } from '../../src/cache/cache.js';
import { defaultConfig, type SotConfig } from '../../src/config/config.js';
import { formatNames, loadFormatter } from '../../src/format/index.js';
import type { Formatter } from '../../src/format/types.js';
import { buildGraph, byFirstDefinition, type WorkGraph } from '../../src/graph/graph.js';
import { graphView, toDot, toMermaid } from '../../src/graph/render.js';
import { analyzeFile, crossFileMessages, lintInputs, RunContext, type FileAnalysis, type LintInput, type LintRun } from '../../src/lint/engine.js';
import { allRules, ruleIds } from '../../src/lint/registry.js';
import { toDiagnostic } from '../../src/lsp/diagnostics.js';
import { decodeBytes } from '../../src/text/decode.js';
import { LineIndex } from '../../src/text/line-index.js';
import { shownMessage } from '../helpers/lint.js';
import { bytes, docSet, GRAPH_FILES, graphDocs, graphSpec, markdown, withEndings, yamlBody, type Ending, type GraphSpec } from './arbitraries.js';

/**
 * The properties, by name, each an arbitrary and a predicate that throws on failure. The test
 * files run them with fast-check; saved counterexamples (.sot-fixtures/regressions/fuzz/*.json)
 * are replayed through the same predicates.
 */

export const ROOT = '/virtual';
export const TODAY = '2026-11-21';
const KNOWN_RULES = new Set(ruleIds());

export function config(extra: Partial<SotConfig> = {}): SotConfig {
  return { ...defaultConfig(ROOT), ...extra };
}

export function lint(inputs: LintInput[], cfg = config()): LintRun {
  return lintInputs(inputs, { config: cfg, today: TODAY });
}

const textInputs = (files: Record<string, string>): LintInput[] => Object.entries(files).map(([name, text]) => ({ path: `${ROOT}/${name}`, text }));

/**
 * What every run must satisfy: no rule crashed, one result per file, every message well formed
 * with a position inside its file (and every related location inside its own file).
 */
export function checkRun(run: LintRun, texts: Map<string, string>): void {
  expect(run.internalErrors, 'a rule threw').toBe(0);
  expect(run.results.map((r) => r.filePath).sort()).toEqual([...texts.keys()].sort());
  for (const r of run.results) {
    const lines = new LineIndex(texts.get(r.filePath)!);
    expect(r.errorCount + r.warningCount).toBe(r.messages.length);
    for (const m of r.messages) {
      const where = `${r.filePath} ${m.ruleId} ${m.line}:${m.column}`;
      expect(KNOWN_RULES.has(m.ruleId), where).toBe(true);
      expect([1, 2], where).toContain(m.severity);
      expect(m.message.length, where).toBeGreaterThan(0);
      expect(m.message, where).not.toMatch(/[\n\r]/);
      expect(m.fingerprint, where).toMatch(/^[0-9a-f]{16}$/);
      checkPosition(lines, m, where);
      for (const rel of m.related ?? []) {
        const relText = texts.get(rel.filePath);
        if (relText !== undefined) checkPosition(new LineIndex(relText), rel, `${where} related ${rel.filePath}`);
      }
      if (m.fix) {
        expect(m.fix.range[0], where).toBeGreaterThanOrEqual(0);
        expect(m.fix.range[1], where).toBeGreaterThanOrEqual(m.fix.range[0]);
        expect(m.fix.range[1], where).toBeLessThanOrEqual(lines.text.length);
      }
    }
  }
}

function checkPosition(lines: LineIndex, p: { line: number; column: number; endLine: number; endColumn: number }, where: string): void {
  const lineLength = (l: number) => lines.lineEnd(l) - lines.lineStart(l);
  for (const n of [p.line, p.column, p.endLine, p.endColumn]) expect(Number.isInteger(n), where).toBe(true);
  expect(p.line, where).toBeGreaterThanOrEqual(1);
  expect(p.line, where).toBeLessThanOrEqual(lines.lineCount);
  expect(p.column, where).toBeGreaterThanOrEqual(1);
  expect(p.column, where).toBeLessThanOrEqual(lineLength(p.line) + 1);
  expect(p.endLine, where).toBeGreaterThanOrEqual(p.line);
  expect(p.endLine, where).toBeLessThanOrEqual(lines.lineCount);
  if (p.endLine === p.line) expect(p.endColumn, where).toBeGreaterThanOrEqual(p.column);
  expect(p.endColumn, where).toBeGreaterThanOrEqual(1);
  expect(p.endColumn, where).toBeLessThanOrEqual(lineLength(p.endLine) + 1);
}

/** Position-and-wording view of a run, independent of offsets (fingerprints of directive findings use them). */
function shape(run: LintRun) {
  return run.results
    .map((r) => ({
      file: r.filePath,
      messages: r.messages.map((m) => ({ ...m, fingerprint: undefined, fix: undefined, related: m.related?.map((x) => ({ ...x })) })),
    }))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

let formatters: [string, Formatter][] | undefined;
/** Every formatter registered in src/format/index.ts, loaded once. */
export async function allFormatters(): Promise<[string, Formatter][]> {
  formatters ??= await Promise.all(formatNames().map(async (n) => [n, (await loadFormatter(n))!] as [string, Formatter]));
  return formatters;
}

/** Everything a run can show a user: every formatter, LSP diagnostics, the graph in every form. */
export function everyOutput(run: LintRun, fmts: [string, Formatter][]): string[] {
  const outputs = fmts.map(([, f]) => f(run.results, { cwd: ROOT, color: false }));
  outputs.push(fmts.map(([, f]) => f(run.results, { cwd: ROOT, color: true })).join('\n'));
  outputs.push(JSON.stringify(run.results.flatMap((r) => r.messages.map((m) => toDiagnostic(m, { uriOf: (p) => `file://${p}`, relatedInformation: true })))));
  const view = graphView(buildGraph(run.documents), { cwd: ROOT });
  outputs.push(JSON.stringify(view), toMermaid(view), toDot(view));
  return outputs;
}

// ------------------------------------------------------------------ the properties

export interface Property<T extends unknown[]> {
  arbitraries: { [K in keyof T]: fc.Arbitrary<T[K]> };
  predicate: (...args: T) => void | Promise<void>;
  /** Runs in `npm test` (fuzz multiplies). */
  runs: number;
}

const define = <T extends unknown[]>(p: Property<T>) => p as unknown as Property<unknown[]>;

/** Planted endpoint values and the part of each that must never be printed. */
export const SECRETS: { value: string; token: string }[] = [
  { value: 'http://100.101.102.103:8000/v1', token: '100.101.102.103' },
  { value: 'https://10.20.30.40:8443/v1', token: '10.20.30.40' },
  { value: 'http://spark-box.tail9f3c2.ts.net:8000/v1', token: 'tail9f3c2' },
  { value: 'http://[fd7a:115c:a1e0::4f2]:8000/v1', token: 'a1e0::4f2' },
  { value: '192.168.77.66:8000', token: '192.168.77.66' },
];

/** Places a secret can be planted (`S`): frontmatter keys and values, then the body, from headings to directive reasons. */
export const FM_PLANTS = ['title: S PRD', 'owner: S', 'route: S', 'S: value', 'created: S', 'status: S', 'S'];
export const BODY_PLANTS = [
  '# S', '## S', '## CTO-WORK-001 - S', '## S - Title', 'Status: S.', '- S\n- S', '- Case model: `S`.', '- Report status: `S`.',
  '[link](S)', '<S>', '```\nS\n```', '<!-- S -->', '<!-- sot-disable-next-line S -- reason -->', '<!-- sot-disable-next-line title-heading -- S -->',
  '| S | x |\n|---|---|\n| S | y |', 'CTO_HARNESS_CASE_LOCAL_BASE_URL=S', '`CTO-WORK-002` remains blocked until S.', 'Acceptance:\n\n- S\n- S', '[S]: S', '`S`', '**S**',
];

const EDITS = ['append prose', 'line break', 'paragraph above', 'status', 'blocker', 'claim', 'delete'] as const;
type Edit = (typeof EDITS)[number];

/** A PRD that claims statuses of the graph's items and mentions an undefined one. */
/** An id referenced once and one edit away from several defined ids: the suggestion depends on definition order. */
const TYPO_PRD = `---\ntitle: Q PRD\n---\n\n# Q PRD\n\nSee \`CTO-WORK-007\`.\n`;

const NEXT_STATUS: Record<string, string | undefined> = { blocked: 'validated', validated: 'open', open: undefined, '': 'blocked' };

/**
 * What a graph holds, in the order its users see it (definitions and edges in path order). Not its
 * cycles: asking for them here would replace what the rules' last search remembered (the rules'
 * messages show the cycles).
 */
function graphFacts(graph: WorkGraph) {
  const at = (x: { doc: { path: string } }, offset: number) => `${x.doc.path.slice(ROOT.length + 1)}:${offset}`;
  return {
    nodes: [...graph.nodes.values()].sort(byFirstDefinition).map((n) => `${n.id} ${n.status ?? '-'} ${n.definitions.map((d) => at(d, d.headingRange.start)).join(' ')}`),
    blockers: [...graph.blockersOf].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, edges]) => `${id}: ${edges.map((e) => `${e.to}@${at(e, e.range.start)}`).join(' ')}`),
  };
}

const CLAIMS_PRD = `---\ntitle: P PRD\n---\n\n# P PRD\n\n\`CTO-WORK-001\` is validated. \`CTO-WORK-002\` remains blocked. See \`CTO-WORK-098\`.\n`;

export const PROPERTIES = {
  /** Arbitrary bytes (random, or documents damaged: NUL, invalid UTF-8, BOMs, UTF-16, truncation). */
  'bytes-never-throw': define({
    arbitraries: [fc.array(bytes, { minLength: 1, maxLength: 3 })],
    runs: 60,
    predicate: (files: Uint8Array[]) => {
      const inputs = files.map((b, i) => ({ path: `${ROOT}/F${i}-ISSUES.md`, bytes: b }));
      const texts = new Map(inputs.map((x) => [x.path, decodeBytes(x.bytes).text]));
      checkRun(lint(inputs), texts);
    },
  }),

  /** Grammar-generated Markdown documents, with any line endings. */
  'markdown-never-throw': define({
    arbitraries: [docSet, fc.constantFrom<Ending>('lf', 'crlf', 'cr', 'mixed')],
    runs: 100,
    predicate: (files: Record<string, string>, ending: Ending) => {
      const converted = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, withEndings(t, ending)]));
      const inputs = textInputs(converted);
      checkRun(lint(inputs), new Map(inputs.map((x) => [x.path, x.text!])));
    },
  }),

  /** Arbitrary YAML frontmatter (anchors, aliases, tags, bad indentation, duplicate keys, noise). */
  'yaml-frontmatter': define({
    arbitraries: [yamlBody, fc.boolean()],
    runs: 100,
    predicate: (yaml: string, closed: boolean) => {
      const text = `---\n${yaml}\n${closed ? '---\n' : ''}\n# A PRD\n`;
      const run = lint(textInputs({ 'A-PRD.md': text }));
      checkRun(run, new Map([[`${ROOT}/A-PRD.md`, text]]));
      // Frontmatter findings point inside the block (or at its opening fence).
      const fenceEnd = closed ? `---\n${yaml}\n---`.split('\n').length : text.split('\n').length;
      for (const m of run.results[0]!.messages.filter((x) => x.ruleId.startsWith('frontmatter-syntax'))) expect(m.line).toBeLessThanOrEqual(fenceEnd);
    },
  }),

  /** LF, CRLF and CR give the same findings at the same lines and columns. */
  'line-endings-invariant': define({
    arbitraries: [docSet, fc.constantFrom<Ending>('crlf', 'cr', 'mixed')],
    runs: 60,
    predicate: (files: Record<string, string>, ending: Ending) => {
      const lf = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, withEndings(t, 'lf')]));
      const other = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, withEndings(t, ending)]));
      expect(shape(lint(textInputs(other)))).toEqual(shape(lint(textInputs(lf))));
    },
  }),

  /** A UTF-8 BOM changes nothing; UTF-16 with a BOM adds exactly one warning. */
  'encoding-invariant': define({
    arbitraries: [markdown, fc.constantFrom('bom', 'utf16le', 'utf16be')],
    runs: 40,
    predicate: (text: string, how: string) => {
      if (text.includes('\0') || text.startsWith('\uFEFF') || /[\uD800-\uDFFF]/.test(text)) return; // not representable the same way in every encoding
      const path = `${ROOT}/A-PRD.md`;
      const plain = lint([{ path, bytes: Buffer.from(text, 'utf8') }]);
      const encoded =
        how === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
        : how === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
        : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
      const other = lint([{ path, bytes: encoded }]);
      const utf16Warning = (m: { ruleId: string; severity: number; message: string }) => m.ruleId === 'file-unreadable' && m.severity === 1 && /UTF-16/.test(m.message);
      const rest = shape(other)[0]!.messages.filter((m) => !utf16Warning(m));
      expect(shape(other)[0]!.messages.length - rest.length).toBe(how === 'bom' ? 0 : 1);
      expect(rest).toEqual(shape(plain)[0]!.messages);
    },
  }),

  /** Same documents in any order: the same result for every file, byte for byte. */
  'order-independent': define({
    arbitraries: [docSet.filter((d) => Object.keys(d).length > 1), fc.nat()],
    runs: 40,
    predicate: (files: Record<string, string>, seed: number) => {
      const inputs = textInputs(files);
      const shuffled = [...inputs];
      for (let i = shuffled.length - 1, s = seed; i > 0; i--, s = Math.floor(s / 7) + 13) {
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const byPath = (run: LintRun) => JSON.stringify([...run.results].sort((a, b) => (a.filePath < b.filePath ? -1 : 1)));
      const a = lint(inputs);
      const b = lint(shuffled);
      expect(byPath(b)).toBe(byPath(a));
      expect(byPath(lint(inputs))).toBe(byPath(a)); // and the same twice
    },
  }),

  /**
   * A run that keeps only each document's linked part after the per-file phase (sot lint without
   * --cache) reports exactly what a run keeping whole models does: the cross-file phase reads
   * nothing else (WorkspaceContext sees LinkedDocument; a dropped field read at run time throws).
   */
  'linked-equals-whole': define({
    arbitraries: [docSet, graphSpec],
    runs: 40,
    predicate: (files: Record<string, string>, spec: GraphSpec) => {
      const inputs = textInputs({ ...graphDocs(spec), 'P-PRD.md': CLAIMS_PRD, ...files });
      const whole = lint(inputs);
      const linked = lintInputs(inputs, { config: config(), today: TODAY, keep: 'linked' });
      expect(linked.documents.length).toBe(whole.documents.length);
      for (const doc of linked.documents) expect(Object.keys(doc)).not.toContain('lists');
      expect(linked.internalErrors).toBe(0);
      expect(linked.results).toEqual(whole.results);
    },
  }),

  /**
   * An editor's cross-file runs (documents kept, the changed ones replaced, the graph, its cycles
   * and the reference counts updated in place rather than rebuilt) report what a fresh lint of the
   * same texts reports, and leave the graph a fresh build makes. Consecutive random graphs rename,
   * add and remove items, edges and cycles between runs.
   */
  'editor-runs-equal-fresh': define({
    arbitraries: [fc.array(graphSpec, { minLength: 2, maxLength: 5 })],
    runs: 40,
    predicate: (specs: GraphSpec[]) => {
      const ctx = new RunContext(config(), { today: TODAY });
      const analyses = new Map<string, FileAnalysis>();
      const texts = new Map<string, string>();
      // Every step has the same files, so each run after the first updates the last graph. Each
      // graph is followed by a status edit of it: same ids and edges, so the remembered cycles and
      // their walks are reused (a stale memory would show).
      const steps = specs.flatMap((spec) => [spec, { defs: spec.defs.map((d) => ({ ...d, status: NEXT_STATUS[d.status ?? ''] })) }]).map((spec) => {
        const files: Record<string, string> = { ...Object.fromEntries(GRAPH_FILES.map((f) => [f, ''])), ...graphDocs(spec), 'P-PRD.md': CLAIMS_PRD, 'Q-PRD.md': TYPO_PRD };
        for (const [name, text] of Object.entries(files)) {
          if (texts.get(name) === text) continue;
          texts.set(name, text);
          analyses.set(name, analyzeFile({ path: `${ROOT}/${name}`, text, inScope: true }, ctx));
        }
        const all = [...analyses.values()];
        const { messages } = crossFileMessages(all, ctx);
        const reported = Object.fromEntries(all.map((a) => [a.path, (messages.get(a) ?? []).map(shownMessage).sort()]));
        return { files, reported, graph: graphFacts(buildGraph(all.map((a) => a.doc!))) };
      });
      const crossFileRules = new Set(allRules().filter((r) => r.meta.scope === 'workspace').map((r) => r.meta.id));
      for (const step of steps) {
        // Built from scratch: lintInputs makes a new run context, which remembers nothing of the editor runs.
              const fresh = lintInputs(textInputs(step.files), { config: config(), today: TODAY });
        const expected = Object.fromEntries(Object.keys(step.files).map((name) => [`${ROOT}/${name}`, fresh.results.find((r) => r.filePath === `${ROOT}/${name}`)!.messages.filter((m) => crossFileRules.has(m.ruleId)).map(shownMessage).sort()]));
        expect(step.reported).toEqual(expected);
        const freshGraph = buildGraph(fresh.documents);
        expect(step.graph).toEqual(graphFacts(freshGraph));
        // A fresh build lists ids by first definition: what byFirstDefinition orders by.
        expect([...freshGraph.nodes.keys()]).toEqual([...freshGraph.nodes.values()].sort(byFirstDefinition).map((n) => n.id));
      }
    },
  }),

  /** An endpoint planted anywhere never reaches any output (all formatters, LSP, graph). */
  'secret-never-printed': define({
    arbitraries: [markdown, fc.constantFrom(...SECRETS), fc.subarray(FM_PLANTS, { maxLength: 3 }), fc.subarray(BODY_PLANTS, { minLength: 1, maxLength: 4 }), fc.nat()],
    runs: 60,
    predicate: async (text: string, secret: { value: string; token: string }, fm: string[], body: string[], at: number) => {
      const fmts = await allFormatters();
      const lines = text.split('\n');
      const pos = lines.length ? at % lines.length : 0;
      const planted = (s: string) => s.split('S').join(secret.value);
      const title = fm.some((p) => p.startsWith('title:')) ? [] : ['title: X PRD'];
      const doc = `---\n${[...title, ...fm.map(planted)].join('\n')}\n---\n\n${[...lines.slice(0, pos), ...body.map((b) => `\n${planted(b)}\n`), ...lines.slice(pos)].join('\n')}`;
      const run = lint(textInputs({ 'X-PRD.md': doc, 'Y-ISSUES.md': `${body.map(planted).join('\n\n')}\n` }));
      for (const out of everyOutput(run, fmts)) {
        expect(out).not.toContain(secret.token);
        expect(out.toLowerCase()).not.toContain(secret.token.toLowerCase());
      }
    },
  }),

  /** No output carries a control character from a document (terminal escapes, NUL, lone CRs). */
  'output-has-no-control-characters': define({
    arbitraries: [docSet],
    runs: 60,
    predicate: async (files: Record<string, string>) => {
      const fmts = await allFormatters();
      const run = lint(textInputs(files));
      for (const [name, f] of fmts) {
        const out = f(run.results, { cwd: ROOT, color: false });
        expect(out, name).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
    },
  }),

  /**
   * blocked-by-cycle, validated-with-open-blocker and validated-with-open-acceptance agree with a
   * brute-force oracle (struck-through blockers are no edges; blockers in a table are).
   */
  'graph-oracle': define({
    arbitraries: [graphSpec],
    runs: 150,
    predicate: (spec: GraphSpec) => {
      const files = graphDocs(spec);
      const run = lint(textInputs(files), config({ externalItems: ['CTO-WORK-099'] }));
      checkRun(run, new Map(Object.entries(files).map(([n, t]) => [`${ROOT}/${n}`, t])));
      const messages = run.results.flatMap((r) => r.messages);
      const o = oracle(spec);

      const cycles = messages.filter((m) => m.ruleId === 'blocked-by-cycle');
      const reported = cycles.map((m) => /blocked-by cycle: (\S+)/.exec(m.message)![1]!);
      expect(new Set(reported).size, 'one message per item on a cycle').toBe(reported.length);
      expect(reported.sort()).toEqual([...o.onCycle].sort());
      for (const m of cycles) {
        const path = /blocked-by cycle: (.*?)(?: \(\d+ items block each other\))?; none/.exec(m.message)![1]!.split(' → ');
        if (path.includes('…')) continue;
        expect(path[0]).toBe(path[path.length - 1]);
        for (let i = 0; i + 1 < path.length; i++) expect(o.edges.get(path[i]!)?.has(path[i + 1]!), `${path[i]} → ${path[i + 1]} is an edge`).toBe(true);
      }

      const open = messages.filter((m) => m.ruleId === 'validated-with-open-blocker').map((m) => {
        const [, from, to] = /^`(\S+)` is validated but its blocker `(\S+)` is/.exec(m.message)!;
        return `${from}->${to}`;
      });
      expect(open.sort()).toEqual(o.openBlockers.sort());

      const acceptance = messages.filter((m) => m.ruleId === 'validated-with-open-acceptance').map((m) => /^`(\S+)` is validated, but this acceptance item is not checked \((\d+ of \d+) checked\)/.exec(m.message)!.slice(1).join(' '));
      expect(acceptance.sort()).toEqual(o.openAcceptance.sort());
    },
  }),

  /**
   * A run through the cache after any sequence of edits gives exactly the uncached results, cross-file
   * findings included (cache/cross-file.ts reuses them only while nothing they were drawn from changed).
   */
  'cache-equals-uncached': define({
    arbitraries: [graphSpec, fc.array(fc.tuple(fc.constantFrom(...EDITS), fc.nat({ max: 3 })), { minLength: 1, maxLength: 5 })],
    runs: 40,
    predicate: async (spec: GraphSpec, edits: [Edit, number][]) => {
      const files: Record<string, string> = { ...graphDocs(spec), 'P-PRD.md': CLAIMS_PRD, 'Q-PRD.md': MENTION_PRD };
      const dir = mkdtempSync(join(tmpdir(), 'sot-prop-cache-'));
      try {
        const check = async () => {
          const inputs = Object.entries(files).map(([name, text]): LintInput => ({ path: `${ROOT}/${name}`, bytes: Buffer.from(text) }));
          const ctx = new RunContext(config(), { today: TODAY, caching: true });
          const cache = await AnalysisCache.open(dir, 'property');
          const run = lintThroughCache(await analyzeInputs(inputs, ctx, cache, 'off'), ctx, cache);
          await cache.save(true);
          expect(run.results).toEqual(lint(textInputs(files)).results);
        };
        await check();
        for (const [edit, which] of edits) {
          const names = Object.keys(files).sort();
          const name = names[which % names.length]!;
          if (edit === 'delete') {
            if (names.length > 1) delete files[name];
          } else files[name] = applyEdit(edit, files[name]!);
          await check();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  }),
};

/** A PRD whose only cross-file finding is about its own text (an undefined id): nothing else moves with it. */
const MENTION_PRD = `---\ntitle: Q PRD\n---\n\n# Q PRD\n\nSee \`CTO-WORK-097\` here.\n`;

function applyEdit(edit: Exclude<Edit, 'delete'>, text: string): string {
  switch (edit) {
    case 'append prose':
      return `${text}\nMore prose.\n`;
    case 'line break':
      // Same length: no offset moves, every later line does.
      return text.replace(/ (?=\S)/, '\n');
    case 'paragraph above':
      return text.replace(/\n#/, '\nA paragraph.\n\n#');
    case 'status':
      return text.includes('Status: blocked.') ? text.replace('Status: blocked.', 'Status: validated.') : text.replace(/Status: \w+\./, 'Status: blocked.');
    case 'blocker':
      return `${text}\n## CTO-WORK-007 - Added\n\nStatus: blocked.\n\nAcceptance:\n\n- Done.\n\nBlocked by:\n\n- \`CTO-WORK-001\`.\n`;
    case 'claim':
      return `${text}\n\`CTO-WORK-003\` is validated.\n`;
  }
}

export type PropertyName = keyof typeof PROPERTIES;

/** The brute-force answers: items on a cycle (reachability), and validated items' open blockers. */
export function oracle(spec: GraphSpec): { onCycle: Set<string>; openBlockers: string[]; openAcceptance: string[]; edges: Map<string, Set<string>> } {
  const defined = new Set(spec.defs.map((d) => d.id));
  const statusOf = (id: string) => {
    const s = new Set(spec.defs.filter((d) => d.id === id).map((d) => d.status));
    return s.size === 1 ? [...s][0] : undefined;
  };
  const edges = new Map<string, Set<string>>();
  for (const d of spec.defs) for (const b of d.blockers) if (defined.has(b)) edges.set(d.id, (edges.get(d.id) ?? new Set()).add(b));
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [...(edges.get(from) ?? [])];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(edges.get(x) ?? []));
    }
    return false;
  };
  const onCycle = new Set([...defined].filter((id) => reaches(id, id)));
  const openBlockers: string[] = [];
  for (const d of spec.defs) {
    if (statusOf(d.id) !== 'validated') continue;
    for (const b of d.blockers) if (defined.has(b) && b !== d.id && statusOf(b) !== 'validated') openBlockers.push(`${d.id}->${b}`);
  }
  // Per definition: its own Status line and its own boxes (a document rule).
  const openAcceptance = spec.defs.flatMap((d) => (d.status === 'validated' ? d.boxes.filter((c) => !c).map(() => `${d.id} ${d.boxes.filter(Boolean).length} of ${d.boxes.length}`) : []));
  return { onCycle, openBlockers, openAcceptance, edges };
}
