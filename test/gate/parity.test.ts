import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/gate/evaluate.js';
import { evidenceSets } from '../../src/gate/evidence.js';
import { loadEvidenceLabels, loadStage2Rules } from '../../src/gate/load-rules.js';
import { gateOf, PASS_GATE } from '../../src/gate/stage2-rules.js';
import { wholeDocument } from '../../src/model/linked.js';
import { issuesDoc } from '../../src/rules/example-docs.js';
import { lintTexts } from '../helpers/lint.js';

/** The admission record both sides read: the run gate's file, and the documents' project config (`admission`). */
const ADMISSION = { decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] };
import { gateAsync, pool, workspace } from './helpers.js';

/**
 * The parity table: each row is one set of facts, written once as a harness report JSON and once
 * as a document evidence list. `sot gate stage2 --report` and the `evidence-gate` rule must give
 * the same verdict and the same unmet condition ids, and both must equal the row's expectation.
 */
interface Facts {
  run_id?: string;
  status?: string;
  backend?: string;
  case_process_started?: boolean | string;
  case_model_provider?: string;
  case_model?: string;
  case_model_admission_status?: string;
  tests_passed?: boolean | string;
  required_events_passed?: boolean | string;
  fake_run_id?: string;
  fake_status?: string;
  endpoint?: boolean;
}

interface Row {
  name: string;
  facts: Facts;
  /** How the document writes them. */
  doc?: { identity?: boolean; passArtifact?: boolean; fakeAsPath?: boolean; fallbackSentence?: boolean; label?: string };
  expect: string[];
}

const RUN = '20260601T025817Z-r1-string-slugify-2907822';
const GOOD: Facts = {
  run_id: RUN, status: 'pass', backend: 'case', case_process_started: true, case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b',
  case_model_admission_status: 'admitted', tests_passed: true, required_events_passed: true, fake_run_id: RUN, fake_status: 'pass',
};
const without = (...keys: (keyof Facts)[]): Facts => Object.fromEntries(Object.entries(GOOD).filter(([k]) => !keys.includes(k as keyof Facts))) as Facts;
const ALL_BUT_STATUS = ['backend-case', 'process-started', 'provider-admitted', 'model-admitted', 'admission-status-admitted', 'no-external-fallback', 'tests-passed', 'required-events-passed', 'fake-baseline-same-run'];

const ROWS: Row[] = [
  { name: 'full pass', facts: GOOD, expect: [] },
  { name: 'full pass written with the CTO admission identity pair and a pass artifact path', facts: GOOD, doc: { identity: true, passArtifact: true, fakeAsPath: true, fallbackSentence: true }, expect: [] },
  { name: 'no backend', facts: without('backend'), expect: ['backend-case'] },
  { name: 'fake backend', facts: { ...GOOD, backend: 'fake' }, expect: ['backend-case'] },
  { name: 'process not started', facts: { ...GOOD, case_process_started: false }, expect: ['process-started'] },
  { name: 'process start not recorded', facts: without('case_process_started'), expect: ['process-started'] },
  { name: 'another provider', facts: { ...GOOD, case_model_provider: 'qwen-remote' }, expect: ['provider-admitted', 'model-admitted'] },
  { name: 'another model', facts: { ...GOOD, case_model: 'qwen3-8b' }, doc: { identity: true }, expect: ['model-admitted'] },
  { name: 'external provider and model', facts: { ...GOOD, case_model_provider: 'anthropic', case_model: 'claude-sonnet-4-6' }, doc: { fallbackSentence: true }, expect: ['provider-admitted', 'model-admitted', 'no-external-fallback'] },
  { name: 'external model under the local provider', facts: { ...GOOD, case_model: 'claude-sonnet-4-6' }, expect: ['model-admitted', 'no-external-fallback'] },
  { name: 'provider not recorded', facts: without('case_model_provider'), expect: ['provider-admitted', 'model-admitted', 'no-external-fallback'] },
  { name: 'admission status not_admitted', facts: { ...GOOD, case_model_admission_status: 'not_admitted' }, expect: ['admission-status-admitted'] },
  { name: 'admission status not recorded', facts: without('case_model_admission_status'), expect: ['admission-status-admitted'] },
  { name: 'tests failed', facts: { ...GOOD, tests_passed: false }, expect: ['tests-passed'] },
  { name: 'tests passed written as yes (not a boolean)', facts: { ...GOOD, tests_passed: 'yes' }, expect: ['tests-passed'] },
  { name: 'required events failed', facts: { ...GOOD, required_events_passed: false }, expect: ['required-events-passed'] },
  { name: 'fake baseline from another run', facts: { ...GOOD, fake_run_id: '20260531T000000Z-r0' }, expect: ['fake-baseline-same-run'] },
  { name: 'fake baseline failed', facts: { ...GOOD, fake_status: 'fail' }, expect: ['fake-baseline-same-run'] },
  { name: 'no fake baseline', facts: without('fake_run_id', 'fake_status'), expect: ['fake-baseline-same-run'] },
  { name: 'no run id', facts: without('run_id'), expect: ['fake-baseline-same-run'] },
  { name: 'endpoint value in the evidence', facts: { ...GOOD, endpoint: true }, expect: ['report-has-no-endpoint'] },
  {
    name: 'CTO-WORK-022 as recorded',
    facts: without('backend', 'case_process_started', 'case_model_admission_status', 'fake_run_id', 'fake_status'),
    doc: { identity: true, passArtifact: true, fallbackSentence: true },
    expect: ['backend-case', 'process-started', 'admission-status-admitted', 'fake-baseline-same-run'],
  },
  { name: 'only a pass status', facts: { status: 'pass' }, expect: ALL_BUT_STATUS },
  { name: 'several at once', facts: { ...GOOD, backend: 'fake', tests_passed: false, endpoint: true }, expect: ['backend-case', 'tests-passed', 'report-has-no-endpoint'] },
  { name: 'status written as passed', facts: { ...GOOD, status: 'passed' }, expect: ['report-status-pass'] },
  // Not claims: the rule says nothing about them, but the same facts give the same ids.
  { name: 'recorded fail (not a claim)', facts: { ...GOOD, status: 'fail', tests_passed: false }, doc: { label: 'Current evidence' }, expect: ['report-status-pass', 'tests-passed'] },
  { name: 'no status (not a claim)', facts: without('status'), expect: ['report-status-pass'] },
];

