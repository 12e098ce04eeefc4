import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { repoRoot, sot } from './helpers/lint.js';

const require = createRequire(import.meta.url);
const parseDot = require('dotparser') as (src: string) => { type: string; children: { type: string; node_id?: { id: string }; attr_list?: { id: string; eq: string }[] }[] }[];

/**
 * A small grammar of the Mermaid flowchart subset sot emits: a header, node statements with a
 * quoted label and a class, edges with a label, classDef lines. Every line must match one of them.
 */
const MERMAID_LINE = [
  /^flowchart (LR|TD|TB|RL|BT)$/,
  /^ {2}[A-Za-z][A-Za-z0-9_]*(\["[^"\n]*"\]|\[\/"[^"\n]*"\/\]):::[A-Za-z][A-Za-z0-9_-]*$/,
  /^ {2}[A-Za-z][A-Za-z0-9_]* (-->|-\.->)\|[^|\n]+\| [A-Za-z][A-Za-z0-9_]*$/,
  /^ {2}classDef [A-Za-z][A-Za-z0-9_-]* [a-z-]+:[^,\n]+(,[a-z-]+:[^,\n]+)*$/,
];

describe('sot graph', () => {
  it('mermaid lists all five ids with their statuses and parses as a flowchart', () => {
    const r = sot(['graph', '.sot-fixtures/real/cto'], { cwd: repoRoot });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(MERMAID_LINE.some((re) => re.test(line)), line).toBe(true);
    const declared = new Set(lines.filter((l) => /\[/.test(l)).map((l) => l.trim().split(/[[ ]/)[0]));
    for (const l of lines.filter((x) => /--/.test(x))) {
      const [, a, b] = /^ {2}(\w+) .*\| (\w+)$/.exec(l)!;
      expect(declared.has(a) && declared.has(b), l).toBe(true);
    }
    expect(r.stdout).toMatch(/"CTO-WORK-021<br\/>validated<br\/>/);
    expect(r.stdout).toMatch(/"CTO-WORK-022<br\/>validated<br\/>/);
    expect(r.stdout).toMatch(/"CTO-WORK-030<br\/>blocked<br\/>[^"]*"\]:::blocked/);
    for (const id of ['016', '020', '028']) expect(r.stdout).toContain(`"CTO-WORK-${id}<br/>not defined"]:::dangling`);
    expect(r.stdout).toContain('stroke-dasharray');
  });

  it('dot output is accepted by a DOT parser, with dashed dangling nodes and labelled edges', () => {
    const r = sot(['graph', '.sot-fixtures/real/cto', '--format', 'dot'], { cwd: repoRoot });
    const [graph] = parseDot(r.stdout);
    expect(graph!.type).toBe('digraph');
    const nodes = graph!.children.filter((c) => c.type === 'node_stmt');
    expect(nodes.map((n) => n.node_id!.id)).toEqual(expect.arrayContaining(['CTO-WORK-016', 'CTO-WORK-020', 'CTO-WORK-021', 'CTO-WORK-022', 'CTO-WORK-028', 'CTO-WORK-030']));
    const n016 = nodes.find((n) => n.node_id!.id === 'CTO-WORK-016')!;
    expect(n016.attr_list!.find((a) => a.id === 'style')!.eq).toContain('dashed');
    const edges = graph!.children.filter((c) => c.type === 'edge_stmt');
    expect(edges.length).toBeGreaterThan(3);
  });

  it('json has nodes with statuses and definitions and edges by kind; --root/--depth narrows it', () => {
    const full = JSON.parse(sot(['graph', '.sot-fixtures/real/cto', '-f', 'json'], { cwd: repoRoot }).stdout) as { nodes: { id: string; status?: string; kind: string }[]; edges: { from: string; to: string; kind: string }[] };
    expect(full.nodes.find((n) => n.id === 'CTO-WORK-030')).toMatchObject({ kind: 'item', status: 'blocked' });
    expect(full.edges).toContainEqual(expect.objectContaining({ from: 'CTO-WORK-022', to: 'CTO-WORK-030', kind: 'blocked-by' }));
    expect(new Set(full.edges.map((e) => e.kind))).toEqual(new Set(['blocked-by', 'claim']));
    const narrow = JSON.parse(sot(['graph', '.sot-fixtures/real/cto', '-f', 'json', '--root', 'CTO-WORK-021', '--depth', '1'], { cwd: repoRoot }).stdout) as typeof full;
    expect(narrow.nodes.map((n) => n.id).sort()).toEqual(['CTO-WORK-020', 'CTO-WORK-021']);
  });

  it('usage errors are exit 2', () => {
    expect(sot(['graph', '--format', 'png']).code).toBe(2);
    expect(sot(['graph', '--depth', '2']).code).toBe(2);
  });
});

describe('sot explain', () => {
  it('explains CTO-WORK-022 in plain words: definition, open blocker, conflicting claims', () => {
    const r = sot(['explain', 'CTO-WORK-022', '.sot-fixtures/real/cto'], { cwd: repoRoot });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CTO-WORK-022 — Case-Compatible Local Provider Adapter Route\n/);
    expect(r.stdout).toContain('CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:34:1, status: validated');
    expect(r.stdout).toMatch(/- CTO-WORK-030: blocked \(.*ISSUES\.md:56:4\) ! open blocker of a validated item/);
    expect(r.stdout).toMatch(/- CTO-WORK-020: not defined in the linted set/);
    expect(r.stdout.match(/! conflicts with its status validated/g)).toHaveLength(3);
  });

  it('an unknown id is exit 1 with a suggestion', () => {
    const r = sot(['explain', 'CTO-WORK-023', '.sot-fixtures/real/cto'], { cwd: repoRoot });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did you mean CTO-WORK-021, CTO-WORK-022?');
  });

  it('an id only referenced is explained as not defined', () => {
    const r = sot(['explain', 'CTO-WORK-016', '.sot-fixtures/real/cto'], { cwd: repoRoot });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CTO-WORK-016 — not defined in the linted set/);
    expect(r.stdout).toContain('says it is blocked');
  });
});
