import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { allRules } from '../../src/lint/registry.js';
import type { Rule, WorkspaceRule } from '../../src/lint/types.js';
import { startServer } from '../../src/lsp/server.js';
import { prdDoc, prdSections } from '../../src/rules/example-docs.js';
import { uri } from './client.js';

/**
 * The cross-file republish path with a test-only workspace rule, independent of the graph rules:
 * `needs: X` in one document is reported unless some document says `provides: X`. The server runs
 * in process (same code as `sot lsp --stdio`) and is driven over JSON-RPC streams.
 */
const needsProvides: WorkspaceRule = {
  meta: { id: 'test-needs-provides', scope: 'workspace', description: 'test rule', defaultSeverity: 'warn', tags: [], docs: '' },
  examples: { ok: [], notOk: [] },
  check({ docs, report }) {
    const provided = new Set(docs.flatMap((d) => [...d.text.matchAll(/provides: (\w+)/g)].map((m) => m[1]!)));
    for (const doc of docs) {
      for (const m of doc.text.matchAll(/needs: (\w+)/g)) {
        if (!provided.has(m[1]!)) report(doc, { range: { start: m.index!, end: m.index! + m[0].length }, message: `nothing provides ${m[1]}`, key: m[1]! });
      }
    }
  },
};

const doc = (title: string, line: string) => prdDoc(prdSections().replace('- Scope text.', `- ${line}`), title);

let dir: string;
let client: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
const waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: () => void }[] = [];
let indexed!: Promise<void>;

function until(test: (p: PublishDiagnosticsParams) => boolean): Promise<void> {
  if (published.some(test)) return Promise.resolve();
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sot-lsp-republish-'));
  mkdirSync(join(dir, '.sot'));
  writeFileSync(join(dir, '.sot/P-PRD.md'), doc('P PRD', 'provides: cache'));
  writeFileSync(join(dir, '.sot/N-PRD.md'), doc('N PRD', 'needs: cache'));
  writeFileSync(join(dir, '.sot/U-PRD.md'), doc('U PRD', 'unrelated'));
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const rules: Rule[] = [...allRules(), needsProvides];
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { rules });
  client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.test(p)) waiters.splice(i, 1)[0]!.resolve();
  });
  let ended!: () => void;
  indexed = new Promise((r) => (ended = r));
  client.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  client.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') ended();
  });
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: uri(dir),
    workspaceFolders: [{ uri: uri(dir), name: 'ws' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    initializationOptions: { today: '2026-11-21', debounceMs: 5 },
  });
  await client.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  await client.sendRequest(ShutdownRequest.type);
  client.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('cross-file republish (test-only workspace rule)', () => {
  const p = () => uri(join(dir, '.sot/P-PRD.md'));
  const n = () => uri(join(dir, '.sot/N-PRD.md'));
  const u = () => uri(join(dir, '.sot/U-PRD.md'));
  const flagged = (x: PublishDiagnosticsParams) => x.diagnostics.some((d) => d.code === 'test-needs-provides');

  it('republishes exactly the open documents whose diagnostics the edit changed', async () => {
    await indexed;
    const texts = { p: doc('P PRD', 'provides: cache'), n: doc('N PRD', 'needs: cache'), u: doc('U PRD', 'unrelated') };
    for (const [k, text] of Object.entries(texts)) {
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: { p: p(), n: n(), u: u() }[k]!, languageId: 'markdown', version: 1, text } });
    }
    await Promise.all([until((x) => x.uri === p()), until((x) => x.uri === n()), until((x) => x.uri === u())]);
    await new Promise((r) => setTimeout(r, 100));
    expect(published.filter((x) => x.uri === n()).every((x) => !flagged(x))).toBe(true);

    const count = (docUri: string) => published.filter((x) => x.uri === docUri).length;
    const before = { p: count(p()), n: count(n()), u: count(u()) };
    const line = texts.p.split('\n').findIndex((l) => l === '- provides: cache');
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: p(), version: 2 },
      contentChanges: [{ range: { start: { line, character: 2 }, end: { line, character: 10 } }, text: 'offers' }],
    });
    await until((x) => x.uri === n() && flagged(x));
    const flaggedN = published.filter((x) => x.uri === n()).at(-1)!;
    expect(flaggedN.diagnostics.find((d) => d.code === 'test-needs-provides')?.message).toBe('nothing provides cache');
    await new Promise((r) => setTimeout(r, 100));
    // P: its own per-file publish for version 2; N: one republish; U: untouched.
    expect(count(p()) - before.p).toBe(1);
    expect(count(n()) - before.n).toBe(1);
    expect(count(u()) - before.u).toBe(0);

    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: p(), version: 3 },
      contentChanges: [{ range: { start: { line, character: 2 }, end: { line, character: 8 } }, text: 'provides' }],
    });
    await until((x) => x.uri === n() && !flagged(x) && published.indexOf(x) > published.indexOf(flaggedN));
    expect(count(u()) - before.u).toBe(0);
  });
});
