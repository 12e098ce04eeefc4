import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/lint.js';
import { cleanEnv, cleanIssues, cleanPrd, commandExists, git, LEAKED_ENDPOINT, run, runAsync, tempRepo, writeFiles } from './helpers.js';

/**
 * The real pre-commit framework (Debian package `pre-commit`) installs this repository's
 * .pre-commit-hooks.yaml hook (`language: node`: npm install, npm pack, npm install -g, as for any
 * user) into a temporary git repository, and real `git commit`s run it.
 */
const HAVE_PRE_COMMIT = commandExists('pre-commit');
if (!HAVE_PRE_COMMIT) {
  console.warn('SKIPPED test/integrations/pre-commit.test.ts: the `pre-commit` command is not installed (apt-get install -y pre-commit; .ci/run installs it when it can).');
}

/** What the hook repository needs: what `npm install` builds from (prepare), and the hook definition. */
const SNAPSHOT = ['package.json', 'package-lock.json', 'tsconfig.json', '.npmrc', '.pre-commit-hooks.yaml', 'src', 'rules', 'schemas', 'scripts/bundle-vendor.mjs', 'scripts/vendor-patches.mjs', 'scripts/bundle-cli.mjs'];

function listFiles(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((n) => listFiles(join(path, n))) : [path];
}

/**
 * A git repository holding the current sources, committed deterministically (fixed dates), so the
 * same sources give the same path and commit and pre-commit reuses its installed environment.
 */
