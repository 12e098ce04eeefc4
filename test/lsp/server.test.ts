import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionKind, DiagnosticSeverity, FileChangeType, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver-protocol';
import { frontmatter, issuesDoc, prdDoc, prdSections, workItem } from '../../src/rules/example-docs.js';
import { TODAY } from '../helpers/lint.js';
import { applyEdits, editsOf, LspClient, uri } from './client.js';

/**
 * The language server end to end: `sot lsp --stdio` spawned from the built binary and driven by a
 * real LSP client (vscode-languageserver-protocol) over stdio.
 */

const BANNER = 'Local planning SOT only. Not a Core Protocol. Not active Core authority.';
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const has = (rule: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule);
const hasNo = (rule: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === rule);

const ISSUES_022 = (status: string) =>
  issuesDoc(
    workItem('CTO-WORK-022', status, status === 'validated' ? '\nValidation evidence:\n\n- Reviewed on 2026-06-01.\n' : '\nBlocked by:\n\n- `CTO-WORK-031` (config first).\n') +
      `\n${workItem('CTO-WORK-031', 'blocked', '\nBlocked by:\n\n- Waiting for the config review.\n')}`,
    'CTO Example Issues',
  );
const PRD_CLAIM = prdDoc(prdSections().replace('- Scope text.', '- `CTO-WORK-022` remains blocked until X.'), 'CTO Example PRD');

let dir: string;
let client: LspClient;
const file = (rel: string) => join(dir, rel);

function write(rel: string, text: string): void {
  mkdirSync(join(file(rel), '..'), { recursive: true });
  writeFileSync(file(rel), text);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sot-lsp-'));
  write('.sot/01/CTO-EXAMPLE-ISSUES.md', ISSUES_022('validated'));
  write('.sot/01/CTO-EXAMPLE-PRD.md', PRD_CLAIM);
  write('.sot/02/CTO-OTHER-PRD.md', prdDoc(prdSections(), 'CTO Other PRD'));
  write('README.md', '# Not a SOT document\n\nNo frontmatter here.\n');
  client = LspClient.start(dir);
});

