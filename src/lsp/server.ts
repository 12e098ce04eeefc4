import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintMessage, LintResult, Rule } from '../lint/types.js';
import { defaultConfig } from '../config/config.js';
import { plainRedactor, type Redactor } from '../leaks/redact.js';
import { toolVersion } from '../paths.js';
import { LineIndex } from '../text/line-index.js';
import { codeActions, FIX_ALL_KIND, SuppressionCache } from './code-actions.js';
import { toDiagnostic } from './diagnostics.js';
import { firstLine, Project } from './project.js';
import { diffEdit, shiftMessages, type TextEdit } from './shift.js';
import { pathToUri, uriToPath } from './uri.js';

export interface ServerOptions {
  /** Replaces the registered rules (tests). */
  rules?: readonly Rule[];
}

/** `initializationOptions` a client may send. */
export interface InitializationOptions {
  /** YYYY-MM-DD that date rules compare with (default: the local date). */
  today?: string;
  /** Quiet time after the last edit before the cross-file rules run (default 30 ms). */
  debounceMs?: number;
  /** Log how long each per-file and cross-file run takes (window/logMessage). */
  timing?: boolean;
  /** Use `sot lint --cache`'s per-file cache when indexing (default: when it lives in node_modules/.cache or exists). */
  cache?: boolean;
}

const DEFAULT_DEBOUNCE_MS = 30;
/** Cross-file rules run at least this often while someone types without a pause. */
const MAX_WAIT_MS = 500;

interface OpenDocument {
  uri: string;
  path: string;
  doc: TextDocument;
  project?: Project;
  /** Whether it is one of the project's documents (decided once the document list is known). */
  linted: boolean;
  /** Its last cross-file messages, moved along with the edits since. */
  crossFile: LintMessage[];
  result?: LintResult;
  /** The last diagnostics sent, to republish only what changed. */
  published?: string;
  lintPending?: boolean;
}

