import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/format/github.js';
import { frontmatter, prdDoc, prdSections } from '../../src/rules/example-docs.js';
import { repoRoot, sot, sotJson, TODAY, type JsonResult } from '../helpers/lint.js';

const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion }; message?: { text: string } }
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; help?: { text: string; markdown: string }; shortDescription?: { text: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[]; partialFingerprints: Record<string, string>; relatedLocations?: SarifLocation[] }[];
  }[];
}

describe('--format sarif', () => {
  let log: SarifLog;
  let json: JsonResult[];
  let code: number | null;
  beforeAll(() => {
    const r = sot(['lint', '.sot-fixtures/real', '--format', 'sarif', '--today', TODAY]);
    code = r.code;
    log = JSON.parse(r.stdout) as SarifLog;
    json = sotJson(['lint', '.sot-fixtures/real']).results;
  });

  it('validates against the official SARIF 2.1.0 JSON Schema (schemas/sarif-schema-2.1.0.json) with ajv', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/sarif-schema-2.1.0.json'), 'utf8')) as { title: string };
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    // The schema is third-party data: it does not pass ajv's strict mode (e.g. `required` inside anyOf).
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator is live: a log with a wrong version or a bad level fails.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const broken = structuredClone(log);
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
    expect(code).toBe(1);
  });

  it('has one result per message, in the same order, with the same fingerprints', () => {
    const messages = json.flatMap((r) => r.messages);
    const results = log.runs[0]!.results;
    expect(results.length).toBe(messages.length);
    expect(results.length).toBeGreaterThan(5);
    results.forEach((res, i) => {
      const m = messages[i]!;
      expect(res.ruleId).toBe(m.ruleId);
      expect(res.level).toBe(m.severity === 2 ? 'error' : 'warning');
      expect(res.partialFingerprints).toEqual({ 'sotFindingHash/v1': m.fingerprint });
      expect(res.locations[0]!.physicalLocation.region).toEqual({ startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn });
    });
  });

  it('lists every rule with help text from the rule docs, and results point at their rule', () => {
    const rules = log.runs[0]!.tool.driver.rules;
    const ids = rules.map((r) => r.id);
    for (const id of ['title-heading', 'duplicate-list-item', 'authority-banner', 'file-unreadable']) expect(ids).toContain(id);
    for (const r of rules) {
      expect(r.help?.text.length).toBeGreaterThan(20);
      expect(r.help?.markdown).toBe(r.help?.text);
    }
    expect(rules.find((r) => r.id === 'title-heading')!.help!.text).toContain('The fix sets the H1 text to the frontmatter title');
    for (const res of log.runs[0]!.results) expect(rules[res.ruleIndex]!.id).toBe(res.ruleId);
  });

  it('uses repository-relative URIs against %SRCROOT%, which resolve to the files', () => {
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(new URL(`file://${repoRoot.endsWith('/') ? repoRoot : `${repoRoot}/`}`).href);
    for (const res of run.results) {
      for (const loc of [...res.locations, ...(res.relatedLocations ?? [])]) {
        const { uri, uriBaseId } = loc.physicalLocation.artifactLocation;
        expect(uriBaseId).toBe('%SRCROOT%');
        expect(uri).toMatch(/^\.sot-fixtures\/real\//);
        expect(readFileSync(join(repoRoot, decodeURIComponent(uri)), 'utf8').length).toBeGreaterThan(0);
      }
    }
  });

  it('carries graph and duplicate findings\' other places as relatedLocations', () => {
    const results = log.runs[0]!.results;
    const dup = results.find((r) => r.ruleId === 'duplicate-list-item')!;
    expect(dup.relatedLocations?.[0]?.physicalLocation.region.startLine).toBe(35);
    expect(dup.relatedLocations?.[0]?.message?.text.length).toBeGreaterThan(0);
    const graph = results.filter((r) => r.relatedLocations?.some((l) => l.physicalLocation.artifactLocation.uri !== r.locations[0]!.physicalLocation.artifactLocation.uri));
    // Cross-file rules (duplicate-work-item, status-claim-conflict, …) relate places in other files.
    expect(graph.length).toBeGreaterThan(0);
  });
});

describe('--format github', () => {
  it('escapes like the Actions toolkit', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('dir,x/a:b%\n.md')).toBe('dir%2Cx/a%3Ab%25%0A.md');
  });

  it('prints ::error/::warning commands with escaped properties, columns only on single-line ranges', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-gh-'));
    mkdirSync(join(dir, '.sot', 'a,b:c'), { recursive: true });
    const banner = 'Local planning SOT only. Not a Core Protocol. Not active Core authority.';
    // H1 differs from the title (single-line error, message with %, : and ,); a two-line paragraph
    // where the banner should be (multi-line error); a repeated bullet (warning).
    writeFileSync(
      join(dir, '.sot', 'a,b:c', 'A-PRD.md'),
      `${frontmatter('A PRD')}\n# 100% done, really: yes\n\nLocal planning SOT only.\nSomething else.\n\n- one thing\n- one thing\n`,
    );
    writeFileSync(join(dir, '.sot', 'B-PRD.md'), `${frontmatter('B PRD')}\n# B PRD\n\n${banner}\n`);
    const r = sot(['lint', '--format', 'github', '--today', TODAY], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    const file = '.sot/a%2Cb%3Ac/A-PRD.md';
    const h1 = lines.find((l) => l.includes('title=title-heading'))!;
    expect(h1).toMatch(new RegExp(`^::error file=${file.replace(/[.%]/g, '\\$&')},line=12,col=3,endLine=12,endColumn=\\d+,title=title-heading::H1 .*100%25 done, really: yes`));
    const bannerLine = lines.find((l) => l.includes('title=authority-banner'))!;
    expect(bannerLine).toMatch(/^::error file=[^,]+,line=14,endLine=15,title=authority-banner::/);
    expect(bannerLine).not.toContain('col=');
    expect(lines.some((l) => l.startsWith('::warning ') && l.includes('title=duplicate-list-item'))).toBe(true);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=[^:,]+,line=\d+,(col=\d+,endLine=\d+,endColumn=\d+|endLine=\d+),title=[a-z-]+::[^\r\n]+$/);
  });

  it('prints nothing for a clean project', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-gh-clean-'));
    mkdirSync(join(dir, '.sot'));
    writeFileSync(join(dir, '.sot', 'B-PRD.md'), prdDoc(prdSections(), 'B PRD'));
    const r = sot(['lint', '--format', 'github', '--today', TODAY], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
