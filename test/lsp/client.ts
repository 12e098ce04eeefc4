import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { pathToFileURL } from 'node:url';
import { binPath } from '../helpers/lint.js';

export const uri = (path: string) => pathToFileURL(path).href;

interface Waiter {
  uri: string;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

/**
 * A real LSP client over stdio: spawns `node dist/cli/sot.cjs lsp --stdio` and speaks JSON-RPC to it
 * through vscode-languageserver-protocol, as an editor does.
 */
export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  stderr = '';
  private waiters: Waiter[] = [];
  private progressEnded = 0;
  private progressWaiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) this.registrations.push(r.method);
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onNotification('$/progress', (p: { value?: { kind?: string; title?: string; message?: string } }) => {
      // What a progress shows the user (its title and messages) is output too: kept for the tests that read it.
      if (p.value?.title !== undefined || p.value?.message !== undefined) this.logs.push([p.value.title, p.value.message].filter((x) => x !== undefined).join(': '));
      if (p.value?.kind === 'end') {
        this.progressEnded++;
        for (const w of this.progressWaiters.splice(0)) w();
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.onNotification('window/showMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.listen();
  }

  static start(cwd: string, args: string[] = ['lsp', '--stdio']): LspClient {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(child);
  }

  /** Any command, as an editor starts its server (the editor set-up tests: docs/editors/). */
  static spawn(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): LspClient {
    return new LspClient(spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  async initialize(rootPath: string, initializationOptions: object = {}, capabilities: object = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri(rootPath),
      workspaceFolders: [{ uri: uri(rootPath), name: 'ws' }],
      initializationOptions,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true }, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          synchronization: { didSave: true },
        },
        ...capabilities,
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves when the server has ended `n` work-done progresses (the workspace index). */
  indexed(n = 1): Promise<void> {
    if (this.progressEnded >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (this.progressEnded >= n ? resolve() : this.progressWaiters.push(check));
      this.progressWaiters.push(check);
    });
  }

  /** The next (or current) diagnostics for `uri` that satisfy `test`. */
  diagnostics(docUri: string, test: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const current = this.latest.get(docUri);
    if (current && test(current.diagnostics, current)) return Promise.resolve(current.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${docUri} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(docUri)?.diagnostics.map((d) => [d.code, d.range.start.line]))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        uri: docUri,
        test: (p) => test(p.diagnostics, p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p.diagnostics);
        },
      });
    });
  }

  /** The next publishDiagnostics for `uri`, whatever it holds. */
  nextDiagnostics(docUri: string, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    const seen = this.published.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${docUri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri: docUri,
        test: () => this.published.length > seen,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(docUri: string, text: string): Promise<void> {
    this.versions.set(docUri, 1);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: docUri, languageId: 'markdown', version: 1, text } });
  }

  /** Sends edits; returns the new version. */
  async change(docUri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(docUri) ?? 1) + 1;
    this.versions.set(docUri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: docUri, version }, contentChanges: changes });
    return version;
  }

  version(docUri: string): number {
    return this.versions.get(docUri) ?? 0;
  }

  save(docUri: string): Promise<void> {
    return this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: docUri } });
  }

  close(docUri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: docUri } });
  }

  watched(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async codeActions(docUri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: docUri }, range, context: { diagnostics, only } });
    return (r ?? []) as CodeAction[];
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** Applies LSP text edits to a text (what the editor does with a code action's edit). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (line: number, character: number) => {
    let at = 0;
    for (let l = 0; l < line; l++) {
      const nl = text.indexOf('\n', at);
      if (nl === -1) return text.length;
      at = nl + 1;
    }
    return at + character;
  };
  const sorted = edits.map((e) => ({ start: offset(e.range.start.line, e.range.start.character), end: offset(e.range.end.line, e.range.end.character), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The edits of a code action for one document (documentChanges or changes). */
export function editsOf(action: CodeAction, docUri: string): TextEdit[] {
  const edit = action.edit;
  if (!edit) return [];
  if (edit.documentChanges) {
    return edit.documentChanges.flatMap((c) => ('textDocument' in c && c.textDocument.uri === docUri ? (c.edits as TextEdit[]) : []));
  }
  return edit.changes?.[docUri] ?? [];
}
