import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sotAsync } from '../leaks/spawn.js';
import { expectNoValue, LINT_FORMATS, project } from './helpers.js';

/**
 * Issue 20, "file and folder names are scanned" for `sot scan`: a log or report is named after the
 * machine it came from as often as a document is. Through the real CLI, every format.
 */

interface ScanResult { filePath: string; messages: { ruleId: string; line: number; column: number; message: string; fingerprint: string }[] }

async function scanAll(dir: string, args: string[] = []): Promise<{ what: string; text: string; code: number | null }[]> {
  const out = [];
  for (const f of LINT_FORMATS) {
    const r = await sotAsync(['scan', '--format', f, ...args], { cwd: dir });
    out.push({ what: `scan ${f}`, text: r.stdout + r.stderr, code: r.code });
  }
  return out;
}

const json = (text: string) => JSON.parse(text.split('\n').find((l) => l.startsWith('['))!) as ScanResult[];

describe('sot scan: values in file and folder names', () => {
  it('an address in a folder name and in a file name: a finding at 1:1 naming the component, the path printed with the value withheld', async () => {
    const dir = project({ 'logs/box-10.1.2.3/run-192.168.7.9.log': 'all good\n', 'logs/plain.log': 'nothing here\n' });
    const outputs = await scanAll(dir);
    expect(outputs.every((o) => o.code === 1)).toBe(true);
    expectNoValue(outputs, ['10.1.2.3', '192.168.7.9', '10.1.2', '168.7.9'], ['10.1.2.3', '192.168.7.9']);
    const results = json(outputs.find((o) => o.what === 'scan json')!.text);
    const log = results.find((r) => r.filePath.endsWith('/logs/box-(value withheld)/run-(value withheld).log'))!;
    expect(log.messages.map((m) => [m.ruleId, m.line, m.column, /in (a folder name \(path component 2 of 3\)|the file name)/.exec(m.message)?.[1]])).toEqual([
      ['no-endpoint-leak', 1, 1, 'a folder name (path component 2 of 3)'],
      ['no-endpoint-leak', 1, 1, 'the file name'],
    ]);
    expect(results.find((r) => r.filePath.endsWith('/logs/plain.log'))!.messages).toEqual([]);
    expect(outputs.find((o) => o.what === 'scan github')!.text).toContain('file=logs/box-(value withheld)/run-(value withheld).log');
    expect(outputs.find((o) => o.what === 'scan sarif')!.text).toContain('logs/box-(value%20withheld)/run-(value%20withheld).log');
  });

  it('a file named after a value it holds (a host:port inside, the host in the name) prints the name with the host withheld', async () => {
    const dir = project({ 'spark7-notes.txt': 'endpoint spark7:8000 answered\n' });
    const outputs = await scanAll(dir);
    expectNoValue(outputs, ['spark7']);
    expect(json(outputs.find((o) => o.what === 'scan json')!.text)[0]!.filePath).toMatch(/\/\(value withheld\)-notes\.txt$/);
  });

  it('a Tailscale name as a folder, a credential-looking file name, and a skipped binary named after an address', async () => {
    const dir = project({ 'spark1.tail1234.ts.net/trace.txt': 'ok\n', 'ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2.txt': 'ok\n' });
    writeFileSync(join(dir, 'core-100.88.12.7.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]));
    const outputs = await scanAll(dir);
    expectNoValue(outputs, ['spark1', 'tail1234', 'ghp_Ab1Cd2', 'Ab1Cd2Ef3Gh4', '100.88.12.7', '88.12.7'], ['100.88.12.7']);
    const stylish = outputs.find((o) => o.what === 'scan stylish')!.text;
    expect(stylish).toMatch(/1 binary skipped \(core-\(value withheld\)\.bin\)/);
    const results = json(outputs.find((o) => o.what === 'scan json')!.text);
    const cred = results.find((r) => r.filePath.endsWith('/(value withheld).txt'))!;
    expect(cred.messages[0]).toMatchObject({ ruleId: 'no-endpoint-leak', line: 1, column: 1, message: expect.stringContaining('in the file name') });
  });

  it('fingerprints hash the path as printed: two folders that differ only in the withheld address give the same fingerprints', async () => {
    const a = project({ '10.0.0.5/x.log': 'token ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2\n' });
    const b = project({ '10.0.0.6/x.log': 'token ghp_Zb1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx9\n' });
    const fp = async (dir: string) => json((await sotAsync(['scan', '--format', 'json'], { cwd: dir })).stdout)[0]!.messages.map((m) => m.fingerprint);
    const [fa, fb] = [await fp(a), await fp(b)];
    expect(fa).toHaveLength(2);
    expect(fa).toEqual(fb);
  });
});
