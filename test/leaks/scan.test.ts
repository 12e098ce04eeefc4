import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakPolicy } from '../../src/leaks/policy.js';
import { scanStream } from '../../src/leaks/stream.js';
import { binPath, sot } from '../helpers/lint.js';

const policy = leakPolicy();
const ENDPOINT = 'http://100.101.102.103:8000/v1';

interface JsonOut {
  filePath: string;
  messages: { ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

describe('sot scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sot-scan-'));
    mkdirSync(join(dir, 'backend'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'backend', 'run.log'), `start\nconnecting to ${ENDPOINT} ok\nssh jp@spark1 uptime\n`);
    writeFileSync(join(dir, 'backend', 'report.json'), JSON.stringify({ run_id: 'r1', base_url: 'http://10.0.0.5:8000/v1', status: 'fail' }, null, 2));
    writeFileSync(join(dir, 'backend', 'argv.txt'), 'harness --model qwen3.6-35b-a3b --api-key 9f8e7d6c5b4a3928\n');
    writeFileSync(join(dir, 'backend', 'clean.txt'), 'CTO_HARNESS_CASE_LOCAL_BASE_URL=missing\nversion 1.2.3.4\n');
    writeFileSync(join(dir, 'backend', 'blob.bin'), Buffer.from([0, 1, 2, 3, 255, 0, 10]));
    writeFileSync(join(dir, 'node_modules', 'x', 'leak.txt'), ENDPOINT);
    writeFileSync(join(dir, '.git', 'leak.txt'), ENDPOINT);
    writeFileSync(join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`host ${ENDPOINT}\n`, 'utf16le')]));
  });

  const json = (args: string[], env: Record<string, string | undefined> = {}) => {
    const r = sot(['scan', ...args, '--format', 'json'], { cwd: dir, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined, ...env } });
    return { code: r.code, results: JSON.parse(r.stdout || '[]') as JsonOut[], stdout: r.stdout, stderr: r.stderr };
  };
  const byFile = (results: JsonOut[]) => Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)]));

  it('finds leaks in any text file, skips binaries (reported), .git and node_modules; exit 1', () => {
    const r = json(['.']);
    expect(r.code).toBe(1);
    expect(byFile(r.results)).toEqual({
      'backend/argv.txt': ['1:43 no-endpoint-leak'],
      'backend/blob.bin': ['1:1 file-unreadable'],
      'backend/clean.txt': [],
      'backend/report.json': ['3:16 no-endpoint-leak'],
      'backend/run.log': ['2:15 no-endpoint-leak', '3:5 no-endpoint-leak'],
      'utf16.txt': ['1:6 no-endpoint-leak'],
    });
    const skipped = r.results.find((x) => x.filePath.endsWith('blob.bin'))!.messages[0]!;
    expect(skipped.severity).toBe(1);
    expect(skipped.message).toContain('skipped');
    expect(r.stderr).toContain('1 binary skipped');
    expect(r.stderr).toContain('CTO_HARNESS_CASE_LOCAL_BASE_URL missing');
  });

  it('exit 0 when clean, 2 for a path that does not exist', () => {
    expect(json(['backend/clean.txt']).code).toBe(0);
    const missing = sot(['scan', 'nope.log'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.log');
  });

  it('an unreadable file is exit 2', () => {
    // Root reads a mode-000 file: as root (CI), sot runs as `nobody` instead, in a folder it may enter.
    const locked = mkdtempSync(join(tmpdir(), 'sot-scan-locked-'));
    chmodSync(locked, 0o755);
    writeFileSync(join(locked, 'locked.txt'), `x ${ENDPOINT}\n`, { mode: 0o000 });
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, [binPath, 'scan', 'locked.txt'], { cwd: locked, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^locked\.txt\n {2}1:1 {2}error {4}permission denied: the file cannot be read; check its permissions {2}file-unreadable$/m);
    expect(r.stderr).toContain('1 unreadable');
    expect(r.stdout + r.stderr).not.toContain('100.101.102.103');
  });

  it('reads stdin with -', () => {
    const r = sot(['scan', '-', '--format', 'json'], { cwd: dir, input: `argv: curl ${ENDPOINT}\n` });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonOut[];
    expect(out[0]!.filePath).toBe('<stdin>');
    expect(out[0]!.messages.map((m) => `${m.line}:${m.column}`)).toEqual(['1:12']);
  });

  it('searches for the runtime value of --known-env variables in every written form', () => {
    const value = 'http://gpu-node.example.org:8443/v1';
    writeFileSync(join(dir, 'forms.txt'), [
      'as is: http://gpu-node.example.org:8443/v1',
      'encoded: http%3A%2F%2Fgpu-node.example.org%3A8443%2Fv1',
      'json: "http:\\/\\/gpu-node.example.org:8443\\/v1"',
      'no scheme: gpu-node.example.org:8443/v1',
      'host only: gpu-node.example.org',
      // Glued to other characters it is still the value (issue 20): found wherever it occurs.
      'glued: gpu-node.example.org.evil.io and xgpu-node.example.org',
    ].join('\n'));
    const r = json(['forms.txt', '--known-env', 'MY_ENDPOINT'], { MY_ENDPOINT: value });
    expect(r.results[0]!.messages.map((m) => m.line)).toEqual([1, 2, 3, 4, 5, 6, 6]);
    expect(r.stderr).toContain('MY_ENDPOINT present');
    expect(r.stdout + r.stderr).not.toContain('gpu-node');
    // Without the variable set, reserved names are never flagged.
    expect(json(['forms.txt', '--known-env', 'MY_ENDPOINT']).results[0]!.messages).toEqual([]);
  });

  it('defaults to leaks.knownEnv (CTO_HARNESS_CASE_LOCAL_BASE_URL); a status-word value is not searched for', () => {
    writeFileSync(join(dir, 'k.txt'), 'saw gpu-node.example.org\nvalue missing\n');
    expect(json(['k.txt'], { CTO_HARNESS_CASE_LOCAL_BASE_URL: 'http://gpu-node.example.org:8443/v1' }).results[0]!.messages.length).toBe(1);
    const status = json(['k.txt'], { CTO_HARNESS_CASE_LOCAL_BASE_URL: 'missing' });
    expect(status.results[0]!.messages).toEqual([]);
    expect(status.stderr).toContain('status word');
  });

  it('usage errors are exit 2', () => {
    expect(sot(['scan', '--nope'], { cwd: dir }).code).toBe(2);
    expect(sot(['scan', '--format', 'xml', '.'], { cwd: dir }).code).toBe(2);
    expect(sot(['scan', '--known-env', 'not a name', '.'], { cwd: dir }).code).toBe(2);
    const help = sot(['scan', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sot scan');
    expect(sot(['--help']).stdout).toContain('sot scan');
  });
});

describe('streaming scanner', () => {
  const scan = (text: string | Buffer, segment?: number, chunk = 7) => {
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
    return scanStream(Readable.from(chunks), { policy, segment, overlap: segment ? Math.floor(segment / 4) : undefined });
  };

  it('reports the same positions whatever the chunk and segment sizes', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? `line ${i} ${ENDPOINT} end` : `line ${i} nothing to see here`));
    const text = lines.join('\n');
    const expected = lines.flatMap((l, i) => (l.includes(ENDPOINT) ? [`${i + 1}:${l.indexOf('http') + 1}`] : []));
    for (const [segment, chunk] of [[undefined, 7], [64, 5], [100, 1], [1000, 333]] as const) {
      const r = await scan(text, segment, chunk);
      expect(r.findings.map((f) => `${f.line}:${f.column}`), `segment ${segment}`).toEqual(expected);
    }
  });

  it('finds a value that straddles a forced cut in a line with no whitespace', async () => {
    const filler = 'x'.repeat(150);
    const text = `${filler}/${ENDPOINT}/${filler}`; // one 300+ character run, segment 128
    const r = await scan(text, 128, 16);
    expect(r.findings.map((f) => `${f.line}:${f.column}`)).toEqual([`1:${filler.length + 2}`]);
  });

  it('handles CRLF, a UTF-8 BOM and multi-byte characters split across chunks', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`é日本\r\nbox ${ENDPOINT}\r\n`)]);
    const r = await scan(text, undefined, 1);
    expect(r.findings.map((f) => `${f.line}:${f.column}`)).toEqual(['2:5']);
  });

  it('reports a binary stream as skipped, with nothing scanned', async () => {
    const r = await scan(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, ...Buffer.from(ENDPOINT)]));
    expect(r.binary).toContain('binary');
    expect(r.findings).toEqual([]);
  });

  it('streams a large file in bounded segments', async () => {
    const line = `${'ok '.repeat(30)}\n`;
    const big = line.repeat(40_000) + `tail ${ENDPOINT}\n`; // ~3.7 MB
    const r = await scan(big, undefined, 1 << 16);
    expect(r.findings.map((f) => f.line)).toEqual([40_001]);
  });
});
