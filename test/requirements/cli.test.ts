/**
 * Requirements read from the documents, and a project whose config owns its facts, through the CLI
 * as a user runs it: the CTO-WORK-041 case of issue 18, its variants, a second team's project laid
 * out its own way, and the real documents' findings unchanged.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realDocsDir, repoRoot, sot, sotJson, type JsonResult } from '../helpers/lint.js';
import { tempDirs } from '../helpers/temp.js';

const tempDir = tempDirs('requirements');

function write(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function frontmatter(title: string, route = 'cto'): string {
  return `---\ntitle: ${title}\nstatus: draft\nlifecycle_classification: sot\nowner: jp\ncreated: 2026-05-31\nlast_reviewed: 2026-06-01\ncore_promotion_status: not-promoted\nroute: ${route}\n---\n`;
}
const BANNER = 'Local planning SOT only. Not a Core Protocol. Not active Core authority.';
function issues(title: string, body: string, route = 'cto'): string {
  return `${frontmatter(title, route)}\n# ${title}\n\n${BANNER}\n\n${body}`;
}

/** The item of issue 18, with its acceptance bullet and evidence (lines: heading 16, status 18, bullet 22, evidence label 24). */
function item041(evidence: string[], acceptance = 'Real Case Stage 2 pass evidence exists through the Harness Evidence Interface.'): string {
  return `## CTO-WORK-041 - GPU Pool Scheduler\n\nStatus: validated.\n\nAcceptance:\n\n- ${acceptance}\n\nValidation evidence:\n\n${evidence.map((e) => `- ${e}`).join('\n')}\n`;
}

const fullPass = (provider = 'qwen-local', model = 'qwen3.6-35b-a3b') => [
  'Run artifact directory: `/runs/20261201T010203Z-r1`.',
  'Report status: `pass`.',
  'Backend: `case`.',
  'Case process started: `true`.',
  `CTO admission identity: \`${provider}\` / \`${model}\`.`,
  'Case model admission status: `admitted`.',
  'Tests passed: `true`.',
  'Required events passed: `true`.',
  'Fake baseline run: `20261201T010203Z-r1`.',
  'Fake baseline status: `pass`.',
  'No external provider fallback was used.',
];

const admission = (provider: string, model: string) => JSON.stringify({ decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider, model, status: 'admitted' }] });

const gateMessages = (results: JsonResult[]) => results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'evidence-gate').map((m) => ({ file: r.filePath.split('/').pop(), ...m })));

