import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sot, sotJson } from '../helpers/lint.js';
import { cleanIssues, cleanPrd, git, tempRepo, writeFiles } from './helpers.js';

/** `sot lint --staged` driven with real git: what is linted is what the index holds. */
const noGitEnv = { GIT_DIR: undefined, GIT_INDEX_FILE: undefined, GIT_WORK_TREE: undefined };
const staged = (cwd: string, ...args: string[]) => sotJson(['lint', '--staged', ...args], { cwd, env: noGitEnv });
const rules = (r: ReturnType<typeof staged>) => r.results.flatMap((x) => x.messages.map((m) => `${x.filePath.slice(x.filePath.lastIndexOf('/') + 1)}:${m.line} ${m.ruleId}`));

describe('sot lint --staged (real git)', () => {
  it('judges a partially staged file by its staged version, and reports the working-tree path', () => {
    const repo = tempRepo({ '.sot/A-PRD.md': cleanPrd('A PRD') });
    const path = join(repo, '.sot/A-PRD.md');
    // Stage a broken H1, then repair the working tree without staging the repair.
    writeFileSync(path, cleanPrd('A PRD').replace('# A PRD', '# Wrong Title'));
    git(repo, 'add', '.sot/A-PRD.md');
    writeFileSync(path, cleanPrd('A PRD'));
    const r = staged(repo);
    expect(r.code).toBe(1);
    expect(r.results.map((x) => x.filePath)).toEqual([path]);
    expect(rules(r)).toEqual(['A-PRD.md:12 title-heading']);
    // The working tree itself is clean.
    expect(sotJson(['lint', '.sot/A-PRD.md'], { cwd: repo, env: noGitEnv }).code).toBe(0);

    // The other way round: a clean staged version passes even though the working tree is broken.
    writeFileSync(path, cleanPrd('A PRD', 'A new scope bullet.'));
    git(repo, 'add', '.sot/A-PRD.md');
    writeFileSync(path, cleanPrd('A PRD').replace('# A PRD', '# Wrong Title'));
    const r2 = staged(repo);
    expect(r2.code).toBe(0);
    expect(r2.results.map((x) => x.filePath)).toEqual([path]);
    expect(r2.results.flatMap((x) => x.messages)).toEqual([]);
    // Nothing staged: an empty report, still valid JSON.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'scope bullet');
    expect(staged(repo)).toMatchObject({ code: 0, results: [] });
  });

  it('builds the graph from the index versions of every project document', () => {
    const repo = tempRepo({ '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-001']), 'notes/README.md': '# not a SOT document\n' });
    // B is deleted from the working tree but not from the index: it still defines CTO-WORK-001.
    rmSync(join(repo, '.sot/B-ISSUES.md'));
    // C exists only in the working tree (never added): it defines nothing the commit can see.
    writeFiles(repo, { '.sot/C-ISSUES.md': cleanIssues('C Issues', ['CTO-WORK-002']) });
    writeFiles(repo, { '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']).replace('- It works.', '- It works after `CTO-WORK-002`.') });
    git(repo, 'add', '.sot/A-ISSUES.md');
    const r = staged(repo);
    expect(r.code).toBe(1);
    // Only the staged file is reported …
    expect(r.results.map((x) => x.filePath)).toEqual([join(repo, '.sot/A-ISSUES.md')]);
    // … but the duplicate definition in the index (deleted in the working tree) is seen,
    // and the id defined only in an unstaged file is unknown to the commit.
    expect(rules(r)).toContain('A-ISSUES.md:16 duplicate-work-item');
    expect(rules(r).some((x) => x.endsWith('unknown-work-item'))).toBe(true);
    expect(r.results[0]!.messages.find((m) => m.ruleId === 'unknown-work-item')!.message).toContain('CTO-WORK-002');
  });

  it('reports only staged documents; committed ones with findings stay out of the report', () => {
    const repo = tempRepo({ '.sot/OLD-PRD.md': cleanPrd('OLD PRD').replace('# OLD PRD', '# Stale') });
    writeFiles(repo, { '.sot/NEW-PRD.md': cleanPrd('NEW PRD'), 'src/code.ts': 'export {};\n' });
    git(repo, 'add', '-A');
    const r = staged(repo);
    expect(r.code).toBe(0);
    expect(r.results.map((x) => x.filePath)).toEqual([join(repo, '.sot/NEW-PRD.md')]);
  });

  it('lints a staged file that was deleted from the working tree, and renamed files under their new name', () => {
    const repo = tempRepo({ '.sot/A-PRD.md': cleanPrd('A PRD') });
    git(repo, 'mv', '.sot/A-PRD.md', '.sot/Z-PRD.md');
    const r = staged(repo);
    expect(r.results.map((x) => x.filePath)).toEqual([join(repo, '.sot/Z-PRD.md')]);
    expect(rules(r)).toEqual(['Z-PRD.md:2 filename-title']);
    rmSync(join(repo, '.sot/Z-PRD.md'));
    expect(rules(staged(repo))).toEqual(['Z-PRD.md:2 filename-title']);
  });

  it('named paths narrow the scope; nothing staged is a quiet exit 0', () => {
    const repo = tempRepo({ '.sot/KEEP-PRD.md': cleanPrd('KEEP PRD') });
    expect(sot(['lint', '--staged'], { cwd: repo, env: noGitEnv })).toMatchObject({ code: 0, stdout: '' });
    writeFiles(repo, { '.sot/A-PRD.md': cleanPrd('A PRD').replace('# A PRD', '# Bad'), '.sot/B-PRD.md': cleanPrd('B PRD').replace('# B PRD', '# Bad') });
    git(repo, 'add', '-A');
    const r = staged(repo, '.sot/B-PRD.md');
    expect(r.results.map((x) => x.filePath)).toEqual([join(repo, '.sot/B-PRD.md')]);
    expect(staged(repo).results).toHaveLength(2);
    // A staged file outside the project's include globs is not a SOT document.
    const other = tempRepo();
    writeFiles(other, { 'docs/readme.md': '# hello\n' });
    git(other, 'add', '-A');
    expect(sot(['lint', '--staged'], { cwd: other, env: noGitEnv })).toMatchObject({ code: 0, stdout: '' });
  });

  it('judges with the config as staged: the index version of a tracked config file, an untracked one as it is', () => {
    const broken = cleanPrd('A PRD').replace('# A PRD', '# Wrong Title');
    const repo = tempRepo({ '.sotrc.yaml': 'rules:\n  title-heading: error\n', '.sot/A-PRD.md': cleanPrd('A PRD') });
    writeFiles(repo, { '.sot/A-PRD.md': broken });
    git(repo, 'add', '.sot/A-PRD.md');
    // Turning the rule off in the working tree only does not change what the commit is judged by …
    writeFiles(repo, { '.sotrc.yaml': 'rules:\n  title-heading: off\n' });
    expect(rules(staged(repo))).toEqual(['A-PRD.md:12 title-heading']);
    // … while a plain lint reads the working tree's config.
    expect(sotJson(['lint', '.sot/A-PRD.md'], { cwd: repo, env: noGitEnv }).code).toBe(0);
    // Staging the config change is what turns the rule off for the commit.
    git(repo, 'add', '.sotrc.yaml');
    expect(staged(repo)).toMatchObject({ code: 0 });
    // Deleted from the working tree but not from the index: the commit still has it.
    rmSync(join(repo, '.sotrc.yaml'));
    expect(staged(repo)).toMatchObject({ code: 0 });
    expect(sotJson(['lint', '.sot/A-PRD.md'], { cwd: repo, env: noGitEnv }).code).toBe(1);
    // The staged config is read as staged: a staged syntax error is the config's error (exit 2).
    writeFiles(repo, { '.sotrc.yaml': 'rules: [\n' });
    git(repo, 'add', '.sotrc.yaml');
    writeFiles(repo, { '.sotrc.yaml': 'rules:\n  title-heading: off\n' });
    const bad = sot(['lint', '--staged'], { cwd: repo, env: noGitEnv });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.sotrc.yaml');

    // An untracked config is local configuration: read from the working tree.
    const local = tempRepo({ '.sot/A-PRD.md': cleanPrd('A PRD') });
    writeFiles(local, { '.sot/A-PRD.md': broken, '.sotrc.yaml': 'rules:\n  title-heading: off\n' });
    git(local, 'add', '.sot/A-PRD.md');
    expect(staged(local)).toMatchObject({ code: 0 });
    // So is one only marked with intent to add (`git add -N`: the commit will not hold it).
    git(local, 'add', '-N', '.sotrc.yaml');
    expect(staged(local)).toMatchObject({ code: 0 });
  });

  it('outside a git repository it is a usage error (exit 2), and --fix cannot be combined with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-nogit-'));
    const r = sot(['lint', '--staged'], { cwd: dir, env: { ...noGitEnv, GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sot: git rev-parse failed: fatal: not a git repository/);
    expect(sot(['lint', '--staged', '--fix'], { cwd: dir }).code).toBe(2);
  });
});
