import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceSets } from '../../src/gate/evidence.js';
import { loadEvidenceLabels } from '../../src/gate/load-rules.js';
import type { LintMessage } from '../../src/lint/types.js';
import { wholeDocument } from '../../src/model/linked.js';
import { lintTexts, realDocsDir } from '../helpers/lint.js';

const ISSUES_022 = 'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md';
const SPARK = 'CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md';

function line(file: string, n: number): string {
  return readFileSync(join(realDocsDir, file), 'utf8').split('\n')[n - 1] ?? '';
}

describe('evidence-gate on the real documents (SPEC section 6)', () => {
  let findings: (LintMessage & { file: string })[];
  beforeAll(() => {
    // In process (the CLI path is covered by test/cli-lint.test.ts): the four real documents as one set.
    const files = Object.fromEntries(readdirSync(realDocsDir).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(join(realDocsDir, f), 'utf8')]));
    expect(Object.keys(files)).toHaveLength(4);
    // The team's admission record (SPEC section 3), named by the project's config as `admission`.
    const run = lintTexts(files, { admission: { decision_status: 'local_provider_required', provider_class: 'local_case_compatible', admitted: [{ provider: 'qwen-local', model: 'qwen3.6-35b-a3b', status: 'admitted' }] } });
    findings = run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'evidence-gate').map((m) => ({ ...m, file: basename(r.filePath) })));
  });

  it("reports CTO-WORK-022's pass evidence: no case_model_admission_status, no same-run fake baseline", () => {
    const pass = findings.find((f) => f.file === ISSUES_022 && f.message.startsWith('Stage 2 pass recorded for CTO-WORK-022'));
    expect(pass, JSON.stringify(findings, null, 1)).toBeDefined();
    expect(pass!.severity).toBe(2);
    expect(line(ISSUES_022, pass!.line)).toBe('Validation evidence:');
    expect(pass!.message).toContain('admission-status-admitted (missing: no `Case model admission status` recorded)');
    expect(pass!.message).toContain('fake-baseline-same-run (missing: no `Fake baseline run` or `Fake baseline status` recorded)');
    // It records neither a backend nor the process start either; those are missing too, and nothing contradicts.
    expect(pass!.message).toContain('backend-case (missing: no `Backend` recorded)');
    expect(pass!.message).toContain('process-started (missing: no `Case process started` recorded)');
    expect(pass!.message).not.toContain('contradicting');
    // What it does record is accepted: provider/model via the CTO admission identity, tests, events, no fallback.
    for (const id of ['report-status-pass', 'provider-admitted', 'model-admitted', 'no-external-fallback', 'tests-passed', 'required-events-passed', 'report-has-no-endpoint']) {
      expect(pass!.message).not.toMatch(new RegExp(`[:;] ${id} \\(`));
    }
    expect(line(ISSUES_022, pass!.related![0]!.line)).toBe('- Report status: `pass`.');
  });

  it('reports the validated CTO-WORK-022 at its status line: its required Stage 2 pass is not supported', () => {
    const req = findings.find((f) => f.file === ISSUES_022 && f.message.startsWith('`CTO-WORK-022` is validated'));
    expect(req).toBeDefined();
    expect(line(ISSUES_022, req!.line)).toBe('Status: validated.');
    expect(req!.message).toContain('no recorded Stage 2 pass meets every pass condition');
    // The documents' own sentences state it.
    expect(req!.message).toContain('stage2-pass (required by line 51, CTO-CASE-SPARK-ENDPOINT-CONFIG-ISSUES.md:37');
    // The decision and the endpoint config are recorded (Current unblock; runtime-only endpoint): not reported.
    expect(req!.message).not.toContain('decision-not-local');
    expect(req!.message).not.toContain('local-config-unavailable');
  });

  it('says nothing about the failed run in the Spark evidence section (a recorded fail is not a claim)', () => {
    expect(findings.filter((f) => f.file === SPARK)).toEqual([]);
    expect(findings).toHaveLength(2);
  });

  it('reads the Spark evidence section into facts as written', () => {
    const text = readFileSync(join(realDocsDir, SPARK), 'utf8');
    const run = lintTexts({ [SPARK]: text });
    const sets = evidenceSets(wholeDocument(run.documents[0]!), loadEvidenceLabels(), (doc) => doc.leaks ?? []);
    const spark = sets.find((s) => s.name.startsWith('Spark vLLM Runtime Evidence'))!;
    expect(spark.facts).toMatchObject({
      run_id: '20260601T022535Z-r1-string-slugify-2731603', status: 'fail', backend: 'case', case_process_started: true,
      case_model_provider: 'qwen-local', case_model: 'qwen3.6-35b-a3b', case_model_admission_status: 'admitted', endpoint_config: 'present', report_endpoint: 'absent',
    });
    expect(spark.claim).toBeUndefined();
    const current = sets.find((s) => s.name === 'Current evidence')!;
    expect(current.facts.endpoint_config).toBe('missing');
  });
});