afterAll(() => {
  client?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('sot lsp --stdio with a real LSP client', () => {
  it('initializes: incremental sync, code actions, server info; indexes the workspace', async () => {
    const result = await client.initialize(dir, { today: TODAY, debounceMs: 10 });
    expect(result.serverInfo?.name).toBe('sot');
    expect(result.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: TextDocumentSyncKind.Incremental });
    expect(result.capabilities.codeActionProvider).toMatchObject({ codeActionKinds: expect.arrayContaining([CodeActionKind.QuickFix, 'source.fixAll.sot']) });
    await client.indexed();
    expect(client.registrations).toContain('workspace/didChangeWatchedFiles');
    expect(client.logs.join('\n')).toMatch(/indexed 3 documents/);
  });

  it('publishes per-file diagnostics on open: range, severity, code, source, docs link', async () => {
    const text = `${frontmatter('CTO Broken PRD')}\n# CTO Wrong Title\n\n${prdSections()}`;
    write('.sot/02/CTO-BROKEN-PRD.md', text);
    const u = uri(file('.sot/02/CTO-BROKEN-PRD.md'));
    await client.open(u, text);
    const ds = await client.diagnostics(u, has('title-heading'));
    const title = ds.find((d) => d.code === 'title-heading')!;
    // `# CTO Wrong Title` is line 12 (1-based), text from column 3: LSP line 11, character 2.
    expect(title.range).toEqual({ start: { line: 11, character: 2 }, end: { line: 11, character: 17 } });
    expect(title.severity).toBe(DiagnosticSeverity.Error);
    expect(title.source).toBe('sot');
    expect(title.codeDescription?.href).toBe('https://github.com/sot-lint/sot-lint/blob/main/docs/rules/title-heading.md');
    expect(title.message).toContain('differs from the frontmatter title');
    const banner = ds.find((d) => d.code === 'authority-banner')!;
    expect(banner.severity).toBe(DiagnosticSeverity.Error);
    expect(client.latest.get(u)?.version).toBe(1);
  });

  it('re-lints on change at once and reports the version it linted', async () => {
    const u = uri(file('.sot/02/CTO-BROKEN-PRD.md'));
    // Replace "Wrong Title" (line 11, characters 6-17) with "Broken PRD": the H1 now equals the title.
    const version = await client.change(u, [{ range: { start: { line: 11, character: 6 }, end: { line: 11, character: 17 } }, text: 'Broken PRD' }]);
    const ds = await client.diagnostics(u, (_ds, p) => p.version === version);
    expect(codes(ds)).not.toContain('title-heading');
    expect(codes(ds)).toContain('authority-banner');
  });

  it('code actions: the certain fix inserts the authority banner; no suppression that could not work', async () => {
    const u = uri(file('.sot/02/CTO-BROKEN-PRD.md'));
    const ds = client.latest.get(u)!.diagnostics;
    const banner = ds.find((d) => d.code === 'authority-banner')!;
    const actions = await client.codeActions(u, banner.range, [banner]);
    const fix = actions.find((a) => a.title === 'Insert the authority banner')!;
    expect(fix.kind).toBe(CodeActionKind.QuickFix);
    expect(fix.isPreferred).toBe(true);
    // A comment above the next block would itself become "the block after the H1": the
    // suppression is checked by re-linting and not offered, since it could not work.
    expect(actions.map((a) => a.title)).toEqual(['Insert the authority banner']);
    const text = `${frontmatter('CTO Broken PRD')}\n# CTO Broken PRD\n\n${prdSections()}`;
    const fixed = applyEdits(text, editsOf(fix, u));
    expect(fixed).toContain(`# CTO Broken PRD\n\n${BANNER}\n`);
    const version = await client.change(u, [{ text: fixed }]);
    const after = await client.diagnostics(u, (_ds, p) => p.version === version);
    expect(codes(after)).not.toContain('authority-banner');
  });

  it('code actions: sets the H1 to the frontmatter title; fix-all applies every certain fix', async () => {
    const text = `${frontmatter('CTO Fixable PRD')}\n# Something Else\n\n${prdSections()}`;
    const u = uri(file('.sot/02/CTO-FIXABLE-PRD.md'));
    write('.sot/02/CTO-FIXABLE-PRD.md', text);
    await client.open(u, text);
    const ds = await client.diagnostics(u, (d) => has('title-heading')(d) && has('authority-banner')(d));
    const title = ds.find((d) => d.code === 'title-heading')!;
    const [setTitle] = (await client.codeActions(u, title.range, [title])).filter((a) => a.title === 'Set the H1 to the frontmatter title');
    expect(applyEdits(text, editsOf(setTitle!, u))).toContain('# CTO Fixable PRD\n');
    const [all] = await client.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    expect(all?.kind).toBe('source.fixAll.sot');
    const fixed = applyEdits(text, editsOf(all!, u));
    expect(fixed).toContain(`# CTO Fixable PRD\n\n${BANNER}\n`);
    const version = await client.change(u, [{ text: fixed }]);
    const after = await client.diagnostics(u, (_ds, p) => p.version === version);
    expect(codes(after).filter((c) => c === 'title-heading' || c === 'authority-banner')).toEqual([]);
    await client.close(u);
  });

  it('code actions: a suppression comment with a reason placeholder, indented so the list stays one list', async () => {
    const body = prdSections().replace('- Scope text.', '- Ship the config check.\n- Ship the config check.');
    const text = prdDoc(body, 'CTO Dup PRD');
    const u = uri(file('.sot/02/CTO-DUP-PRD.md'));
    write('.sot/02/CTO-DUP-PRD.md', text);
    await client.open(u, text);
    const ds = await client.diagnostics(u, has('duplicate-list-item'));
    const dup = ds.find((d) => d.code === 'duplicate-list-item')!;
    const actions = await client.codeActions(u, dup.range, [dup]);
    const suppress = actions.find((a) => a.title.startsWith('Suppress duplicate-list-item'))!;
    const edits = editsOf(suppress, u);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe('  <!-- sot-disable-next-line duplicate-list-item -- <reason> -->\n');
    // The placeholder suppresses nothing: suppression-reason asks for the reason, the finding stays.
    const next = applyEdits(text, edits);
    let version = await client.change(u, [{ text: next }]);
    const placeholder = await client.diagnostics(u, (_ds, p) => p.version === version);
    expect(codes(placeholder)).toContain('suppression-reason');
    expect(codes(placeholder)).toContain('duplicate-list-item');
    // With the reason written, the finding is gone and nothing else changed.
    version = await client.change(u, [{ text: next.replace('<reason>', 'both items are kept on purpose') }]);
    const after = await client.diagnostics(u, (_ds, p) => p.version === version);
    expect(codes(after)).toEqual(codes(ds).filter((c) => c !== 'duplicate-list-item'));
    await client.close(u);
  });

  it('does not lint Markdown outside the workspace documents', async () => {
    const u = uri(file('README.md'));
    await client.open(u, '# Not a SOT document\n\nNo frontmatter here.\n');
    // Open a real document after it: once its diagnostics arrive, the README had its turn.
    const other = uri(file('.sot/02/CTO-OTHER-PRD.md'));
    await client.open(other, prdDoc(prdSections(), 'CTO Other PRD'));
    await client.diagnostics(other);
    expect(client.latest.get(u)?.diagnostics ?? []).toEqual([]);
    await client.close(u);
    await client.close(other);
  });

  it('never sends a leaked endpoint value', async () => {
    const text = prdDoc(prdSections().replace('- Scope text.', '- Endpoint used for the run: http://100.101.102.103:8000/v1 (commit abc1234).'), 'CTO Leak PRD');
    const u = uri(file('.sot/02/CTO-LEAK-PRD.md'));
    write('.sot/02/CTO-LEAK-PRD.md', text);
    await client.open(u, text);
    const ds = await client.diagnostics(u);
    const actions = await client.codeActions(u, { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }, ds, undefined);
    const sent = JSON.stringify([client.published, actions]);
    expect(sent).not.toContain('100.101.102.103');
    expect(codes(ds)).toContain('no-endpoint-leak');
    await client.close(u);
  });

  it('never offers to suppress a credential, even in a document too large for the suppression to be verified', async () => {
    const token = `ghp_${'aB3dE5fG7h'.repeat(3)}123456`;
    const padding = Array.from({ length: 6000 }, (_, i) => `- Filler line ${i} for a large document, nothing to see here.`).join('\n');
    const text = prdDoc(prdSections().replace('- Scope text.', `- Token used by the run: ${token}\n${padding}`), 'CTO Big PRD');
    expect(text.length).toBeGreaterThan(256 * 1024);
    const u = uri(file('.sot/02/CTO-BIG-PRD.md'));
    write('.sot/02/CTO-BIG-PRD.md', text);
    await client.open(u, text);
    const ds = await client.diagnostics(u, has('no-endpoint-leak'));
    const leak = ds.filter((d) => d.code === 'no-endpoint-leak');
    expect(leak.length).toBeGreaterThan(0);
    const actions = await client.codeActions(u, leak[0]!.range, leak);
    expect(actions.map((a) => a.title).filter((t) => t.startsWith('Suppress no-endpoint-leak'))).toEqual([]);
    expect(JSON.stringify([client.published, actions])).not.toContain(token);
    await client.close(u);
  });

  describe('cross-file updates', () => {
    const issues = () => uri(file('.sot/01/CTO-EXAMPLE-ISSUES.md'));
    const prd = () => uri(file('.sot/01/CTO-EXAMPLE-PRD.md'));

    it('a claim in one document conflicts with the definition in another (related information points there)', async () => {
      await client.open(prd(), PRD_CLAIM);
      const ds = await client.diagnostics(prd(), has('status-claim-conflict'));
      const conflict = ds.find((d) => d.code === 'status-claim-conflict')!;
      expect(conflict.severity).toBe(DiagnosticSeverity.Warning);
      expect(conflict.message).toContain('`CTO-WORK-022` is blocked');
      expect(conflict.relatedInformation?.[0]?.location.uri).toBe(issues());
      expect(conflict.range.start.line).toBe(PRD_CLAIM.split('\n').findIndex((l) => l.includes('remains blocked')));
    });

    it("changing the item's status in the other (open) document clears it, and changing it back raises it", async () => {
      const text = ISSUES_022('validated');
      await client.open(issues(), text);
      await client.diagnostics(issues());
      const line = text.split('\n').findIndex((l) => l === 'Status: validated.');
      await client.change(issues(), [{ range: { start: { line, character: 8 }, end: { line, character: 17 } }, text: 'blocked' }]);
      await client.diagnostics(prd(), hasNo('status-claim-conflict'));
      await client.change(issues(), [{ range: { start: { line, character: 8 }, end: { line, character: 15 } }, text: 'validated' }]);
      await client.diagnostics(prd(), has('status-claim-conflict'));
    });

    it('saving keeps the diagnostics; closing the changed document falls back to its text on disk', async () => {
      const line = ISSUES_022('validated').split('\n').findIndex((l) => l === 'Status: validated.');
      await client.change(issues(), [{ range: { start: { line, character: 8 }, end: { line, character: 17 } }, text: 'blocked' }]);
      await client.diagnostics(prd(), hasNo('status-claim-conflict'));
      // Save: the editor wrote the file, then tells the server.
      write('.sot/01/CTO-EXAMPLE-ISSUES.md', ISSUES_022('blocked'));
      await client.save(issues());
      await new Promise((r) => setTimeout(r, 100));
      expect(codes(client.latest.get(prd())!.diagnostics)).not.toContain('status-claim-conflict');
      // Close without saving the next edit: the server goes back to the disk text (blocked).
      await client.change(issues(), [{ range: { start: { line, character: 8 }, end: { line, character: 15 } }, text: 'validated' }]);
      await client.diagnostics(prd(), has('status-claim-conflict'));
      await client.close(issues());
      await client.diagnostics(prd(), hasNo('status-claim-conflict'));
    });

    it('a change on disk to an unopened document (didChangeWatchedFiles) updates the open ones', async () => {
      write('.sot/01/CTO-EXAMPLE-ISSUES.md', ISSUES_022('validated'));
      await client.watched([{ uri: issues(), type: FileChangeType.Changed }]);
      await client.diagnostics(prd(), has('status-claim-conflict'));
      rmSync(file('.sot/01/CTO-EXAMPLE-ISSUES.md'));
      await client.watched([{ uri: issues(), type: FileChangeType.Deleted }]);
      // The definition is gone: no conflict, and the id is now unknown.
      const ds = await client.diagnostics(prd(), hasNo('status-claim-conflict'));
      await client.diagnostics(prd(), has('unknown-work-item'));
      expect(ds).toBeDefined();
      write('.sot/01/CTO-EXAMPLE-ISSUES.md', ISSUES_022('validated'));
      await client.watched([{ uri: issues(), type: FileChangeType.Created }]);
      await client.diagnostics(prd(), (d) => has('status-claim-conflict')(d) && hasNo('unknown-work-item')(d));
    });

    it('a directive in the document suppresses a cross-file finding, and stays used across edits', async () => {
      const line = PRD_CLAIM.split('\n').findIndex((l) => l.includes('remains blocked'));
      const conflict = client.latest.get(prd())!.diagnostics.find((d) => d.code === 'status-claim-conflict')!;
      const [suppress] = (await client.codeActions(prd(), conflict.range, [conflict])).filter((a) => a.title.startsWith('Suppress'));
      const inserted = applyEdits(PRD_CLAIM, editsOf(suppress!, prd()));
      expect(inserted.split('\n')[line]).toBe('<!-- sot-disable-next-line status-claim-conflict -- <reason> -->');
      const next = inserted.replace('<reason>', 'the PRD quotes the status it had when it was written');
      let version = await client.change(prd(), [{ text: next }]);
      let ds = await client.diagnostics(prd(), (_d, p) => p.version === version);
      expect(codes(ds)).not.toContain('status-claim-conflict');
      expect(codes(ds)).not.toContain('unused-suppression');
      // An edit above moves everything down a line: the per-file publish (before the cross-file
      // rules run again) already has the finding suppressed, not an "unused" directive.
      version = await client.change(prd(), [{ range: { start: { line: 12, character: 0 }, end: { line: 12, character: 0 } }, text: '\n' }]);
      ds = await client.diagnostics(prd(), (_d, p) => p.version === version);
      expect(codes(ds)).not.toContain('unused-suppression');
      expect(codes(ds)).not.toContain('status-claim-conflict');
      await client.close(prd());
    });
  });

  it('shuts down and exits with 0', async () => {
    expect(await client.shutdown()).toBe(0);
  });
});

describe('sot lsp command line', () => {
  it('needs --stdio', async () => {
    const c = LspClient.start(tmpdir(), ['lsp']);
    expect(await c.exited).toBe(2);
    expect(c.stderr).toContain('sot lsp needs --stdio');
  });
});
