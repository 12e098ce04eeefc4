import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sot, TODAY } from '../helpers/lint.js';
import { run, tempRepo } from './helpers.js';

/**
 * Microsoft's SARIF multitool (`validate`) on our SARIF, with its default SARIF rules and GitHub's
 * ingestion rules (`--rule-kind "Sarif;Gh"`). The npm package `@microsoft/sarif-multitool` ships a
 * self-contained Linux binary (no .NET needed) in `@microsoft/sarif-multitool-linux`. It is 100 MB,
 * so it is not a dev dependency (every `npm install` of sot-lint, the pre-commit framework's
 * included, would fetch it): the test installs it once per machine into a folder of the system's
 * temporary directory, or uses SARIF_MULTITOOL (a path to the binary). Skipped, saying why, where
 * neither works.
 */
const VERSION = '5.7.0';

function findMultitool(): { bin?: string; why?: string } {
  if (process.env.SARIF_MULTITOOL) return { bin: process.env.SARIF_MULTITOOL };
  if (process.platform !== 'linux' || process.arch !== 'x64') return { why: `the package's binary is for linux-x64, this is ${process.platform}-${process.arch}` };
  const prefix = join(tmpdir(), `sot-lint-sarif-multitool-${VERSION}`);
  const bin = join(prefix, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
    const r = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `@microsoft/sarif-multitool@${VERSION}`], prefix, process.env, 600_000);
    if (r.code !== 0 || !existsSync(bin)) return { why: `npm install @microsoft/sarif-multitool@${VERSION} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}` };
  }
  const v = run(bin, ['--version'], prefix, process.env, 120_000);
  if (v.code !== 0) return { why: `${bin} --version failed (${v.code}): ${(v.stderr || v.stdout).trim().slice(0, 300)}` };
  return { bin };
}

const found = findMultitool();
if (!found.bin) console.warn(`SKIPPED test/integrations/sarif-multitool.test.ts: ${found.why}`);

interface Finding { ruleId: string; level: string; text: string }

/** Runs `validate` and returns what it found at the given levels (its own SARIF log, read back). */
function validate(sarifText: string, levels = 'Error;Warning'): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'sot-sarif-validate-'));
  writeFileSync(join(dir, 'in.sarif'), sarifText);
  // The binary itself, not the package's bin.js: that one runs through a shell, which splits "Sarif;Gh".
  const r = run(found.bin!, ['validate', '--rule-kind', 'Sarif;Gh', '--level', levels, '-o', join(dir, 'out.sarif'), join(dir, 'in.sarif')], dir, process.env, 300_000);
  if (r.code !== 0 || !existsSync(join(dir, 'out.sarif'))) throw new Error(`multitool validate failed (${r.code}): ${r.stdout}${r.stderr}`);
  const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8').replace(/^\uFEFF/, '')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string } }[] }[] };
  return (log.runs[0]?.results ?? []).map((x) => ({ ruleId: x.ruleId, level: x.level ?? 'warning', text: x.message.text ?? '' }));
}

describe.skipIf(!found.bin)(`SARIF multitool ${VERSION} validate (SARIF and GitHub rules)`, () => {
  it('finds nothing at warning or error level in the SARIF of the real documents, odd file names and a file outside the repository', () => {
    const real = sot(['lint', '.sot-fixtures/real', '--format', 'sarif', '--today', TODAY]);
    expect(real.code).toBe(1);
    expect(validate(real.stdout)).toEqual([]);

    // A repository with a file name that needs URI escaping, and a document outside it (an absolute file: URI).
    const repo = tempRepo();
    const docs = join(repo, 'docs', 'ünï çødé #1', '.sot');
    cpSync(join(repoRoot, '.sot-fixtures/real/cto/.sot/03-PROTOCOLS'), docs, { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'sot-sarif-outside-'));
    cpSync(join(repoRoot, '.sot-fixtures/real/cto/.sot/03-PROTOCOLS/CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md'), join(outside, 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md'));
    const odd = sot(['lint', '--format', 'sarif', '--today', TODAY, 'docs', join(outside, 'CTO-CASE-SPARK-ENDPOINT-CONFIG-PRD.md')], { cwd: repo });
    expect(odd.code).toBe(1);
    const log = JSON.parse(odd.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].some((u) => u.startsWith('docs/%C3%BCn%C3%AF%20%C3%A7%C3%B8d%C3%A9%20%231/'))).toBe(true);
    expect([...uris].some((u) => u.startsWith('file:///'))).toBe(true);
    expect(validate(odd.stdout)).toEqual([]);
  });

  it('the notes it leaves are the ones we choose to leave (and no others)', () => {
    const real = sot(['lint', '.sot-fixtures/real', '--format', 'sarif', '--today', TODAY]);
    const notes = new Set(validate(real.stdout, 'Error;Warning;Note').map((f) => f.ruleId));
    // SARIF2002: messages are plain text, not message ids with arguments (no message catalogue).
    // SARIF2003: no versionControlProvenance (the upload action records the commit; a remote URL can carry credentials).
    // SARIF2006: the $schema and helpUri addresses are not reachable from a machine without network.
    // SARIF2009: rule ids are the words users write in suppressions and configs, not `SOT1001`.
    // SARIF2010, SARIF2011: no snippet, no context region: no output ever holds document text (a finding may be about a secret).
    for (const id of notes) expect(['SARIF2002', 'SARIF2003', 'SARIF2006', 'SARIF2009', 'SARIF2010', 'SARIF2011']).toContain(id);
  });

  it('is live: without informationUri it warns SARIF2005, a result without a location is a GitHub error', () => {
    const real = sot(['lint', '.sot-fixtures/real', '--format', 'sarif', '--today', TODAY]);
    const log = JSON.parse(real.stdout) as { runs: { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.tool.driver.informationUri;
    delete log.runs[0]!.results[0]!.locations;
    const found = validate(JSON.stringify(log));
    expect(found.map((f) => f.ruleId)).toContain('SARIF2005');
    // GH1015/GH1017/GH2012: "does not provide a 'locations' array".
    expect(found.filter((f) => f.ruleId.startsWith('GH') && f.level === 'error').length).toBeGreaterThan(0);
  });
});