function hookRepository(): { url: string; rev: string } {
  const h = createHash('sha256');
  for (const entry of SNAPSHOT) {
    for (const f of listFiles(join(repoRoot, entry))) h.update(relative(repoRoot, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  const url = join(tmpdir(), `sot-lint-hook-repo-${h.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(url, '.git'))) {
    rmSync(url, { recursive: true, force: true });
    mkdirSync(url);
    for (const entry of SNAPSHOT) {
      mkdirSync(dirname(join(url, entry)), { recursive: true });
      cpSync(join(repoRoot, entry), join(url, entry), { recursive: true });
    }
    git(url, 'init', '-q', '-b', 'main');
    git(url, 'add', '-A');
    const fixed = { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };
    const r = run('git', ['commit', '-q', '--no-verify', '-m', 'sot-lint snapshot'], url, cleanEnv(fixed));
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return { url, rev: git(url, 'rev-parse', 'HEAD').trim() };
}

describe.skipIf(!HAVE_PRE_COMMIT)('pre-commit framework hook (real pre-commit, real git)', () => {
  const env = cleanEnv({ PRE_COMMIT_HOME: join(tmpdir(), 'sot-lint-pre-commit-home') });
  let repo: string;
  // Asynchronous, so a slow hook run never blocks the test runner's worker.
  const commit = async (message: string) => {
    const r = await runAsync('git', ['commit', '-m', message], repo, env, 600_000);
    return { code: r.code, out: r.stdout + r.stderr };
  };
  const unstage = (path: string) => {
    git(repo, 'rm', '-q', '--cached', path);
    rmSync(join(repo, path));
  };

  beforeAll(async () => {
    const hooks = hookRepository();
    repo = tempRepo(
      {
        '.pre-commit-config.yaml': `repos:\n  - repo: ${hooks.url}\n    rev: ${hooks.rev}\n    hooks:\n      - id: sot-lint\n`,
        '.sot/A-PRD.md': cleanPrd('A PRD'),
        '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']),
      },
      'sot-pre-commit-',
    );
    const installed = run('pre-commit', ['install'], repo, env);
    if (installed.code !== 0) throw new Error(`pre-commit install failed: ${installed.stdout}${installed.stderr}`);
    // Installing the node environment (npm install, npm pack → tsc, npm install -g) takes a while
    // the first time for a given source snapshot; later runs reuse it.
    const hooksInstalled = await runAsync('pre-commit', ['install-hooks'], repo, env, 900_000);
    if (hooksInstalled.code !== 0) throw new Error(`pre-commit install-hooks failed: ${hooksInstalled.stdout}${hooksInstalled.stderr}`);
  }, 900_000);

  it('a clean commit passes', async () => {
    writeFiles(repo, { '.sot/B-PRD.md': cleanPrd('B PRD') });
    git(repo, 'add', '.sot/B-PRD.md');
    const r = await commit('add B PRD');
    expect(r.out).toMatch(/sot-lint\.+Passed/);
    expect(r.code).toBe(0);
  });

  it('a commit adding a leaked endpoint is refused, and the output never shows the value', async () => {
    // The leak alone must refuse the commit (the document is otherwise clean).
    const text = cleanPrd('C PRD', `Endpoint: ${LEAKED_ENDPOINT}`);
    writeFiles(repo, { '.sot/C-PRD.md': text });
    git(repo, 'add', '.sot/C-PRD.md');
    const r = await commit('add C PRD');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/sot-lint\.+Failed/);
    expect(r.out).toContain('.sot/C-PRD.md');
    expect(r.out).not.toContain('100.101.102.103');
    // The refusal is the redacted no-endpoint-leak finding, and only that.
    expect(r.out).toMatch(/\d+:\d+\s+error\s+.*no-endpoint-leak/);
    expect(r.out).toMatch(/✖ 1 problem \(1 error, 0 warnings\)/);
    expect(git(repo, 'log', '--oneline')).not.toContain('add C PRD');
    unstage('.sot/C-PRD.md');
  });

  it('builds the graph from every SOT document, not only the files pre-commit passes', async () => {
    // Only B-ISSUES.md is passed to the hook; the duplicate definition is in the committed A-ISSUES.md.
    writeFiles(repo, { '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-001']) });
    git(repo, 'add', '.sot/B-ISSUES.md');
    const r = await commit('add B Issues');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\.sot\/B-ISSUES\.md\n\s+16:4\s+error\s+`CTO-WORK-001` \(open\) is also defined at A-ISSUES\.md:16.*duplicate-work-item/);
    // A-ISSUES.md is context, not scope: it gets no report of its own.
    expect(r.out).not.toMatch(/^\.sot\/A-ISSUES\.md$/m);
    unstage('.sot/B-ISSUES.md');
  });

  it('a passing commit hides its warnings unless the hook has `verbose: true` (as docs/pre-commit.md says)', async () => {
    // A repeated bullet: a duplicate-list-item warning, no error.
    writeFiles(repo, { '.sot/D-PRD.md': cleanPrd('D PRD', 'Scope text.') });
    git(repo, 'add', '.sot/D-PRD.md');
    const quiet = await commit('add D PRD');
    expect(quiet.code).toBe(0);
    expect(quiet.out).toMatch(/sot-lint\.+Passed/);
    expect(quiet.out).not.toContain('duplicate-list-item');

    const config = readFileSync(join(repo, '.pre-commit-config.yaml'), 'utf8');
    writeFiles(repo, { '.pre-commit-config.yaml': config.replace('      - id: sot-lint\n', '      - id: sot-lint\n        verbose: true\n') });
    writeFiles(repo, { '.sot/D-PRD.md': `${cleanPrd('D PRD', 'Scope text.')}\nMore text.\n` });
    git(repo, 'add', '.sot/D-PRD.md', '.pre-commit-config.yaml');
    const verbose = await commit('edit D PRD');
    expect(verbose.code).toBe(0);
    expect(verbose.out).toMatch(/sot-lint\.+Passed/);
    expect(verbose.out).toMatch(/\.sot\/D-PRD\.md\n\s+\d+:\d+\s+warning\s+.*duplicate-list-item/);
    writeFiles(repo, { '.pre-commit-config.yaml': config });
    git(repo, 'add', '.pre-commit-config.yaml');
    expect((await commit('quiet again')).code).toBe(0);
  });

  it('a commit touching only an unrelated non-Markdown file does not run the hook', async () => {
    writeFiles(repo, { 'tools/run.py': 'print("hi")\n' });
    git(repo, 'add', 'tools/run.py');
    const r = await commit('add a script');
    expect(r.out).toMatch(/sot-lint\.+\(no files to check\)Skipped/);
    expect(r.code).toBe(0);
  });
});
