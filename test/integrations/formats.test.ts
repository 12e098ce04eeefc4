import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { GITHUB_LIMITS, INFORMATION_URI, sarif } from '../../src/format/sarif.js';
import type { LintMessage, LintResult } from '../../src/lint/types.js';
import { RULE_DOCS_BASE, ruleDocsUrl } from '../../src/lsp/rule-docs.js';
import { frontmatter, prdDoc, prdSections } from '../../src/rules/example-docs.js';
import { repoRoot, sot, sotJson, TODAY, type JsonResult } from '../helpers/lint.js';

const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion }; message?: { text: string } }
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; version: string; semanticVersion: string; rules: { id: string; name: string; helpUri: string; help?: { text: string; markdown: string }; shortDescription?: { text: string }; fullDescription?: { text: string }; defaultConfiguration: { level: string } }[] } };
    invocations?: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
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
    // What the multitool's rules and code scanning read: a page per rule, both descriptions, a default level.
    for (const r of rules) {
      expect(r.helpUri).toBe(ruleDocsUrl(r.id));
      expect(existsSync(join(repoRoot, 'docs/rules', `${r.id}.md`))).toBe(true);
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.shortDescription?.text.length).toBeGreaterThan(10);
      expect(r.fullDescription?.text.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(r.defaultConfiguration.level);
    }
    const driver = log.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe(INFORMATION_URI);
    expect(RULE_DOCS_BASE.startsWith(`${driver.informationUri}/`)).toBe(true);
    expect(driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(log.runs[0]!.invocations).toBeUndefined();
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

describe('--format sarif within code scanning\'s limits', () => {
  const message = (i: number, severity: 1 | 2, related = 0): LintMessage => ({
    ruleId: severity === 2 ? 'title-heading' : 'duplicate-list-item',
    severity,
    message: `finding ${i}`,
    line: i + 1,
    column: 1,
    endLine: i + 1,
    endColumn: 2,
    fingerprint: `f${i}`,
    ...(related ? { related: Array.from({ length: related }, (_, k) => ({ filePath: '/r/b.md', line: k + 1, column: 1, endLine: k + 1, endColumn: 2, message: `place ${k}` })) } : {}),
  });
  const result = (messages: LintMessage[]): LintResult => ({
    filePath: '/r/a.md',
    messages,
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    suppressedCount: 0,
  });

  it('over 25,000 results: keeps 25,000, errors first, in order, and says what was left out; over 1,000 locations per result likewise', () => {
    // 24,990 warnings, then 20 errors, and one error with 1,200 related places.
    const messages = [...Array.from({ length: 24_990 }, (_, i) => message(i, 1)), ...Array.from({ length: 20 }, (_, i) => message(24_990 + i, 2)), message(25_010, 2, 1_200)];
    const out = JSON.parse(sarif([result(messages)], { cwd: '/r', color: false })) as SarifLog;
    const run = out.runs[0]!;
    expect(run.results.length).toBe(GITHUB_LIMITS.resultsPerRun);
    expect(run.results.filter((r) => r.level === 'error').length).toBe(21);
    const texts = run.results.map((r) => Number(r.message.text.split(' ')[1]));
    expect(texts).toEqual([...texts].sort((a, b) => a - b));
    expect(texts).not.toContain(24_989);
    const big = run.results.find((r) => r.message.text === 'finding 25010')!;
    expect(big.relatedLocations!.length).toBe(GITHUB_LIMITS.locationsPerResult - 1);
    const notes = run.invocations![0]!.toolExecutionNotifications.map((n) => n.message.text);
    expect(notes[0]).toBe('25011 findings, over code scanning\'s limit of 25000 results per run: this log keeps 25000, errors first, and leaves 11 out (`sot lint --format json` lists every finding)');
    expect(notes[1]).toMatch(/^title-heading at .*a\.md:25011:1 has 1200 related locations; the first 999 are kept/);
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/sarif-schema-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema);
    expect(validate(out)).toBe(true);
  });

  it('at the limit nothing is left out and nothing is said', () => {
    const out = JSON.parse(sarif([result(Array.from({ length: GITHUB_LIMITS.resultsPerRun }, (_, i) => message(i, 1)))], { cwd: '/r', color: false })) as SarifLog;
    expect(out.runs[0]!.results.length).toBe(GITHUB_LIMITS.resultsPerRun);
    expect(out.runs[0]!.invocations).toBeUndefined();
  });
});

describe('--format github', () => {

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
