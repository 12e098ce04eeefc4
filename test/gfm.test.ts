import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issuesDoc } from '../src/rules/example-docs.js';
import { sot, sotJson, type JsonResult } from './helpers/lint.js';
import { tempDirs } from './helpers/temp.js';

/**
 * The documents are GitHub Flavored Markdown (issue 19): struck-through text is withdrawn, task
 * lists carry acceptance progress, a two-column table may be an evidence list, and footnotes and
 * literal autolinks are prose. Each case goes through the CLI as a user runs it, and every finding's
 * position is read back against the source text.
 */
const tempDir = tempDirs('gfm');

type Finding = JsonResult['messages'][number] & { file: string };

/** A project holding `files` under `.sot/`; returns its folder. */
function project(files: Record<string, string>): string {
  const dir = tempDir('p');
  mkdirSync(join(dir, '.sot'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, '.sot', name), text);
  // The team's admission record (SPEC section 3), named by the project's config: the pair a full
  // recorded pass names is admitted.
  writeFileSync(join(dir, 'admission.json'), JSON.stringify({ decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] }));
  writeFileSync(join(dir, '.sotrc.yaml'), 'admission: admission.json\n');
  return dir;
}

function lint(files: Record<string, string>): { dir: string; code: number | null; findings: Finding[] } {
  const dir = project(files);
  const r = sotJson([], { cwd: dir });
  expect(r.stderr).toBe('');
  return { dir, code: r.code, findings: r.results.flatMap((x) => x.messages.map((m) => ({ ...m, file: basename(x.filePath) }))) };
}

const of = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);

/** The source text at a finding's start (line and column are 1-based, columns in UTF-16 units). */
function textAt(dir: string, f: Finding): string {
  const line = readFileSync(join(dir, '.sot', f.file), 'utf8').split('\n')[f.line - 1] ?? '';
  return line.slice(f.column - 1);
}

/** One work item's section: heading, Status, Acceptance, then `rest`. */
function item(id: string, status: string, rest = '', acceptance = ['- It works.']): string {
  return `## ${id} - Item ${id.slice(-3)}\n\nStatus: ${status}.\n\nAcceptance:\n\n${acceptance.join('\n')}\n${rest ? `\n${rest}\n` : ''}\n`;
}

const FULL_PASS_ROWS = [
  ['Run artifact directory', '`/runs/20260601T025817Z-r1`'],
  ['Report status', '`pass`'],
  ['Backend', '`case`'],
  ['Case process started', '`true`'],
  ['CTO admission identity', '`qwen-local` / `qwen3.6-35b-a3b`'],
  ['Case model admission status', '`admitted`'],
  ['Tests passed', '`true`'],
  ['Required events passed', '`true`'],
  ['Fake baseline run', '`20260601T025817Z-r1`'],
  ['Fake baseline status', '`pass`'],
];
const table = (rows: string[][], header = ['Label', 'Value']) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