const ENDPOINT_NOTE = 'http://10.20.30.40:8000/v1';

function report(f: Facts): string {
  const r: Record<string, unknown> = { changed_files: ['src/slugify.py'] };
  for (const k of ['run_id', 'status', 'backend', 'case_process_started', 'case_model_provider', 'case_model', 'case_model_admission_status', 'tests_passed', 'required_events_passed'] as const) {
    if (f[k] !== undefined) r[k] = f[k];
  }
  if (f.fake_run_id !== undefined || f.fake_status !== undefined) {
    r.fake_baseline = { ...(f.fake_run_id !== undefined ? { run_id: f.fake_run_id } : {}), ...(f.fake_status !== undefined ? { status: f.fake_status } : {}) };
  }
  if (f.endpoint) r.runtime_notes = `served from ${ENDPOINT_NOTE}`;
  return JSON.stringify(r, null, 2);
}

function evidence(f: Facts, d: Row['doc'] = {}): string[] {
  const b: string[] = [];
  const code = (v: unknown) => `\`${String(v)}\``;
  if (f.run_id !== undefined) b.push(d.passArtifact ? `Real Case Qwen Stage 2 pass artifact: \`/home/svrnty/.hermes/profiles/cto-planb/harness-runs/${f.run_id}\`.` : `Run artifact directory: \`/runs/${f.run_id}/\`.`);
  if (f.status !== undefined) b.push(`Report status: ${code(f.status)}.`);
  if (f.backend !== undefined) b.push(`Backend: ${code(f.backend)}.`);
  if (f.case_process_started !== undefined) b.push(`Case process started: ${code(f.case_process_started)}.`);
  if (d.identity && f.case_model_provider !== undefined && f.case_model !== undefined) b.push(`CTO admission identity: ${code(f.case_model_provider)} / ${code(f.case_model)}.`);
  else {
    if (f.case_model_provider !== undefined) b.push(`Case model provider: ${code(f.case_model_provider)}.`);
    if (f.case_model !== undefined) b.push(`Case model: ${code(f.case_model)}.`);
  }
  if (f.case_model_admission_status !== undefined) b.push(`Case model admission status: ${code(f.case_model_admission_status)}.`);
  if (f.tests_passed !== undefined) b.push(`Tests passed: ${code(f.tests_passed)}.`);
  if (f.required_events_passed !== undefined) b.push(`Required events passed: ${code(f.required_events_passed)}.`);
  if (f.fake_run_id !== undefined) b.push(`Fake baseline run: ${d.fakeAsPath ? `\`/runs/${f.fake_run_id}\`` : code(f.fake_run_id)}.`);
  if (f.fake_status !== undefined) b.push(`Fake baseline status: ${code(f.fake_status)}.`);
  if (d.fallbackSentence) b.push('No external provider fallback was used.');
  if (f.endpoint) b.push(`Runtime notes: served from \`${ENDPOINT_NOTE}\`.`);
  return b;
}