/** Wires the sot language server to a connection (stdio in `sot lsp --stdio`, streams in tests). */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const open = new Map<string, OpenDocument>();
  const projects: Project[] = [];
  const suppressions = new SuppressionCache();
  let capabilities: ClientCapabilities = {};
  let init: InitializationOptions = {};
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let folders: string[] = [];
  let dirWatchers: Map<string, FSWatcher> | undefined;
  let shuttingDown = false;

  // What goes to the editor's log, progress and pop-ups names folders and repeats error texts: a
  // value in them (a folder named after a machine, the protected runtime value) is withheld, as in
  // every other output. The plain redactor: a log line belongs to no document.
  let redactor: Redactor | undefined;
  const shown = (text: string) => (redactor ??= plainRedactor(defaultConfig(process.cwd()))).text(text);
  const log = (message: string) => connection.console.log(`sot: ${shown(message)}`);
  const safely =
    <A extends unknown[], R>(what: string, fn: (...args: A) => R) =>
    (...args: A): R | undefined => {
      try {
        const r = fn(...args);
        if (r instanceof Promise) r.catch((e: unknown) => log(`${what} failed: ${firstLine(e)}`));
        return r;
      } catch (e) {
        log(`${what} failed: ${firstLine(e)}`);
        return undefined;
      }
    };

  // ------------------------------------------------------------------ projects

  const projectFor = (path: string): Project | undefined => {
    let best: Project | undefined;
    for (const p of projects) if (p.owns(path) && (!best || p.folder.length > best.folder.length)) best = p;
    return best;
  };

  const addProject = (folder: string): Project => {
    const project = new Project(folder, { today: init.today, rules: options.rules, cache: typeof init.cache === 'boolean' ? init.cache : undefined, log });
    projects.push(project);
    void loadProject(project, 'Indexing SOT documents');
    return project;
  };

  const loadProject = async (project: Project, title: string) => {
    const reporter = capabilities.window?.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    reporter?.begin(title, 0, shown(project.folder), false);
    const t0 = performance.now();
    let lastReport = 0;
    await project.load((p) => {
      const now = performance.now();
      if (reporter && (now - lastReport > 200 || p.done === p.total)) {
        lastReport = now;
        reporter.report(Math.round((p.done / Math.max(1, p.total)) * 100), `${p.done}/${p.total} documents`);
      }
    });
    if (projects.includes(project)) {
      if (project.configError) void connection.window.showErrorMessage(shown(`sot: ${project.configError}; using the default configuration until it is fixed`));
      log(`indexed ${project.size} documents under ${project.folder} in ${Math.round(performance.now() - t0)} ms`);
    }
    reporter?.done();
    if (!projects.includes(project)) return;
    updateDirWatchers();
    for (const o of open.values()) if (projectFor(o.path) === project) void attach(o);
    runCrossFile(project, true);
  };

  // ------------------------------------------------------------------ publishing

  const uriOf = (path: string) => {
    for (const o of open.values()) if (o.path === path) return o.uri;
    return pathToUri(path);
  };

  const publish = (o: OpenDocument, always: boolean) => {
    let diagnostics: Diagnostic[] = [];
    if (o.linted && o.project) {
      o.result = o.project.finish(o.path, o.crossFile);
      const relatedInformation = capabilities.textDocument?.publishDiagnostics?.relatedInformation !== false;
      diagnostics = (o.result?.messages ?? []).map((m) => toDiagnostic(m, { uriOf, relatedInformation }));
    } else o.result = undefined;
    const key = JSON.stringify(diagnostics);
    if (!always && key === o.published) return false;
    o.published = key;
    void connection.sendDiagnostics({ uri: o.uri, version: o.doc.version, diagnostics });
    return true;
  };

  /**
   * Re-analyses an open document from its editor text and publishes at once. Changes that
   * arrive together (a fast typist on a big document) are linted once, at the latest text.
   */
  const lintSoon = (o: OpenDocument) => {
    if (o.lintPending) return;
    o.lintPending = true;
    setImmediate(
      safely('lint', () => {
        if (!o.lintPending) return;
        o.lintPending = false;
        if (open.get(o.uri) === o) lintOpen(o);
      }),
    );
  };

  /** Code actions are computed on the current text: lint it now if a change is still pending. */
  const lintNowIfPending = (o: OpenDocument) => {
    if (!o.lintPending) return;
    o.lintPending = false;
    lintOpen(o);
  };

  const lintOpen = (o: OpenDocument) => {
    if (!o.linted || !o.project) return;
    const t0 = performance.now();
    o.project.setEditorText(o.path, o.doc.getText());
    publish(o, true);
    if (init.timing) log(`per-file ${o.path}: ${(performance.now() - t0).toFixed(1)} ms`);
    scheduleCrossFile(o.project);
  };

  /** Decides whether an opened document belongs to a project, then lints it. */
  const attach = async (o: OpenDocument) => {
    const project = projectFor(o.path);
    if (!project) return;
    await project.listed;
    const member = await project.discover(o.path);
    if (open.get(o.uri) !== o) return;
    o.project = project;
    const was = o.linted;
    o.linted = member;
    if (member) lintOpen(o);
    else if (was) publish(o, false);
  };

  // ------------------------------------------------------------------ cross-file

  const timers = new Map<Project, { timer: NodeJS.Timeout; first: number }>();

  const scheduleCrossFile = (project: Project) => {
    const pending = timers.get(project);
    const now = performance.now();
    if (pending) clearTimeout(pending.timer);
    const first = pending?.first ?? now;
    const wait = Math.max(0, Math.min(debounceMs, first + MAX_WAIT_MS - now));
    timers.set(project, { first, timer: setTimeout(() => runCrossFile(project, false), wait) });
  };

  const runCrossFile = safely('cross-file rules', (project: Project, force: boolean) => {
    const pending = timers.get(project);
    if (pending) clearTimeout(pending.timer);
    timers.delete(project);
    if (shuttingDown) return;
    // A change still waiting for its per-file lint (its setImmediate) goes first: the cross-file
    // messages must be computed from, and published with, the text the editor has now.
    for (const o of open.values()) if (o.project === project) lintNowIfPending(o);
    const t0 = performance.now();
    const messages = project.crossFile(force);
    if (!messages) return;
    const t1 = performance.now();
    let republished = 0;
    for (const o of open.values()) {
      if (o.project !== project || !o.linted) continue;
      o.crossFile = messages.get(o.path) ?? [];
      if (publish(o, false)) republished++;
    }
    if (init.timing) log(`cross-file over ${project.size} documents: rules ${(t1 - t0).toFixed(1)} ms, finish ${(performance.now() - t1).toFixed(1)} ms, republished ${republished}`);
  });

  // ------------------------------------------------------------------ watching the disk

  const onDiskChange = safely('file change', async (path: string, type: FileChangeType) => {
    if (Project.isConfigFile(path)) {
      await Promise.all(projects.filter((p) => p.configAffectedBy(path)).map((p) => loadProject(p, 'Reloading the sot configuration')));
      return;
    }
    const project = projectFor(path);
    if (!project) return;
    if (!/\.(md|markdown)$/i.test(path)) return;
    if ([...open.values()].some((o) => o.path === path)) return; // the editor's text wins
    if (type === FileChangeType.Deleted) project.removed(path);
    else if (project.isDocument(path)) await project.reloadFromDisk(path);
    else {
      project.forgetNegatives();
      if (!(await project.discover(path))) return;
      await project.reloadFromDisk(path);
      updateDirWatchers();
    }
    scheduleCrossFile(project);
  });

  /**
   * Clients that cannot watch files for us: watch the folders that hold documents (and the
   * project folders, for config files) ourselves, without descending into node_modules & co.
   */
  const updateDirWatchers = () => {
    if (!dirWatchers || shuttingDown) return;
    const wanted = new Set<string>(folders);
    for (const p of projects) {
      if (p.config.file) wanted.add(dirname(p.config.file));
      for (const o of p.documentDirs()) wanted.add(o);
    }
    for (const [dir, w] of dirWatchers) {
      if (!wanted.has(dir)) {
        w.close();
        dirWatchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (dirWatchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (!name) return;
          const path = join(dir, name.toString());
          void import('node:fs/promises').then((fs) =>
            fs.stat(path).then(
              () => onDiskChange(path, FileChangeType.Changed),
              () => onDiskChange(path, FileChangeType.Deleted),
            ),
          );
        });
        w.on('error', () => {
          w.close();
          dirWatchers?.delete(dir);
        });
        dirWatchers.set(dir, w);
      } catch {
        // a folder that vanished or cannot be watched: the next change elsewhere retries
      }
    }
  };

  // ------------------------------------------------------------------ protocol

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    if (init.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(init.today)) init.today = undefined;
    const fromFolders = (params.workspaceFolders ?? []).flatMap((f: WorkspaceFolder) => uriToPath(f.uri) ?? []);
    const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
    folders = fromFolders.length ? fromFolders : [root ?? process.cwd()];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'sot', version: toolVersion() },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: '**/{.sotrc.json,.sotrc.yaml,.sotrc.yml,sot.config.json}' }],
      });
    } else dirWatchers = new Map();
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safely('workspace folders', (e) => {
          for (const removed of e.removed) {
            const path = uriToPath(removed.uri);
            const i = projects.findIndex((p) => p.folder === path);
            if (i >= 0) projects.splice(i, 1)[0]!.dispose();
            folders = folders.filter((f) => f !== path);
          }
          for (const added of e.added) {
            const path = uriToPath(added.uri);
            if (path && !folders.includes(path)) {
              folders.push(path);
              addProject(path);
            }
          }
          for (const o of open.values()) {
            o.project = undefined;
            o.linted = false;
            o.crossFile = [];
            publish(o, false);
            void attach(o);
          }
        }),
      );
    }
    for (const folder of folders) addProject(folder);
  });

  connection.onDidOpenTextDocument(
    safely('open', (params) => {
      const { uri, languageId, version, text } = params.textDocument;
      const path = uriToPath(uri);
      if (!path) return;
      const o: OpenDocument = { uri, path, doc: TextDocument.create(uri, languageId, version, text), linted: false, crossFile: [] };
      open.set(uri, o);
      void attach(o);
    }),
  );

  connection.onDidChangeTextDocument(
    safely('change', (params) => {
      const o = open.get(params.textDocument.uri);
      if (!o) return;
      const before = o.doc.getText();
      const edits: TextEdit[] = [];
      for (const change of params.contentChanges as TextDocumentContentChangeEvent[]) {
        if ('range' in change) {
          edits.push({ start: o.doc.offsetAt(change.range.start), end: o.doc.offsetAt(change.range.end), text: change.text });
          o.doc = TextDocument.update(o.doc, [change], params.textDocument.version);
        } else {
          const current = o.doc.getText();
          o.doc = TextDocument.update(o.doc, [change], params.textDocument.version);
          const edit = diffEdit(current, change.text);
          if (edit) edits.push(edit);
        }
      }
      if (o.crossFile.length) o.crossFile = shiftMessages(o.crossFile, o.path, new LineIndex(before), edits, new LineIndex(o.doc.getText()));
      lintSoon(o);
    }),
  );

  connection.onDidSaveTextDocument(
    safely('save', (params) => {
      const o = open.get(params.textDocument.uri);
      if (!o) return;
      lintNowIfPending(o);
      if (o.project && o.linted) runCrossFile(o.project, false);
    }),
  );

  connection.onDidCloseTextDocument(
    safely('close', async (params) => {
      const o = open.get(params.textDocument.uri);
      if (!o) return;
      open.delete(params.textDocument.uri);
      void connection.sendDiagnostics({ uri: o.uri, diagnostics: [] });
      if (o.project && o.linted) {
        await o.project.closed(o.path);
        scheduleCrossFile(o.project);
      }
    }),
  );

  connection.onDidChangeWatchedFiles(
    safely('watched files', (params) => {
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (path) void onDiskChange(path, change.type);
      }
    }),
  );

  connection.onCodeAction(
    safely('code actions', (params) => {
      const o = open.get(params.textDocument.uri);
      if (o) lintNowIfPending(o);
      if (!o?.project || !o.linted || !o.result) return [];
      return codeActions(
        { doc: o.doc, path: o.path, result: o.result, crossFile: o.crossFile, project: o.project, documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true },
        params.context.diagnostics,
        params.context.only,
        suppressions,
      );
    }),
  );

  connection.onShutdown(async () => {
    shuttingDown = true;
    await Promise.all(projects.map((p) => p.saving));
    for (const t of timers.values()) clearTimeout(t.timer);
    timers.clear();
    for (const w of dirWatchers?.values() ?? []) w.close();
    dirWatchers?.clear();
    for (const p of projects) p.dispose();
  });

  connection.listen();
}
