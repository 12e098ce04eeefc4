import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sot } from './helpers/lint.js';
import { tempDirs } from './helpers/temp.js';

const tempDir = tempDirs('rule-context');

/** Runs ES module code that imports the package by name, as a dependent would, in its own process. */
function runModule(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DOC = '---\ntitle: A PRD\nstatus: active\nowner: cto\ncreated: 2026-01-01\nlast_reviewed: 2026-02-01\n---\n\n# A PRD\n';

describe('a run context reports with the rules it was given (library API)', () => {
  it("a custom rule's defaultSeverity 'warn' gives warnings, and its options reach it", () => {
    const r = runModule(`
      import { defaultConfig, lintInputs } from 'sot-lint';
      const custom = {
        meta: { id: 'custom-words', scope: 'document', description: 'No forbidden word', defaultSeverity: 'warn', tags: [], docs: '',
          schema: { type: 'object', additionalProperties: false, properties: { word: { type: 'string' } } } },
        examples: { ok: [], notOk: [] },
        check(ctx) {
          const word = ctx.ruleOptions.word ?? 'PRD';
          const at = ctx.doc.text.indexOf(word);
          if (at >= 0) ctx.report({ range: { start: at, end: at + word.length }, message: 'found ' + word });
        },
      };
      const run = (config) => lintInputs([{ path: '/v/A-PRD.md', text: ${JSON.stringify(DOC)} }], { config: { ...defaultConfig('/v'), ...config }, today: '2026-03-01', rules: [custom] }).results[0];
      const plain = run({});
      const withOptions = run({ ruleOptions: { 'custom-words': { word: 'active' } } });
      let bad = 'no error';
      try { run({ ruleOptions: { 'custom-words': { word: 3 } } }); } catch (e) { bad = e.constructor.name + ': ' + e.message; }
      process.stdout.write(JSON.stringify({ plain, withOptions, bad }));
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { plain: { messages: { ruleId: string; severity: number; message: string; line: number }[]; warningCount: number; errorCount: number }; withOptions: { messages: { message: string; line: number }[] }; bad: string };
    expect(out.plain.messages.map((m) => [m.ruleId, m.severity, m.message, m.line])).toEqual([['custom-words', 1, 'found PRD', 2]]);
    expect([out.plain.errorCount, out.plain.warningCount]).toEqual([0, 1]);
    expect(out.withOptions.messages.map((m) => [m.message, m.line])).toEqual([['found active', 3]]);
    expect(out.bad).toBe('DataFileError: the configuration: `rules.custom-words` options: `word` must be a string');
  });
});

describe('per-rule options in the config (ESLint shape: [severity, options])', () => {
  const project = (rules: unknown) => {
    const dir = tempDir('opts');
    writeFileSync(join(dir, '.sotrc.json'), JSON.stringify({ include: ['*.md'], rules }));
    writeFileSync(join(dir, 'A-PRD.md'), DOC);
    return dir;
  };

  it('frontmatter-dates `maxReviewAgeDays` is used: an old review is reported', () => {
    const dates = (r: { stdout: string }) => (JSON.parse(r.stdout)[0].messages as { ruleId: string; severity: number; message: string; line: number; column: number }[]).filter((m) => m.ruleId === 'frontmatter-dates');
    const off = sot(['lint', '--format', 'json', '--today', '2026-06-01'], { cwd: project({}) });
    expect(off.stderr).toBe('');
    expect(dates(off)).toEqual([]);
    const on = sot(['lint', '--format', 'json', '--today', '2026-06-01'], { cwd: project({ 'frontmatter-dates': ['warn', { maxReviewAgeDays: 90 }] }) });
    expect(on.stderr).toBe('');
    expect(dates(on).map((m) => [m.ruleId, m.severity, m.line, m.column, m.message])).toEqual([
      ['frontmatter-dates', 1, 6, 16, '`last_reviewed` 2026-02-01 is 120 days old, more than the 90 days `maxReviewAgeDays` allows; review the document and update the date'],
    ]);
    const young = sot(['lint', '--format', 'json', '--today', '2026-06-01'], { cwd: project({ 'frontmatter-dates': ['warn', { maxReviewAgeDays: 200 }] }) });
    expect(dates(young)).toEqual([]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an option of the wrong type', { 'frontmatter-dates': ['error', { maxReviewAgeDays: '90' }] }, /`rules\.frontmatter-dates` options: `maxReviewAgeDays` must be an integer/],
    ['an unknown option', { 'frontmatter-dates': ['error', { maxReviewAge: 90 }] }, /`rules\.frontmatter-dates` options: unknown key `maxReviewAge`/],
    ['options for a rule that takes none', { 'title-heading': ['warn', {}] }, /`rules\.title-heading`: the rule takes no options; give its severity alone/],
    ['options that are not an object', { 'frontmatter-dates': ['error', 90] }, /`rules\.frontmatter-dates\.1` must be an object/],
    ['a bad severity in the array form', { 'frontmatter-dates': ['eror', {}] }, /`rules\.frontmatter-dates\.0` must be one of: `off`, `warn`, `error`/],
  ];
  for (const [name, rules, message] of bad) {
    it(`${name}: a config error, exit 2, naming the config file`, () => {
      const r = sot(['lint'], { cwd: project(rules) });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sot: invalid .*\.sotrc\.json:\n {2}- /);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }
});

describe('rules stand alone', () => {
  it('importing the rules reads no data file; building a run context with evidence-gate on loads them', () => {
    const r = runModule(`
      import fs from 'node:fs';
      const read = [];
      for (const name of ['readFileSync', 'openSync']) {
        const orig = fs[name];
        fs[name] = function (p, ...rest) { read.push(String(p)); return orig.call(this, p, ...rest); };
      }
      const { evidenceGate } = await import('./dist/rules/evidence-gate.js');
      await import('./dist/lint/registry.js');
      const atImport = read.filter((p) => /\\.(ya?ml|json)$/.test(p));
      const { RunContext } = await import('./dist/lint/engine.js');
      const { defaultConfig } = await import('./dist/config/config.js');
      const before = read.length;
      new RunContext(defaultConfig('/v'), { rules: [evidenceGate] });
      const { loadStage2Rules } = await import('./dist/gate/load-rules.js');
      process.stdout.write(JSON.stringify({ atImport, loadedByContext: read.length > before, stage2: typeof loadStage2Rules().gates }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { atImport: string[]; loadedByContext: boolean; stage2: string };
    expect(out.atImport).toEqual([]);
    expect(out.loadedByContext).toBe(true);
    expect(out.stage2).toBe('object');
  });
});
