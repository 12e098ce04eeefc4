import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp.js';
import { sot, TODAY } from '../helpers/lint.js';
import { FM, put } from './cases.mjs';

/**
 * Every file the tool writes (the `--fix`ed documents, the `--cache` shards and the cache folder's
 * .gitignore, the Stage 2 gate's `provider-local-config-unavailable.txt`, `sot init`'s
 * .sotrc.yaml and hook) goes through writeFileAtomic: temp file in the same folder, fsync, rename.
 * These tests kill the process in the middle of writing and show the old or the new content,
 * never a torn file:
 *  - deterministically, with a preload that lets the write reach half of its bytes and then
 *    SIGKILLs the process (a control shows the same kill tears a plain write);
 *  - at random moments, many times over, while a loop keeps rewriting a large file.
 */

const atomicModule = pathToFileURL(fileURLToPath(new URL('../../dist/files/atomic.js', import.meta.url))).href;
const tempDir = tempDirs('atomic');

/**
 * A preload that SIGKILLs the process halfway through writing a file whose name contains `match`
 * (with `tmpOnly`, only the temp files writeFileAtomic makes: `.<name>.<pid>.<hex>.tmp`).
 */
function killHook(dir: string, match: string, tmpOnly = true): Record<string, string> {
  const hook = join(dir, 'kill-hook.mjs');
  writeFileSync(
    hook,
    `import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const realOpen = fsp.open;
fsp.open = async function (path, ...rest) {
  const handle = await realOpen.call(this, path, ...rest);
  const p = String(path);
  if (p.includes(${JSON.stringify(match)}) && (${!tmpOnly} || p.endsWith('.tmp'))) {
    handle.writeFile = async (data) => {
      const bytes = Buffer.from(data);
      await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      await handle.sync();
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    };
  }
  return handle;
};
syncBuiltinESMExports();
`,
  );
  return { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` };
}

function node(script: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

const tempFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic under SIGKILL', () => {
  const OLD = 'old content\n'.repeat(50_000);
  const NEW = 'new content\n'.repeat(60_000);

  it('killed halfway through its write: the target still holds the old content, whole', () => {
    const dir = tempDir('lib');
    const target = put(dir, 'doc.md', OLD);
    const r = node(`import { writeFileAtomic } from ${JSON.stringify(atomicModule)}; await writeFileAtomic(${JSON.stringify(target)}, 'new content\\n'.repeat(60_000));`, killHook(dir, 'doc.md'));
    expect(r.signal).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    // What the kill interrupted is a temp file beside it, half written: proof the kill was mid-write.
    const [tmp] = tempFiles(dir);
    expect(tmp).toMatch(/^\.doc\.md\.\d+\.[0-9a-f]+\.tmp$/);
    expect(readFileSync(join(dir, tmp!), 'utf8').length).toBe(NEW.length / 2);
  });

  it('control: the same kill tears a plain (non-atomic) write', () => {
    const dir = tempDir('control');
    const target = put(dir, 'doc.md', OLD);
    const r = node(`import { open } from 'node:fs/promises'; const h = await open(${JSON.stringify(target)}, 'w'); await h.writeFile('new content\\n'.repeat(60_000));`, killHook(dir, 'doc.md', false));
    expect(r.signal).toBe('SIGKILL');
    const torn = readFileSync(target, 'utf8');
    expect(torn).not.toBe(OLD);
    expect(torn).not.toBe(NEW);
  });

  it('killed at 12 random moments while rewriting a 2 MB file in a loop: always one whole version', async () => {
    const dir = tempDir('random');
    const A = `${'A'.repeat(2 * 1024 * 1024 - 1)}\n`;
    const B = `${'B'.repeat(2 * 1024 * 1024 + 4097)}\n`;
    const target = put(dir, 'doc.md', A);
    const script = `import { writeFileAtomic } from ${JSON.stringify(atomicModule)};
const A = 'A'.repeat(2 * 1024 * 1024 - 1) + '\\n', B = 'B'.repeat(2 * 1024 * 1024 + 4097) + '\\n';
process.stdout.write('ready\\n');
for (let i = 0; ; i++) await writeFileAtomic(${JSON.stringify(target)}, i % 2 ? A : B);`;
    let seed = 20261121;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(rand() * 400)));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const content = readFileSync(target, 'utf8');
      expect(content === A || content === B, `round ${round}: ${content.length} bytes, starts ${content.slice(0, 8)}`).toBe(true);
    }
  });
});

describe('every file the CLI writes is old or new after a kill mid-write', () => {
  it('sot lint --fix', () => {
    const dir = tempDir('fix');
    // No H1: title-heading's fix inserts `# Fix Issues` after the frontmatter.
    const doc = `${FM('Fix Issues').replace('# Fix Issues\n\n', '')}## CTO-WORK-001 - Item\n\nStatus: open.\n\nAcceptance:\n\n- Done.\n\n${'Filler text for a larger file.\n\n'.repeat(20_000)}`;
    const target = put(dir, '.sot/FIX-ISSUES.md', doc);
    const killed = sot(['--fix', '--today', TODAY], { cwd: dir, env: killHook(dir, 'FIX-ISSUES.md') });
    expect(killed.code).toBeNull(); // killed
    expect(readFileSync(target, 'utf8')).toBe(doc);
    const fixed = sot(['--fix', '--today', TODAY], { cwd: dir });
    expect(fixed.stderr).toContain('sot: fixed 1 problem in 1 file');
    expect(readFileSync(target, 'utf8')).toBe(doc.replace('---\n\nLocal planning', '---\n\n# Fix Issues\n\nLocal planning'));
  });

  it('sot lint --cache: shards are whole after a kill, and the next run agrees with an uncached run', () => {
    const dir = tempDir('cache');
    for (let i = 0; i < 40; i++) put(dir, `.sot/C${i}-ISSUES.md`, `${FM(`C${i} Issues`)}## CTO-WORK-${String(100 + i)} - Item\n\nStatus: open.\n\nAcceptance:\n\n- Done ${i}.\n`);
    const cacheDir = join(dir, 'cache');
    const args = ['--format', 'json', '--cache', '--cache-location', cacheDir, '--today', TODAY];
    expect(sot(args, { cwd: dir }).code).toBe(0);
    const before = shardsOf(cacheDir);
    put(dir, '.sot/C7-ISSUES.md', `${FM('C7 Issues')}## CTO-WORK-107 - Item\n\nStatus: bogus.\n`);
    expect(sot(args, { cwd: dir, env: killHook(dir, '.jsonl') }).code).toBeNull();
    for (const [name, text] of Object.entries(shardsOf(cacheDir))) {
      expect(text === before[name] || text.endsWith('\n'), name).toBe(true);
    }
    const cached = sot(args, { cwd: dir });
    const uncached = sot(['--format', 'json', '--today', TODAY], { cwd: dir });
    expect(cached.stdout).toBe(uncached.stdout);
    expect(cached.code).toBe(1);
  });

  it('sot gate stage2: provider-local-config-unavailable.txt is absent or whole', () => {
    const dir = tempDir('gate');
    const env = { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined as unknown as string };
    const killed = sot(['gate', 'stage2', '--backend-dir', 'backend'], { cwd: dir, env: { ...env, ...killHook(dir, 'provider-local-config-unavailable') } });
    expect(killed.code).toBeNull();
    expect(existsSync(join(dir, 'backend/provider-local-config-unavailable.txt'))).toBe(false);
    const r = sot(['gate', 'stage2', '--backend-dir', 'backend'], { cwd: dir, env });
    expect(r.code).toBe(1);
    const text = readFileSync(join(dir, 'backend/provider-local-config-unavailable.txt'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('CTO_HARNESS_CASE_LOCAL_BASE_URL');
  });

  it('sot init: .sotrc.yaml is absent or whole', () => {
    const dir = tempDir('init');
    expect(sot(['init'], { cwd: dir, env: killHook(dir, '.sotrc.yaml') }).code).toBeNull();
    expect(existsSync(join(dir, '.sotrc.yaml'))).toBe(false);
    expect(sot(['init'], { cwd: dir }).code).toBe(0);
    const text = readFileSync(join(dir, '.sotrc.yaml'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    // The written config is one the tool accepts.
    expect(sot(['--print-config', 'x.md'], { cwd: dir }).code).toBe(0);
  });
});

/** Every file under the cache folder, by relative name. */
function shardsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.tmp')) out[p.slice(dir.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
