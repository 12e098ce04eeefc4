import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultConfig } from '../../src/config/config.js';
import { hookScript } from '../../src/cli/init-command.js';
import { binPath, sot } from '../helpers/lint.js';
import { cleanEnv, cleanPrd, git, run, tempRepo, writeFiles } from './helpers.js';

const noGitEnv = { GIT_DIR: undefined, GIT_INDEX_FILE: undefined, GIT_WORK_TREE: undefined };

describe('sot init', () => {
  it('writes a commented starter .sotrc.yaml that loads as the defaults, and never overwrites it without --force', () => {
    const dir = tempRepo();
    const r = sot(['init'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'wrote .sotrc.yaml\n' });
    const text = readFileSync(join(dir, '.sotrc.yaml'), 'utf8');
    expect(text).toMatch(/^# sot-lint configuration/);
    expect(parseYaml(text)).toBeNull(); // every setting is commented out
    // Uncommenting every example line gives a valid config.
    writeFileSync(join(dir, 'uncommented.yaml'), text.replace(/^# ( *[a-zA-Z-]+:.*)$/gm, '$1'));
    const all = sot(['lint', '--config', 'uncommented.yaml', '--print-config', 'x.md'], { cwd: dir });
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const printed = sot(['lint', '--print-config', 'x.md'], { cwd: dir });
    expect(printed.code).toBe(0);
    const cfg = JSON.parse(printed.stdout) as { file: string; include: string[]; rules: object };
    expect(cfg.file).toBe(join(dir, '.sotrc.yaml'));
    expect(cfg.include).toEqual(defaultConfig(dir).include);

    writeFileSync(join(dir, '.sotrc.yaml'), 'rules: {}\n');
    expect(sot(['init'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'kept .sotrc.yaml: it exists (use --force to replace it)\n' });
    expect(readFileSync(join(dir, '.sotrc.yaml'), 'utf8')).toBe('rules: {}\n');
    expect(sot(['init', '--force'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.sotrc.yaml'), 'utf8')).toBe(text);

    const other = tempRepo();
    writeFileSync(join(other, '.sotrc.json'), '{}');
    expect(sot(['init'], { cwd: other }).stdout).toContain('kept .sotrc.json: this project already has a config');
  });

  it('--hook installs a git pre-commit hook that refuses a bad staged document and passes a clean one (real git commit)', () => {
    const repo = tempRepo({ 'README.txt': 'hello\n' });
    const r = sot(['init', '--hook', '--no-config'], { cwd: repo, env: noGitEnv });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote .git/hooks/pre-commit: commits now run `sot lint --staged --cache`\n');
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    expect(statSync(hook).mode & 0o111).toBe(0o111);
    expect(readFileSync(hook, 'utf8')).toMatch(/^#!\/bin\/sh\n/);

    // The hook judges what is staged: a broken H1 in the index, a repaired working tree.
    writeFiles(repo, { '.sot/A-PRD.md': cleanPrd('A PRD').replace('# A PRD', '# Wrong') });
    git(repo, 'add', '.sot/A-PRD.md');
    writeFiles(repo, { '.sot/A-PRD.md': cleanPrd('A PRD') });
    const refused = run('git', ['commit', '-m', 'bad'], repo, cleanEnv());
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/12:3\s+error\s+H1 `Wrong` differs from the frontmatter title `A PRD`\s+title-heading/);
    expect(git(repo, 'log', '--oneline')).not.toContain('bad');

    git(repo, 'add', '.sot/A-PRD.md');
    const passed = run('git', ['commit', '-m', 'good'], repo, cleanEnv());
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(git(repo, 'log', '--oneline')).toContain('good');
  });

  it('never replaces another pre-commit hook without --force, and honours core.hooksPath', () => {
    const repo = tempRepo();
    writeFiles(repo, { '.git/hooks/pre-commit': '#!/bin/sh\necho mine\n' });
    const r = sot(['init', '--hook', '--no-config'], { cwd: repo, env: noGitEnv });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('kept .git/hooks/pre-commit: a pre-commit hook exists; use --force to replace it');
    expect(readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(sot(['init', '--hook', '--no-config', '--force'], { cwd: repo, env: noGitEnv }).code).toBe(0);
    expect(readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8')).toContain('sot lint --staged');
    // Installing again is a no-op, not a conflict.
    expect(sot(['init', '--hook', '--no-config'], { cwd: repo, env: noGitEnv })).toMatchObject({ code: 0, stdout: expect.stringContaining('already installed') });

    const custom = tempRepo();
    git(custom, 'config', 'core.hooksPath', 'githooks');
    expect(sot(['init', '--hook', '--no-config'], { cwd: custom, env: noGitEnv }).code).toBe(0);
    expect(readFileSync(join(custom, 'githooks', 'pre-commit'), 'utf8')).toContain('sot lint --staged');
  });

  it('--hook replaces, without --force, exactly the hook an earlier version wrote (it started dist/cli/bin.js)', () => {
    const repo = tempRepo();
    const older = hookScript(join(dirname(binPath), 'bin.js'));
    writeFiles(repo, { '.git/hooks/pre-commit': older });
    const r = sot(['init', '--hook', '--no-config'], { cwd: repo, env: noGitEnv });
    expect(r).toMatchObject({ code: 0, stdout: 'wrote .git/hooks/pre-commit (over the hook an earlier version wrote): commits now run `sot lint --staged --cache`\n' });
    expect(readFileSync(join(repo, '.git/hooks/pre-commit'), 'utf8')).toBe(hookScript(binPath));
    // An edited copy of it is someone's own hook now: kept.
    writeFiles(repo, { '.git/hooks/pre-commit': `${older}echo mine\n` });
    expect(sot(['init', '--hook', '--no-config'], { cwd: repo, env: noGitEnv }).code).toBe(1);
  });

  it('--hook outside a git repository is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-init-nogit-'));
    const r = sot(['init', '--hook', '--no-config'], { cwd: dir, env: { ...noGitEnv, GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--hook needs a git repository');
  });
});
