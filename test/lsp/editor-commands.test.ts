import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realDocsDir, repoRoot } from '../helpers/lint.js';
import { installPackageInto, trapCommands } from '../integrations/helpers.js';
import { LspClient, uri } from './client.js';

/**
 * The server commands of the VS Code and Helix set-ups that docs/editors.md tells users to copy
 * (docs/editors/vscode/settings.json, docs/editors/helix/languages.toml), read from those files and
 * started the way each editor starts them, then driven by a real LSP client over the real documents.
 * Neither editor runs here (test/lsp/neovim.test.ts drives a real Neovim): what is tested is that
 * the command starts the project's own sot from where the editor starts it, and never npx.
 *  - Generic LSP Client (v2) spawns `glspc.server.command` with its arguments, no shell, in the
 *    first workspace folder.
 *  - Helix resolves `command` on PATH, then spawns it with `args` in the workspace root.
 */
let work: string;
let project: string;
let env: NodeJS.ProcessEnv;
let called: (name: string) => boolean;
const docs = () => join(project, 'cto', '.sot', '03-PROTOCOLS');
const PRD = 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sot-editor-cmd-'));
  project = join(work, 'project');
  cpSync(realDocsDir, docs(), { recursive: true });
  installPackageInto(project, repoRoot);
  const trap = trapCommands(work, ['npx', 'sot']);
  called = trap.called;
  env = { HOME: work, PATH: [trap.bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':') };
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Starts the server, opens the PRD and waits for the cross-file claim conflict. */
async function conflictThrough(client: LspClient, root: string): Promise<void> {
  try {
    await client.initialize(root);
    const file = join(docs(), PRD);
    await client.open(uri(file), readFileSync(file, 'utf8'));
    const ds = await client.diagnostics(uri(file), (d) => d.some((x) => x.code === 'status-claim-conflict'), 60_000);
    expect(ds.find((d) => d.code === 'status-claim-conflict')!.range.start).toEqual({ line: 36, character: 40 });
    expect(await client.shutdown()).toBe(0);
  } finally {
    client.child.kill();
  }
}

describe('the documented editor commands start the project\'s own sot', () => {
  it('docs/editors.md shows exactly the shipped files', () => {
    const page = readFileSync(join(repoRoot, 'docs/editors.md'), 'utf8');
    const block = (lang: string) => new RegExp(`\`\`\`${lang}\n([\\s\\S]*?)\`\`\``).exec(page)![1]!;
    expect(JSON.parse(block('json'))).toEqual(JSON.parse(readFileSync(join(repoRoot, 'docs/editors/vscode/settings.json'), 'utf8')));
    const toml = readFileSync(join(repoRoot, 'docs/editors/helix/languages.toml'), 'utf8');
    expect(toml.split('\n').filter((l) => l !== '' && !l.startsWith('#')).join('\n')).toBe(block('toml').split('\n').filter((l) => l !== '').join('\n'));
    expect(page).not.toMatch(/\[\s*'npx'|"glspc\.server\.command": "npx"|command = "npx"/);
  });

  it('VS Code (Generic LSP Client v2): docs/editors/vscode/settings.json, spawned in the workspace folder', async () => {
    const settings = JSON.parse(readFileSync(join(repoRoot, 'docs/editors/vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    const command = settings['glspc.server.command'] as string;
    const args = settings['glspc.server.commandArguments'] as string[];
    expect(command).not.toMatch(/npx/);
    expect(settings['glspc.server.languageId']).toEqual(['markdown']);
    await conflictThrough(LspClient.spawn(command, args, project, env), project);
    expect(called('npx') || called('sot')).toBe(false);
  });

  it('Helix: docs/editors/helix/languages.toml, from the workspace root and from a project nested below it', async () => {
    const toml = readFileSync(join(repoRoot, 'docs/editors/helix/languages.toml'), 'utf8');
    const command = JSON.parse(/^command = (".*")$/m.exec(toml)![1]!) as string;
    const args = JSON.parse(/^args = (\[.*\])$/m.exec(toml)![1]!) as string[];
    expect(toml).toMatch(/^\[language-server\.sot\]$/m);
    expect(toml).toMatch(/^language-servers = \[.*"sot"\]/m);
    expect(`${command} ${args.join(' ')}`).not.toMatch(/npx/);
    await conflictThrough(LspClient.spawn(command, args, project, env), project);
    // The workspace root is a folder below the one holding node_modules (a docs folder with its own .git).
    const nested = join(project, 'cto');
    mkdirSync(join(nested, '.git'), { recursive: true });
    await conflictThrough(LspClient.spawn(command, args, nested, env), nested);
    expect(called('npx') || called('sot')).toBe(false);
  });

  it('Helix without sot-lint installed: the server exits saying what to do', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'sot-editor-bare-'));
    const toml = readFileSync(join(repoRoot, 'docs/editors/helix/languages.toml'), 'utf8');
    const args = JSON.parse(/^args = (\[.*\])$/m.exec(toml)![1]!) as string[];
    const client = LspClient.spawn('sh', args, bare, env);
    expect(await client.exited).toBe(1);
    expect(client.stderr).toBe(`sot-lint: no node_modules/.bin/sot in ${bare} or a folder above it; run npm install in the project\n`);
    expect(called('npx')).toBe(false);
    rmSync(bare, { recursive: true, force: true });
  });
});