describe('struck-through text is withdrawn', () => {
  const claimDoc = (sentence: string) => ({ 'GPU-ISSUES.md': issuesDoc(`${item('CTO-WORK-041', 'validated', 'Validation evidence:\n\n- Reviewed.')}${sentence}\n`, 'GPU Issues') });

  it('a struck sentence keeping a validated item blocked is no status claim; the same sentence not struck is', () => {
    const struck = lint(claimDoc('~~`CTO-WORK-041` remains blocked until the scheduler demo is reviewed.~~'));
    expect(of(struck.findings, 'status-claim-conflict')).toEqual([]);
    expect(struck.code).toBe(0);
    const plain = lint(claimDoc('`CTO-WORK-041` remains blocked until the scheduler demo is reviewed.'));
    const [conflict] = of(plain.findings, 'status-claim-conflict');
    expect(conflict?.line).toBe(28);
    expect(textAt(plain.dir, conflict!)).toMatch(/^CTO-WORK-041` remains blocked/);
  });

  it('a single tilde strikes through too, as on GitHub', () => {
    const r = lint(claimDoc('~`CTO-WORK-041` remains blocked until the scheduler demo is reviewed.~'));
    expect(of(r.findings, 'status-claim-conflict')).toEqual([]);
  });

  it('struck and unstruck text in one list item: only the unstruck sentence claims, at its own id', () => {
    const r = lint(claimDoc('Notes:\n\n- ~~`CTO-WORK-041` remains blocked until the demo.~~ Then: `CTO-WORK-041` remains blocked until review.'));
    const conflicts = of(r.findings, 'status-claim-conflict');
    expect(conflicts.map((f) => `${f.line}:${f.column}`)).toEqual(['30:61']);
    expect(textAt(r.dir, conflicts[0]!)).toMatch(/^CTO-WORK-041` remains blocked until review/);
  });

  it('an id in struck text is still a mention: an undefined one is reported where it is written', () => {
    const r = lint(claimDoc('~~`CTO-WORK-999` remains blocked until the scheduler demo is reviewed.~~'));
    const [unknown] = of(r.findings, 'unknown-work-item');
    expect(unknown?.message).toContain('CTO-WORK-999');
    expect(textAt(r.dir, unknown!)).toMatch(/^CTO-WORK-999`/);
  });

  const blockers = (entries: string[]) => ({
    'GPU-ISSUES.md': issuesDoc(
      item('CTO-WORK-041', 'validated', `Blocked by:\n\n${entries.join('\n')}\n\nValidation evidence:\n\n- Reviewed.`) + item('CTO-WORK-105', 'blocked', 'Blocked by:\n\n- `CTO-WORK-106`.') + item('CTO-WORK-106', 'blocked', 'Blocked by:\n\n- `CTO-WORK-105`.'),
      'GPU Issues',
    ),
  });

  it('a resolved blocker struck out in `Blocked by:` is no edge; not struck, it is an open blocker', () => {
    const struck = lint(blockers(['- ~~`CTO-WORK-105` quota store~~ (resolved: shipped 2026-06-01)']));
    expect(of(struck.findings, 'validated-with-open-blocker')).toEqual([]);
    const graph = JSON.parse(sot(['graph', '--format', 'json'], { cwd: struck.dir }).stdout) as { edges: { from: string; to: string; kind: string }[] };
    expect(graph.edges.filter((e) => e.from === 'CTO-WORK-041' && e.kind === 'blocked-by')).toEqual([]);
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'CTO-WORK-041', to: 'CTO-WORK-105', kind: 'mention' }));
    const plain = lint(blockers(['- `CTO-WORK-105` quota store']));
    const [open] = of(plain.findings, 'validated-with-open-blocker');
    expect(open?.message).toContain('`CTO-WORK-105` is blocked');
    expect(textAt(plain.dir, open!)).toMatch(/^CTO-WORK-105`/);
  });

  it('one struck entry and one open entry: only the open one is an edge', () => {
    const r = lint(blockers(['- ~~`CTO-WORK-105`~~ (resolved)', '- `CTO-WORK-106` quota alerts']));
    const open = of(r.findings, 'validated-with-open-blocker');
    expect(open.map((f) => f.message.match(/blocker `(CTO-WORK-\d+)`/)?.[1])).toEqual(['CTO-WORK-106']);
    expect(textAt(r.dir, open[0]!)).toMatch(/^CTO-WORK-106`/);
  });

  it('a struck entry naming an undefined item still counts as a mention of it', () => {
    const r = lint(blockers(['- ~~`CTO-WORK-777` old dependency~~']));
    expect(of(r.findings, 'unknown-work-item').map((f) => textAt(r.dir, f).slice(0, 12))).toEqual(['CTO-WORK-777']);
  });

  it('struck text is still scanned for leaks: a struck endpoint is still written down', () => {
    const r = lint(claimDoc('~~Old endpoint: http://100.101.102.103:8000/v1~~'));
    const leaks = of(r.findings, 'no-endpoint-leak');
    expect(leaks.length).toBe(1);
    expect(textAt(r.dir, leaks[0]!)).toMatch(/^http:\/\/100\./);
    expect(JSON.stringify(r.findings)).not.toContain('100.101.102.103');
  });

  it('a struck old status leaves the visible one, and asks for a clean Status line', () => {
    const r = lint({ 'GPU-ISSUES.md': issuesDoc(item('CTO-WORK-041', 'validated', 'Validation evidence:\n\n- Reviewed.').replace('Status: validated.', 'Status: ~~blocked~~ validated.') + '`CTO-WORK-041` remains blocked until review.\n', 'GPU Issues') });
    const status = of(r.findings, 'work-item-status');
    expect(status.map((f) => f.message)).toEqual(['status line of `CTO-WORK-041` must read exactly `Status: validated.`']);
    // The definition says validated (the struck `blocked` is withdrawn): the claim conflicts with it.
    expect(of(r.findings, 'status-claim-conflict').map((f) => f.message)).toEqual([expect.stringContaining('its definition at line 18 says validated')]);
  });
});

describe('task lists: acceptance progress', () => {
  const gpu = (status: string, acceptance: string[]) => ({ 'GPU-ISSUES.md': issuesDoc(item('CTO-WORK-041', status, 'Validation evidence:\n\n- Reviewed.', acceptance), 'GPU Issues') });

  it('a validated item with an unchecked acceptance box is an error at the box', () => {
    const r = lint(gpu('validated', ['- [x] Jobs are placed on idle GPUs.', '- [ ] Quota overrun alerts the owning team.']));
    const open = of(r.findings, 'validated-with-open-acceptance');
    expect(open.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity}`)).toEqual(['23:3-23:6 2']);
    expect(textAt(r.dir, open[0]!)).toBe('[ ] Quota overrun alerts the owning team.');
    expect(open[0]!.message).toContain('(1 of 2 checked)');
    expect(r.code).toBe(1);
  });

  it('`[x]` and `[X]` are both checked; a blocked item may have open boxes', () => {
    expect(of(lint(gpu('validated', ['- [x] Jobs are placed on idle GPUs.', '- [X] Quota overrun alerts the owning team.'])).findings, 'validated-with-open-acceptance')).toEqual([]);
    expect(of(lint(gpu('blocked', ['- [ ] Quota overrun alerts the owning team.'])).findings, 'validated-with-open-acceptance')).toEqual([]);
  });

  it('an open box nested under a checked one counts; a struck-through criterion does not', () => {
    const r = lint(gpu('validated', ['- [x] Deployed:', '  - [ ] in the second region.', '  * [ ] with another bullet.', '- [ ] ~~Pages the on-call engineer.~~']));
    const open = of(r.findings, 'validated-with-open-acceptance');
    expect(open.map((f) => textAt(r.dir, f))).toEqual(['[ ] in the second region.', '[ ] with another bullet.']);
    expect(open[0]!.message).toContain('(1 of 3 checked)');
    // A list of another bullet right after the acceptance list is another list (CommonMark), not acceptance.
    const other = lint(gpu('validated', ['- [x] Deployed.', '* [ ] Not under the label.']));
    expect(of(other.findings, 'validated-with-open-acceptance')).toEqual([]);
  });

  it('sot explain and sot graph --format json show checked / total', () => {
    const r = lint(gpu('validated', ['- [x] Jobs are placed on idle GPUs.', '- [ ] Quota overrun alerts the owning team.', '- [X] Usage is billed.']));
    const explain = sot(['explain', 'CTO-WORK-041'], { cwd: r.dir });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('  acceptance: 2 of 3 checked:\n    - unchecked at .sot/GPU-ISSUES.md:23:3 ! unchecked acceptance item of a validated item (validated-with-open-acceptance)');
    const graph = JSON.parse(sot(['graph', '--format', 'json'], { cwd: r.dir }).stdout) as { nodes: { id: string; acceptance?: unknown }[] };
    expect(graph.nodes.find((n) => n.id === 'CTO-WORK-041')?.acceptance).toEqual({ checked: 2, total: 3 });
    // Plain bullets are no task list: no progress to show.
    const plain = lint(gpu('validated', ['- Jobs are placed on idle GPUs.']));
    expect(sot(['explain', 'CTO-WORK-041'], { cwd: plain.dir }).stdout).not.toContain('acceptance:');
    const plainGraph = JSON.parse(sot(['graph', '--format', 'json'], { cwd: plain.dir }).stdout) as { nodes: { id: string; acceptance?: unknown }[] };
    expect(plainGraph.nodes.find((n) => n.id === 'CTO-WORK-041')).not.toHaveProperty('acceptance');
  });
});

