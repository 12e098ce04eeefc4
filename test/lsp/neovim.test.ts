import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realDocsDir, repoRoot } from '../helpers/lint.js';
import { commandExists, installPackageInto, run, runAsync, trapCommands } from '../integrations/helpers.js';

/**
 * A real editor: headless Neovim (Debian's package `neovim`; .ci/run installs it the way it
 * installs pre-commit) configured with exactly the file docs/editors.md tells users to install
 * (docs/editors/neovim/sot.lua, linked as after/ftplugin/markdown.lua in a fresh config folder).
 * test/lsp/neovim-driver.lua acts as the user: opens the real documents, sees the cross-file
 * status-claim-conflict of CTO-WORK-022, sets that item's status to blocked in the other document
 * (unsaved) and sees the conflict clear.
 */
function neovim(): { bin?: string; version?: string; why?: string } {
  if (!commandExists('nvim')) return { why: 'the `nvim` command is not installed (apt-get install -y neovim; .ci/run installs it when it can)' };
  const bin = run('sh', ['-c', 'command -v nvim'], repoRoot).stdout.trim();
  const v = run(bin, ['--version'], repoRoot);
  const m = /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(v.stdout);
  if (!m) return { why: `\`nvim --version\` said no version: ${v.stdout.slice(0, 200)}${v.stderr.slice(0, 200)}` };
  if (Number(m[1]) === 0 && Number(m[2]) < 7) return { why: `Neovim ${m[0]} is older than the 0.7 the set-up supports` };
  return { bin, version: `${m[1]}.${m[2]}.${m[3]}` };
}

const nvim = neovim();
if (!nvim.bin) console.warn(`SKIPPED test/lsp/neovim.test.ts: ${nvim.why}`);

interface Diag { code: string; line: number; col: number; message: string; source: string }
interface Client { id: number; name: string; cmd: string[]; cmd_cwd: string; root_dir: string }
interface Seen {
  ok: boolean;
  error?: string;
  messages: string;
  version: { major: number; minor: number; patch: number };
  vim_fs: boolean;
  filetype: string;
  conflict_seen: boolean;
  before: Diag[];
  clients: Client[];
  issues_before_seen: boolean;
  issues_clients: Client[];
  edited_line: string;
  conflict_cleared: boolean;
  after: Diag[];
  issues_after_cleared: boolean;
  issues_after: Diag[];
  outside_clients: Client[];
  all_clients: string[];
}

describe.skipIf(!nvim.bin)(`Neovim ${nvim.version ?? ''} headless with docs/editors/neovim/sot.lua`, () => {
  let work: string;
  let project: string;
  let seen: Seen;
  let npxCalled: () => boolean;
  const docs = () => join(project, 'cto', '.sot', '03-PROTOCOLS');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sot-nvim-'));
    project = join(work, 'project');
    cpSync(realDocsDir, docs(), { recursive: true });
    installPackageInto(project, repoRoot);
    writeFileSync(join(work, 'NOTES.md'), '# Notes\n\nA Markdown file in no project.\n');

    // A fresh Neovim home: the user's config is only the documented file.
    const xdg = (name: string) => join(work, 'xdg', name);
    mkdirSync(join(xdg('config'), 'nvim', 'after', 'ftplugin'), { recursive: true });
    symlinkSync(join(repoRoot, 'docs/editors/neovim/sot.lua'), join(xdg('config'), 'nvim', 'after', 'ftplugin', 'markdown.lua'));
    const trap = trapCommands(work, ['npx', 'sot']);
    npxCalled = () => trap.called('npx') || trap.called('sot');
    const env: NodeJS.ProcessEnv = {
      HOME: work,
      PATH: [trap.bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      XDG_CONFIG_HOME: xdg('config'),
      XDG_DATA_HOME: xdg('data'),
      XDG_STATE_HOME: xdg('state'),
      XDG_CACHE_HOME: xdg('cache'),
      TERM: 'dumb',
      SOT_NVIM_PRD: join(docs(), 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md'),
      SOT_NVIM_ISSUES: join(docs(), 'CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md'),
      SOT_NVIM_OUTSIDE: join(work, 'NOTES.md'),
      SOT_NVIM_OUT: join(work, 'seen.json'),
      SOT_NVIM_TIMEOUT_MS: '60000',
    };
    // Started outside the project (its working folder is not the project): the file's path finds it.
    const r = await runAsync(nvim.bin!, ['--headless', '-c', `luafile ${join(repoRoot, 'test/lsp/neovim-driver.lua')}`], work, env, 240_000);
    let text = '';
    try {
      text = readFileSync(join(work, 'seen.json'), 'utf8');
    } catch {
      throw new Error(`Neovim wrote no result (exit ${r.code}): ${r.stdout}${r.stderr}`);
    }
    seen = JSON.parse(text) as Seen;
    if (!seen.ok) throw new Error(`the driver failed: ${seen.error}\n${seen.messages}`);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('starts the project\'s own node_modules/.bin/sot in the project root (never npx), one client for the project', () => {
    expect(seen.filetype).toBe('markdown');
    if (seen.version.major === 0 && seen.version.minor < 8) expect(seen.vim_fs, 'Neovim 0.7 has no vim.fs: the set-up must not need it').toBe(false);
    expect(seen.clients).toHaveLength(1);
    const client = seen.clients[0]!;
    expect(client.name).toBe('sot');
    expect(client.cmd).toEqual([join(project, 'node_modules/.bin/sot'), 'lsp', '--stdio']);
    expect(client.cmd_cwd).toBe(project);
    expect(client.root_dir).toBe(project);
    // The second document of the project joins the same client.
    expect(seen.issues_clients.map((c) => c.id)).toEqual([client.id]);
    expect(seen.all_clients).toEqual(['sot']);
    expect(seen.outside_clients).toEqual([]);
    expect(npxCalled()).toBe(false);
    expect(seen.messages).not.toMatch(/error|E\d{3,}:/i);
  });

  it('opens the real documents and shows the cross-file status-claim-conflict of CTO-WORK-022 where the PRD claims it', () => {
    expect(seen.conflict_seen).toBe(true);
    const conflict = seen.before.find((d) => d.code === 'status-claim-conflict' && d.line === 37)!;
    expect(conflict).toMatchObject({ col: 41, source: 'sot' });
    expect(conflict.message).toContain('this sentence says `CTO-WORK-022` is blocked, but its definition at CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES.md:36 says validated');
    expect(seen.issues_before_seen).toBe(true);
  });

  it('an unsaved edit of the status in the other document clears it', () => {
    expect(seen.edited_line).toBe('Status: validated.');
    expect(seen.conflict_cleared).toBe(true);
    expect(seen.after.filter((d) => d.code === 'status-claim-conflict')).toEqual([]);
    // The rest of the PRD's findings are still there (the server did not just go quiet).
    expect(seen.after.some((d) => d.code === 'unknown-work-item')).toBe(true);
    expect(seen.issues_after_cleared).toBe(true);
    expect(seen.issues_after.filter((d) => d.code === 'validated-with-open-blocker')).toEqual([]);
  });
});
