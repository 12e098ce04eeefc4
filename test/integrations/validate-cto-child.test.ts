import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VALIDATE_CTO_CHILD_PATH, VALIDATE_CTO_CHILD_SCRIPT } from '../../src/cli/init-command.js';
import { realDocsDir, repoRoot, sot, TODAY } from '../helpers/lint.js';
import { cleanEnv, cleanIssues, cleanPrd, commandExists, git, installPackageInto, run, tempRepo, trapCommands, writeFiles } from './helpers.js';

/**
 * `sot init --validate-cto-child` and the script it writes, run with the real `python3` in a
 * temporary git repository holding a copy of the real documents, with sot-lint installed the way
 * npm installs a dependency (node_modules/sot-lint, and the bin link node_modules/.bin/sot).
 */
/** The interpreter \`python3\` starts (resolved once: a pyenv shim would need PATH entries the runs below take away). */
const PYTHON = commandExists('python3') ? run('python3', ['-c', 'import sys; print(sys.executable)'], repoRoot).stdout.trim() : '';
const HAVE_PYTHON = PYTHON !== '';
if (!HAVE_PYTHON) console.warn('SKIPPED test/integrations/validate-cto-child.test.ts (the runs of the script): `python3` is not installed');

/** A PATH with node and the system's tools but no `sot`, and an `npx` that records being called. */
function pathWithout(dir: string): { PATH: string; npxCalled: () => boolean; trapBin: string } {
  const trap = trapCommands(dir, ['npx']);
  return { PATH: [trap.bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'), npxCalled: () => trap.called('npx'), trapBin: trap.bin };
}

const installInto = (dir: string) => installPackageInto(dir, repoRoot);

describe('sot init --validate-cto-child', () => {
  it('writes tools/validate_cto_child.py (executable), keeps a different file without --force, and --help documents it', () => {
    const dir = tempRepo();
    const r = sot(['init', '--validate-cto-child', '--no-config'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'wrote tools/validate_cto_child.py: `python3 tools/validate_cto_child.py [ARGS…]` now runs `sot lint [ARGS…]`\n', stderr: '' });
    expect(existsSync(join(dir, '.sotrc.yaml'))).toBe(false);
    const script = join(dir, VALIDATE_CTO_CHILD_PATH);
    expect(readFileSync(script, 'utf8')).toBe(VALIDATE_CTO_CHILD_SCRIPT);
    expect(statSync(script).mode & 0o111).toBe(0o111);

    // The same script again: nothing to do.
    expect(sot(['init', '--validate-cto-child', '--no-config'], { cwd: dir })).toMatchObject({ code: 0, stdout: "kept tools/validate_cto_child.py: it is already this version's script\n" });

    // The team's old validator is there: kept, exit 1, until --force.
    const old = '#!/usr/bin/env python3\nprint("old validator")\n';
    writeFileSync(script, old);
    const kept = sot(['init', '--validate-cto-child', '--no-config'], { cwd: dir });
    expect(kept).toMatchObject({ code: 1, stdout: 'kept tools/validate_cto_child.py: a different file exists (the old validator?); use --force to replace it\n' });
    expect(readFileSync(script, 'utf8')).toBe(old);
    const forced = sot(['init', '--validate-cto-child', '--no-config', '--force'], { cwd: dir });
    expect(forced).toMatchObject({ code: 0, stdout: 'wrote tools/validate_cto_child.py (replacing the file that was there): `python3 tools/validate_cto_child.py [ARGS…]` now runs `sot lint [ARGS…]`\n' });
    expect(readFileSync(script, 'utf8')).toBe(VALIDATE_CTO_CHILD_SCRIPT);

    // With the config (the default), both are written.
    const both = tempRepo();
    expect(sot(['init', '--validate-cto-child'], { cwd: both }).stdout).toBe('wrote .sotrc.yaml\nwrote tools/validate_cto_child.py: `python3 tools/validate_cto_child.py [ARGS…]` now runs `sot lint [ARGS…]`\n');

    const help = sot(['init', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--validate-cto-child  write tools/validate_cto_child.py');
    expect(help.stdout).toContain('python3 tools/validate_cto_child.py [ARGS…]');
  });

  it('the script imports only the Python standard library and never mentions running npx', () => {
    const imports = [...VALIDATE_CTO_CHILD_SCRIPT.matchAll(/^(?:import|from) (\w+)/gm)].map((m) => m[1]!);
    expect(imports.sort()).toEqual(['os', 'shutil', 'subprocess', 'sys']);
    expect(VALIDATE_CTO_CHILD_SCRIPT).not.toMatch(/\[\s*["']npx["']/);
    if (HAVE_PYTHON) {
      const check = run(PYTHON, ['-c', 'import sys; print(" ".join(sorted(sys.stdlib_module_names)) if hasattr(sys, "stdlib_module_names") else "")'], repoRoot);
      const stdlib = check.stdout.trim().split(' ');
      if (stdlib.length > 1) for (const m of imports) expect(stdlib).toContain(m);
    }
  });
});

describe.skipIf(!HAVE_PYTHON)('python3 tools/validate_cto_child.py in a repository with the real documents', () => {
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let npxCalled: () => boolean;
  const py = (args: string[], cwd = repo, e = env) => run(PYTHON, [join(repo, VALIDATE_CTO_CHILD_PATH), ...args], cwd, e);

  beforeAll(() => {
    repo = tempRepo({}, 'sot-validate-cto-child-');
    cpSync(realDocsDir, join(repo, 'cto', '.sot', '03-PROTOCOLS'), { recursive: true });
    installInto(repo);
    writeFiles(repo, { '.gitignore': 'node_modules/\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'documents');
    const w = pathWithout(repo);
    npxCalled = w.npxCalled;
    env = cleanEnv({ PATH: w.PATH });
    // Installed through the repository's own sot, as a user would after npm install.
    const init = run(join(repo, 'node_modules/.bin/sot'), ['init', '--validate-cto-child', '--no-config'], repo, env);
    expect(init.code).toBe(0);
  });

  it('exit 1 with the real documents: exactly what sot lint prints (the cross-file status-claim-conflict of CTO-WORK-022 included)', () => {
    const r = py(['--today', TODAY]);
    const direct = run(join(repo, 'node_modules/.bin/sot'), ['lint', '--today', TODAY], repo, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(direct.stdout);
    expect(r.stdout).toMatch(/37:41\s+warning\s+this sentence says `CTO-WORK-022` is blocked, but its definition at CTO-CASE-LOCAL-PROVIDER-ROUTE-ISSUES\.md:36 says validated.*status-claim-conflict/);
    expect(r.stderr).toBe('');
    expect(npxCalled()).toBe(false);
  });

  it('passes its arguments through: a format, named files, --max-warnings; a usage error is exit 2', () => {
    const one = py(['--format', 'json', '--today', TODAY, 'cto/.sot/03-PROTOCOLS/CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md']);
    expect(one.code).toBe(0); // this PRD has warnings only
    const results = JSON.parse(one.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    expect(results.map((x) => x.filePath)).toEqual([join(repo, 'cto/.sot/03-PROTOCOLS/CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md')]);
    expect(results[0]!.messages.find((m) => m.ruleId === 'status-claim-conflict')).toMatchObject({ line: 37, column: 41 });
    expect(py(['--max-warnings', '0', '--today', TODAY, 'cto/.sot/03-PROTOCOLS/CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md']).code).toBe(1);
    const usage = py(['--format', 'xml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown format "xml"');
    // An argument with spaces and quotes arrives as one argument.
    const odd = py(['--format', 'json', 'no such "file" here.md']);
    expect(odd.stdout + odd.stderr).toContain('no such "file" here.md');
  });

  it('exit 0 once the documents are valid; run from a subfolder it still finds the repository\'s sot', () => {
    const clean = tempRepo({ '.sot/A-PRD.md': cleanPrd('A PRD'), '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']) }, 'sot-validate-clean-');
    installInto(clean);
    expect(run(join(clean, 'node_modules/.bin/sot'), ['init', '--validate-cto-child', '--no-config'], clean, env).code).toBe(0);
    const r = run(PYTHON, ['../tools/validate_cto_child.py', '--today', TODAY, '.'], join(clean, '.sot'), env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('without sot-lint: exit 2 and a message saying where it looked; never npx; a sot on PATH is used', () => {
    const bare = mkdtempSync(join(tmpdir(), 'sot-validate-bare-'));
    mkdirSync(join(bare, 'tools'));
    writeFileSync(join(bare, VALIDATE_CTO_CHILD_PATH), VALIDATE_CTO_CHILD_SCRIPT);
    const w = pathWithout(bare);
    const e = cleanEnv({ PATH: w.PATH });
    const r = run(PYTHON, [VALIDATE_CTO_CHILD_PATH, '--today', TODAY], bare, e);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `validate_cto_child.py: sot-lint is not installed: there is no node_modules/.bin/sot in ${bare} or a folder above it, and no 'sot' on PATH. Install it in this repository (npm install --save-dev sot-lint; in CI, npm ci) and run this again.\n`,
    );
    expect(w.npxCalled()).toBe(false);

    // A global install (sot on PATH) is the fallback.
    const global = join(bare, 'global-bin');
    mkdirSync(global);
    symlinkSync(join(repoRoot, 'dist/cli/sot.cjs'), join(global, 'sot'));
    const viaPath = run(PYTHON, [VALIDATE_CTO_CHILD_PATH, '--print-config', 'x.md'], bare, cleanEnv({ PATH: `${global}:${w.PATH}` }));
    expect(viaPath.stderr).toBe('');
    expect(viaPath.code).toBe(0);
    expect(JSON.parse(viaPath.stdout)).toHaveProperty('include');

    // node missing: said, not a bare "env: node: No such file".
    installInto(bare);
    const noNode = run(PYTHON, [VALIDATE_CTO_CHILD_PATH], bare, cleanEnv({ PATH: w.trapBin }));
    expect(noNode.code).toBe(2);
    expect(noNode.stderr).toBe(`validate_cto_child.py: found ${join(bare, 'node_modules/.bin/sot')}, but 'node' is not on PATH: sot-lint needs Node.js 20 or later.\n`);
    rmSync(bare, { recursive: true, force: true });
  });
});