describe('a validated item is checked against what its own documents require (issue 18)', () => {
  it('the CTO-WORK-041 example is reported, with the acceptance bullet as the source', () => {
    const root = write(tempDir('041'), { '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(['Looked fine in the demo.'])) });
    const r = sotJson([], { cwd: root });
    expect(r.code).toBe(1);
    const [m, ...rest] = gateMessages(r.results);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ line: 18, column: 1 });
    expect(m!.message).toContain('`CTO-WORK-041` is validated, but the evidence in the linted set does not meet what the documents require of it: stage2-pass (required by line 22;');
    expect(m!.related?.map((x) => [x.line, x.column])).toEqual([[22, 1]]);
  });

  it('the same item with a complete recorded pass, admitted by the project\'s admission record, is not reported', () => {
    const root = write(tempDir('041-pass'), {
      '.sotrc.yaml': 'admission: admission.json\n',
      'admission.json': admission('qwen-local', 'qwen3.6-35b-a3b'),
      '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(fullPass())),
    });
    const r = sotJson([], { cwd: root });
    expect(gateMessages(r.results)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('without an admission record the complete pass is still not proven: the message says how to configure one', () => {
    const root = write(tempDir('041-noadm'), { '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(fullPass())) });
    const r = sotJson([], { cwd: root });
    const messages = gateMessages(r.results).map((m) => m.message).join('\n');
    expect(messages).toContain('not known which pairs are admitted');
    expect(messages).toContain('`admission:`');
  });

  it('a requirement stated in another document counts, and that sentence is the related location', () => {
    const root = write(tempDir('041-other'), {
      '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(['Looked fine in the demo.'], 'The scheduler places jobs.')),
      '.sot/GPU-POOL-PRD.md': issues('GPU Pool PRD', '## Scope\n\nKeep `CTO-WORK-041` blocked until explicit endpoint config exists.\n'),
    });
    const r = sotJson([], { cwd: root });
    const [m] = gateMessages(r.results);
    expect(m!.message).toContain('local-config-unavailable (required by GPU-POOL-PRD.md:18;');
    expect(m!.related?.some((x) => x.filePath.endsWith('GPU-POOL-PRD.md') && x.line === 18)).toBe(true);
  });

  it('"before unblocking" and a Blocked by bullet that says more than an id state requirements too', () => {
    const body = `${item041(['Looked fine in the demo.'], 'The scheduler places jobs.')}\nBlocked by:\n\n- \`CTO-WORK-040\` supplying explicit endpoint config.\n\n## CTO-WORK-040 - Config\n\nStatus: validated.\n\nAcceptance:\n\n- Config exists.\n\nValidation evidence:\n\n- Endpoint config: \`present\`.\n\n## Notes\n\nThe team needs real Stage 2 proof before unblocking \`CTO-WORK-041\`.\n`;
    const root = write(tempDir('041-before'), { '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', body) });
    const r = sotJson([], { cwd: root });
    const [m, ...rest] = gateMessages(r.results);
    expect(rest).toEqual([]);
    // The endpoint condition is met by CTO-WORK-040's evidence; the Stage 2 pass is not.
    expect(m!.message).toContain('stage2-pass (required by line 46;');
    expect(m!.message).not.toContain('local-config-unavailable');
  });

  it('a phrase the vocabulary does not know is a free-text requirement: shown by sot explain, never reported', () => {
    const root = write(tempDir('041-free'), { '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(['Looked fine in the demo.'], 'Quota overrun alerts the owning team.')) });
    expect(gateMessages(sotJson([], { cwd: root }).results)).toEqual([]);
    const explain = sot(['explain', 'CTO-WORK-041'], { cwd: root });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('free text, not checked: "Quota overrun alerts the owning team" (.sot/GPU-POOL-ISSUES.md:22:1 (acceptance))');
  });

  it('sot explain and sot graph --format json show each requirement, where it is stated and what is missing', () => {
    const root = write(tempDir('041-explain'), { '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(['Looked fine in the demo.'])) });
    const explain = sot(['explain', 'CTO-WORK-041'], { cwd: root });
    expect(explain.stdout).toContain('- stage2-pass (gate): NOT met: no evidence in the linted set meets it');
    expect(explain.stdout).toContain('stated at .sot/GPU-POOL-ISSUES.md:22:1 (acceptance)');
    const graph = JSON.parse(sot(['graph', '--format', 'json'], { cwd: root }).stdout) as { nodes: { id: string; requirements?: { requirements: unknown[] } }[] };
    expect(graph.nodes.find((n) => n.id === 'CTO-WORK-041')!.requirements).toEqual({
      requirements: [{ requirement: 'stage2-pass', kind: 'gate', stated: [{ filePath: '.sot/GPU-POOL-ISSUES.md', line: 22, column: 1, origin: 'acceptance' }], status: 'unmet' }],
    });
  });

  it('the project may state a requirement in its config for what no sentence says', () => {
    const root = write(tempDir('041-config'), {
      '.sotrc.yaml': 'requirements:\n  CTO-WORK-041:\n    - condition: local-config-unavailable\n    - A human signs the runbook.\n',
      '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(['Looked fine in the demo.'], 'The scheduler places jobs.')),
    });
    const [m] = gateMessages(sotJson([], { cwd: root }).results);
    expect(m!.message).toContain("local-config-unavailable (required by the config's `requirements`;");
    expect(sot(['explain', 'CTO-WORK-041'], { cwd: root }).stdout).toContain('free text, not checked: "A human signs the runbook." (the config)');
  });
});

describe('a second team\'s project: its own route, ids, document kind and admission record', () => {
  const runbook = (sections: string[]) => `${frontmatter('Pool Failover Runbook', 'infra')}\n# Pool Failover Runbook\n\n${BANNER}\n\n${sections.map((s) => `## ${s}\n\nText.\n`).join('\n')}`;
  const item = (provider: string, model: string) => `## feat-12 - Pool Failover\n\nStatus: validated.\n\nAcceptance:\n\n- A real Stage 2 pass report exists for the failover path.\n\nValidation evidence:\n\n${fullPass(provider, model).map((e) => `- ${e}`).join('\n')}\n\n## feat-13 - Pool Metrics\n\nStatus: blocked.\n\nAcceptance:\n\n- Metrics exist.\n\nBlocked by:\n\n- \`feat-12\`\n`;
  function project(provider: string, model: string, sections = ['Purpose', 'Procedure', 'Rollback']): string {
    return write(tempDir('team2'), {
      'sot.config.json': JSON.stringify({
        include: ['plans/**/*.md'],
        workItemIdPattern: 'feat-[0-9]+',
        admission: 'ops/admission.json',
        kinds: [{ kind: 'runbook', titleSuffix: ' Runbook', fileSuffix: '-RUNBOOK.md', requiredSections: ['Purpose', 'Procedure', 'Rollback'] }],
      }),
      'ops/admission.json': admission('llama-local', 'llama3.3-70b'),
      'plans/infra/POOL-FAILOVER-RUNBOOK.md': runbook(sections),
      'plans/infra/POOL-ISSUES.md': issues('Pool Issues', item(provider, model), 'infra'),
    });
  }

  it('linted end to end: the ids are its own, nothing is unknown, and the admitted model passes', () => {
    const r = sotJson([], { cwd: project('llama-local', 'llama3.3-70b') });
    const all = r.results.flatMap((x) => x.messages.map((m) => `${x.filePath.split('/').pop()}:${m.line} ${m.ruleId}`));
    expect(all).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("its kind's missing section is reported", () => {
    const r = sotJson([], { cwd: project('llama-local', 'llama3.3-70b', ['Purpose', 'Procedure']) });
    const m = r.results.flatMap((x) => x.messages.filter((y) => y.ruleId === 'doc-sections'));
    expect(m.map((y) => y.message)).toEqual(['missing required section `## Rollback` (expected after `## Procedure`)']);
  });

  it('a pass naming a model its admission file does not admit is reported; the bundled admitted pair means nothing here', () => {
    for (const [provider, model] of [['qwen-local', 'qwen3.6-35b-a3b'], ['llama-local', 'llama3.1-8b']]) {
      const r = sotJson([], { cwd: project(provider!, model!) });
      const text = gateMessages(r.results).map((m) => m.message).join('\n');
      expect(text).toContain('model-admitted');
      expect(text).toContain('no admitted pair matches');
      expect(r.code).toBe(1);
    }
  });

  it('sot explain takes the project\'s id', () => {
    const out = sot(['explain', 'feat-12'], { cwd: project('llama-local', 'llama3.3-70b') });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('stage2-pass (gate): met by the evidence at plans/infra/POOL-ISSUES.md:24');
  });
});

describe('config keys for a project\'s facts are validated (exit 2, one sentence each)', () => {
  const cases: [string, string, RegExp][] = [
    ['admission names no file', 'admission: nope.json\n', /`admission` .*nope\.json is not a file/],
    ['a phrase that requires an unknown gate', 'vocabularies:\n  requirementPhrases:\n    - id: x\n      pattern: "runbook"\n      requires: { gate: stage9-pass }\n', /has no gate `stage9-pass`/],
    ['a kind with a bad name', 'kinds:\n  - kind: Run Book\n    titleSuffix: " Runbook"\n    fileSuffix: "-RUNBOOK.md"\n    requiredSections: []\n', /kinds\.0\.kind/],
    ['a statement pattern that does not compile', 'vocabularies:\n  requirementStatements:\n    - id: broken\n      pattern: "(?<subject>"\n', /requirement statement `broken` .*not a valid regular expression/],
  ];
  for (const [name, config, error] of cases) {
    it(name, () => {
      const root = write(tempDir('badcfg'), { '.sotrc.yaml': config, '.sot/A-ISSUES.md': issues('A Issues', item041(['x'])) });
      const r = sot([], { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(error);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  }
  it('an admission file that is not an admission record', () => {
    const root = write(tempDir('badadm'), { '.sotrc.yaml': 'admission: a.json\n', 'a.json': '{"admitted": []}', '.sot/A-ISSUES.md': issues('A Issues', item041(['x'])) });
    const r = sot([], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required key `decision_status`');
  });
  it('--print-config shows the project\'s facts', () => {
    const root = write(tempDir('print'), { '.sotrc.yaml': 'admission: a.json\nrequirements:\n  CTO-WORK-041: [{ gate: stage2-pass }]\n', 'a.json': admission('a', 'b'), '.sot/A-ISSUES.md': '' });
    const printed = JSON.parse(sot(['--print-config', '.sot/A-ISSUES.md'], { cwd: root }).stdout) as { admission: string; requirements: unknown };
    expect(printed.admission).toBe(join(root, 'a.json'));
    expect(printed.requirements).toEqual({ 'CTO-WORK-041': [{ gate: 'stage2-pass' }] });
  });
});

describe('the real documents keep the findings of SPEC §6', () => {
  it('CTO-WORK-022 evidence-gate names each unmet condition and cites the documents\' own sentences', () => {
    const r = sotJson([realDocsDir]);
    const all = r.results.flatMap((x) => x.messages.map((m) => `${x.filePath.split('/').pop()}:${m.line} ${m.ruleId}`)).sort();
    expect(all).toEqual([
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:16 work-item-sections',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:20 unknown-work-item',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:36 evidence-gate',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:56 validated-with-open-blocker',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:64 evidence-gate',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md:18 unknown-work-item',
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md:36 duplicate-list-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:33 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:33 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:33 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:37 status-claim-conflict',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37 status-claim-conflict',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:55 unknown-work-item',
      'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:58 status-claim-conflict',
    ]);
    const [m] = r.results.flatMap((x) => x.messages.filter((y) => y.ruleId === 'evidence-gate' && y.line === 36));
    expect(m!.message).toContain('stage2-pass (required by line 51, CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:37, CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37 and 1 more;');
    expect(m!.message).toMatch(/the pass at line 64 misses [a-z, -]*backend-case, process-started/);
    expect(m!.message).toContain('admission-status-admitted');
    expect(m!.message).toContain('fake-baseline-same-run');
    // The sentences that state it are related locations.
    expect(m!.related?.map((x) => `${x.filePath.split('/').pop()}:${x.line}`)).toEqual(expect.arrayContaining([
      'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:51', 'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:37', 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:37', 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md:58',
    ]));
  });
});

describe('docs/project-config.md: the worked example is a config that loads and works', () => {
  it('its YAML and admission JSON, as printed, lint the second team\'s project', () => {
    const page = readFileSync(join(repoRoot, 'docs/project-config.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(page)![1]!;
    const json = /```json\n([\s\S]*?)```/.exec(page)![1]!;
    const root = write(tempDir('docs-example'), {
      '.sotrc.yaml': yaml,
      'ops/admission.json': json,
      'plans/infra/POOL-ISSUES.md': `${frontmatter('Pool Issues', 'infra')}\n# Pool Issues\n\nTeam planning notes. Not binding.\n\n## feat-12 - Pool Failover\n\nStatus: validated.\n\nAcceptance:\n\n- feat-12 is on hold until a load test passes.\n\nValidation evidence:\n\n${fullPass('llama-local', 'llama3.3-70b').map((e) => `- ${e}`).join('\n')}\n- Harness verdict: \`pass\`.\n`,
    });
    const r = sotJson([], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.results.flatMap((x) => x.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    const explain = sot(['explain', 'feat-12'], { cwd: root }).stdout;
    // The project's statement and phrase: "on hold until a load test passes" requires tests-passed.
    expect(explain).toContain('tests-passed (condition): met by the evidence');
    expect(explain).toContain('free text, not checked: "A human signs off the failover drill." (the config)');
  });
});

describe('ids as the project writes them (workItemIdPattern) are honoured by every rule', () => {
  const body = '## feat-12: Pool Failover\n\nStatus: blocked.\n\nAcceptance:\n\n- It fails over.\n\nBlocked by:\n\n- `feat-99`\n\n### feat-13 - Nested\n\n## feat-14 - Fine\n\nStatus: blocked.\n\nAcceptance:\n\n- It works.\n\nBlocked by:\n\n- `feat-12`\n';
  it('a malformed heading, a nested item and an unknown id are reported in the project\'s own shape; a well-formed one is not', () => {
    const root = write(tempDir('ids'), { '.sotrc.yaml': 'workItemIdPattern: "feat-[0-9]+"\n', '.sot/POOL-ISSUES.md': issues('Pool Issues', body) });
    const r = sotJson([], { cwd: root });
    const all = r.results.flatMap((x) => x.messages.map((m) => `${m.line} ${m.ruleId}`));
    expect(all).toEqual(expect.arrayContaining(['16 work-item-heading', '28 work-item-heading', '26 unknown-work-item']));
    // feat-14 at line 30 is well formed: nothing reported at its heading.
    expect(all.filter((x) => x.startsWith('30 '))).toEqual([]);
    // The item is never reported as undefined at its own heading.
    expect(r.results.flatMap((x) => x.messages).filter((m) => m.ruleId === 'unknown-work-item' && m.message.startsWith('`feat-12`'))).toEqual([]);
  });
});

describe('--cache: the admission record is part of the cache key', () => {
  it('a cached run sees a changed admission file', () => {
    const root = write(tempDir('cache-adm'), {
      '.sotrc.yaml': 'admission: admission.json\n',
      'admission.json': admission('qwen-local', 'qwen3.6-35b-a3b'),
      '.sot/GPU-POOL-ISSUES.md': issues('GPU Pool Issues', item041(fullPass())),
    });
    const first = sotJson(['--cache'], { cwd: root });
    expect(gateMessages(first.results)).toEqual([]);
    writeFileSync(join(root, 'admission.json'), admission('llama-local', 'llama3.3-70b'));
    const second = sotJson(['--cache'], { cwd: root });
    expect(gateMessages(second.results).map((m) => m.message).join('\n')).toContain('no admitted pair matches');
  });
});