function doc(i: number, row: Row): string {
  const id = `CTO-WORK-${900 + i}`;
  const body = `## ${id} - Parity Row\n\nStatus: validated.\n\nAcceptance:\n\n- It works.\n\n${row.doc?.label ?? 'Validation evidence'}:\n\n${evidence(row.facts, row.doc).map((e) => `- ${e}`).join('\n')}\n`;
  return issuesDoc(body, `Parity ${i} Issues`);
}

const PASS_IDS = loadStage2Rules().gates.find((g) => g.id === PASS_GATE)!.conditions.map((c) => c.id);

function idsInMessage(message: string): string[] {
  const re = new RegExp(`(?:: |; )(${PASS_IDS.join('|')}) \\(`, 'g');
  return [...message.matchAll(re)].map((m) => m[1]!);
}

describe('parity: sot gate stage2 --report and evidence-gate on the same facts', () => {
  const cli = new Map<number, { code: number | null; verdict: string; ids: string[]; output: string }>();
  const ruleMessages: string[] = [];
  const ruleIds = new Map<number, string[] | undefined>();
  const docIds = new Map<number, string[]>();

  beforeAll(async () => {
    const ws = workspace();
    const admission = join(ws.dir, 'admission.json');
    // The admission the CLI reads is the one the documents are checked against.
    writeFileSync(admission, JSON.stringify(ADMISSION));
    await pool(ROWS, 4, async (row, i) => {
      const file = ws.write(`report-${i}.json`, report(row.facts));
      const r = await gateAsync(['--report', file, '--admission', admission, '--format', 'json'], {}, ws.dir);
      cli.set(i, { code: r.code, verdict: r.json!.verdict, ids: r.json!.reasons.map((x) => x.id), output: r.stdout + r.stderr });
    });
    const files = Object.fromEntries(ROWS.map((row, i) => [`PARITY-${i}-ISSUES.md`, doc(i, row)]));
    const run = lintTexts(files, { admission: ADMISSION });
    ROWS.forEach((_, i) => {
      const result = run.results.find((r) => r.filePath.endsWith(`/PARITY-${i}-ISSUES.md`))!;
      const messages = result.messages.filter((m) => m.ruleId === 'evidence-gate');
      expect(messages.length).toBeLessThanOrEqual(1);
      ruleIds.set(i, messages[0] ? idsInMessage(messages[0].message) : undefined);
      ruleMessages.push(...messages.map((m) => m.message));
      // The same building blocks the rule uses, for rows that claim nothing.
      const d = run.documents.find((x) => x.path.endsWith(`/PARITY-${i}-ISSUES.md`))!;
      const stage2 = loadStage2Rules();
      const labels = loadEvidenceLabels();
      const sets = evidenceSets(wholeDocument(d), labels, (x) => x.leaks ?? []);
      expect(sets).toHaveLength(1);
      docIds.set(i, evaluate(gateOf(stage2, PASS_GATE).conditions, { decision_status: ADMISSION.decision_status, provider_class: ADMISSION.provider_class, ...sets[0]!.facts, admitted: ADMISSION.admitted }).unmet.map((u) => u.id));
    });
  });

  it('has at least 20 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(20);
  });

  it('neither side repeats the endpoint value', () => {
    for (const c of cli.values()) expect(c.output).not.toContain('10.20.30.40');
    for (const m of ruleMessages) expect(m).not.toContain('10.20.30.40');
    expect(ruleMessages.some((m) => m.includes('endpoint-shaped value'))).toBe(true);
  });

  ROWS.forEach((row, i) => {
    it(`${i}: ${row.name}`, () => {
      const c = cli.get(i)!;
      expect(c.ids, 'gate --report ids').toEqual(row.expect);
      expect(c.verdict).toBe(row.expect.length ? 'fail' : 'pass');
      expect(c.code).toBe(row.expect.length ? 1 : 0);
      expect(docIds.get(i), 'document facts through the evaluator').toEqual(row.expect);
      const claims = row.facts.status !== undefined && /^pass/.test(row.facts.status);
      if (claims) expect(ruleIds.get(i) ?? [], 'evidence-gate message ids').toEqual(row.expect);
      else expect(ruleIds.get(i), 'a recorded fail or no status is not a claim').toBeUndefined();
    });
  });
});