describe('tables', () => {
  const withEvidence = (evidence: string, status = 'validated') => ({ 'GPU-ISSUES.md': issuesDoc(item('CTO-WORK-041', status, `Validation evidence:\n\n${evidence}`), 'GPU Issues') });

  it('evidence written as a two-column table under `Validation evidence:` is the evidence list', () => {
    const r = lint(withEvidence(table([['Report status', '`fail`'], ['Backend', '`case`']])));
    expect(of(r.findings, 'work-item-sections')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('its rows are evidence: a recorded pass is checked against every pass condition, at the label', () => {
    const partial = lint(withEvidence(table(FULL_PASS_ROWS.filter(([l]) => !/admission status|Fake baseline/.test(l!)))));
    const [gate] = of(partial.findings, 'evidence-gate');
    expect(gate?.line).toBe(24);
    expect(textAt(partial.dir, gate!)).toBe('Validation evidence:');
    expect(gate!.message).toContain('admission-status-admitted (missing: no `Case model admission status` recorded)');
    expect(gate!.message).toContain('fake-baseline-same-run (missing:');
    expect(gate!.message).not.toContain('backend-case');
    const full = lint(withEvidence(table([...FULL_PASS_ROWS, ['No external provider fallback was used.', '']])));
    expect(of(full.findings, 'evidence-gate')).toEqual([]);
  });

  it('a struck row is no evidence', () => {
    const rows = FULL_PASS_ROWS.map(([l, v]) => (l === 'Backend' ? [`~~${l}~~`, v!] : [l!, v!]));
    const [gate] = of(lint(withEvidence(table(rows))).findings, 'evidence-gate');
    expect(gate?.message).toContain('backend-case (missing: no `Backend` recorded)');
  });

  it('a table with a header row only, or with three columns, is no list, and the finding says why', () => {
    const headerOnly = lint(withEvidence(table([], ['Report status', '`pass`'])));
    expect(of(headerOnly.findings, 'work-item-sections').map((f) => f.message)).toEqual([
      '`CTO-WORK-041` is validated but has no `Validation evidence:` list',
      '`Validation evidence:` in `CTO-WORK-041` is followed by a table with a header row only: a list written as a table has one row per entry, below its `| --- | --- |` line',
    ]);
    const three = lint(withEvidence(table([['Report status', '`pass`', 'run 1']], ['Label', 'Value', 'Note'])));
    const columns = of(three.findings, 'work-item-sections').find((f) => f.message.includes('columns'));
    expect(columns?.message).toBe('`Validation evidence:` in `CTO-WORK-041` is followed by a table of 3 columns, not a list: a list written as a table has two columns (label | value)');
    expect(textAt(three.dir, columns!)).toBe('Validation evidence:');
    // Its cells are prose: nothing in them is evidence, so no pass is claimed.
    expect(of(three.findings, 'evidence-gate')).toEqual([]);
  });

  it('a two-column table in an evidence section is evidence too', () => {
    const r = lint({
      'GPU-ISSUES.md': issuesDoc(`${item('CTO-WORK-041', 'blocked', 'Blocked by:\n\n- Review.')}## Scheduler Evidence - 2026-06-01\n\n${table(FULL_PASS_ROWS.filter(([l]) => l !== 'Backend'))}\n`, 'GPU Issues'),
    });
    const [gate] = of(r.findings, 'evidence-gate');
    expect(gate?.message).toContain('backend-case (missing: no `Backend` recorded)');
    expect(textAt(r.dir, gate!)).toBe('## Scheduler Evidence - 2026-06-01');
  });

  it('an evidence table outside any evidence list or section is prose: no claimed pass, but claims and ids in its cells count, at the cell', () => {
    const r = lint({
      'GPU-ISSUES.md': issuesDoc(
        `${item('CTO-WORK-041', 'validated', 'Validation evidence:\n\n- Reviewed.')}## Notes\n\n${table([...FULL_PASS_ROWS.filter(([l]) => l !== 'Backend'), ['Status', '`CTO-WORK-041` remains blocked until review.'], ['Next', '`CTO-WORK-998`']])}\n`,
        'GPU Issues',
      ),
    });
    expect(of(r.findings, 'evidence-gate')).toEqual([]);
    const [conflict] = of(r.findings, 'status-claim-conflict');
    expect(textAt(r.dir, conflict!)).toMatch(/^CTO-WORK-041` remains blocked until review\. \|$/);
    const [unknown] = of(r.findings, 'unknown-work-item');
    expect(textAt(r.dir, unknown!)).toBe('CTO-WORK-998` |');
  });

  it('a `Blocked by:` table of two columns links its ids like a list', () => {
    const r = lint({
      'GPU-ISSUES.md': issuesDoc(item('CTO-WORK-041', 'validated', `Blocked by:\n\n${table([['`CTO-WORK-105`', 'quota store'], ['~~`CTO-WORK-106`~~', 'resolved']], ['Item', 'Why'])}\n\nValidation evidence:\n\n- Reviewed.`) + item('CTO-WORK-105', 'blocked', 'Blocked by:\n\n- Budget.') + item('CTO-WORK-106', 'blocked', 'Blocked by:\n\n- Budget.'), 'GPU Issues'),
    });
    const open = of(r.findings, 'validated-with-open-blocker');
    expect(open.map((f) => textAt(r.dir, f).slice(0, 12))).toEqual(['CTO-WORK-105']);
  });
});

describe('footnotes and literal autolinks are prose', () => {
  it('a claim in a footnote is a claim, at its place in the footnote', () => {
    const r = lint({ 'GPU-ISSUES.md': issuesDoc(`${item('CTO-WORK-041', 'validated', 'Validation evidence:\n\n- Reviewed.[^1]')}[^1]: \`CTO-WORK-041\` remains blocked until the scheduler demo is reviewed.\n`, 'GPU Issues') });
    const [conflict] = of(r.findings, 'status-claim-conflict');
    expect(conflict?.line).toBe(28);
    expect(textAt(r.dir, conflict!)).toMatch(/^CTO-WORK-041` remains blocked/);
  });

  it('ids around a literal autolink keep their positions', () => {
    const r = lint({ 'GPU-ISSUES.md': issuesDoc(`${item('CTO-WORK-041', 'blocked', 'Blocked by:\n\n- Review.')}See www.example.com and https://example.com/x for \`CTO-WORK-997\`; mail ops@example.com about \`CTO-WORK-996\`.\n`, 'GPU Issues') });
    const unknown = of(r.findings, 'unknown-work-item');
    expect(unknown.map((f) => textAt(r.dir, f).slice(0, 12))).toEqual(['CTO-WORK-997', 'CTO-WORK-996']);
  });
});
