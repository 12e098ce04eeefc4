import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { issuesDoc, prdDoc, prdSections } from '../../src/rules/example-docs.js';
import { TODAY } from '../helpers/lint.js';
import { LspClient, uri } from './client.js';

/**
 * Issue 18 in the editor: an item's requirements come from sentences in other documents, so when
 * such a sentence changes in another open document, the item's evidence-gate finding follows.
 */
const gate = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'evidence-gate');

const ITEM = issuesDoc(
  '## CTO-WORK-041 - GPU Pool Scheduler\n\nStatus: validated.\n\nAcceptance:\n\n- The scheduler places jobs.\n\nValidation evidence:\n\n- Looked fine in the demo.\n',
  'GPU Pool Issues',
);
const SENTENCE = 'The team keeps `CTO-WORK-041` blocked until the scheduler demo is reviewed.';
const PRD = prdDoc(prdSections().replace('- Scope text.', `- ${SENTENCE}`), 'GPU Pool PRD');

let dir: string;
let client: LspClient;
const file = (rel: string) => join(dir, rel);
function write(rel: string, text: string): void {
  mkdirSync(join(file(rel), '..'), { recursive: true });
  writeFileSync(file(rel), text);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sot-lsp-req-'));
  write('.sot/GPU-POOL-ISSUES.md', ITEM);
  write('.sot/GPU-POOL-PRD.md', PRD);
  client = LspClient.start(dir);
  await client.initialize(dir, { today: TODAY, debounceMs: 10 });
  await client.indexed();
});

afterAll(() => {
  client?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('sot lsp: requirements stated in another open document', () => {
  it('a free-text condition is no finding; editing it to a known phrase raises one, with the sentence as related information; editing back clears it', async () => {
    const issues = uri(file('.sot/GPU-POOL-ISSUES.md'));
    const prd = uri(file('.sot/GPU-POOL-PRD.md'));
    await client.open(issues, ITEM);
    await client.open(prd, PRD);
    const before = await client.diagnostics(issues, (ds) => ds !== undefined);
    expect(gate(before)).toEqual([]);

    const line = PRD.split('\n').findIndex((l) => l.includes(SENTENCE));
    const from = PRD.split('\n')[line]!.indexOf('the scheduler demo is reviewed');
    const to = from + 'the scheduler demo is reviewed'.length;
    await client.change(prd, [{ range: { start: { line, character: from }, end: { line, character: to } }, text: 'real Stage 2 pass evidence exists' }]);
    const raised = gate(await client.diagnostics(issues, (ds) => gate(ds).length === 1));
    expect(raised[0]!.message).toContain('stage2-pass (required by GPU-POOL-PRD.md:');
    expect(raised[0]!.relatedInformation?.some((r) => r.location.uri === prd && r.location.range.start.line === line)).toBe(true);

    await client.change(prd, [{ range: { start: { line, character: from }, end: { line, character: from + 'real Stage 2 pass evidence exists'.length } }, text: 'the scheduler demo is reviewed' }]);
    await client.diagnostics(issues, (ds) => gate(ds).length === 0);
  });
});
