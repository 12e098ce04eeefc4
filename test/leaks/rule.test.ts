import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { quote } from '../../src/lint/quote.js';
import { prdDoc } from '../../src/rules/example-docs.js';
import { lintTexts, repoRoot, sot, sotJson } from '../helpers/lint.js';

const LEAK = 'no-endpoint-leak';
const leaks = (run: ReturnType<typeof lintTexts>) => run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === LEAK));
const messagesOf = (text: string, config = {}) => lintTexts({ 'EXAMPLE-PRD.md': text }, config).results[0]!.messages;
const body = (b: string) => prdDoc(`## Scope\n\n${b}`);
// prdDoc bodies start on line 16; `## Scope`, a blank line, then the body from line 18.

describe('no-endpoint-leak on the real documents', () => {
  it('reports nothing in the reconstructed documents (and the earlier revision)', () => {
    const run = sotJson(['.sot-fixtures/real'], { cwd: repoRoot });
    expect(run.results.length).toBeGreaterThanOrEqual(5);
    expect(run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === LEAK))).toEqual([]);
  });

  it('reports nothing in the raw (mangled) copies and does not crash on them', () => {
    const dir = join(repoRoot, '.sot-fixtures/raw');
    const files = readdirSync(dir).map((f) => join('.sot-fixtures/raw', f));
    const run = sotJson(files, { cwd: repoRoot });
    expect(run.code).not.toBe(2);
    expect(run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === LEAK || m.ruleId === 'internal-error'))).toEqual([]);
  });
});

describe('suppression', () => {
  const leakLine = '- See https://status.acme.io for outages.';

  it('sot-disable-next-line no-endpoint-leak with a reason suppresses the next line', () => {
    const msgs = messagesOf(body(`<!-- sot-disable-next-line no-endpoint-leak -- the public status page is cited on purpose -->\n${leakLine}\n`));
    expect(msgs.filter((m) => m.ruleId === LEAK || m.ruleId === 'unused-suppression')).toEqual([]);
  });

  it('only the next line', () => {
    const msgs = messagesOf(body(`<!-- sot-disable-next-line no-endpoint-leak -- cited on purpose -->\n${leakLine}\n${leakLine}\n`));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => m.line)).toEqual([20]);
  });

  it('a block directive does not suppress it and is an error', () => {
    const msgs = messagesOf(body(`<!-- sot-disable no-endpoint-leak -- trying -->\n${leakLine}\n<!-- sot-enable no-endpoint-leak -->\n`));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => m.line)).toEqual([19]);
    const d = msgs.find((m) => m.ruleId === 'unused-suppression')!;
    expect(d.severity).toBe(2);
    expect(d.message).toContain('sot-disable cannot suppress `no-endpoint-leak`');
  });

  it('an all-rules next-line directive does not suppress it', () => {
    const msgs = messagesOf(body(`<!-- sot-disable-next-line -- everything -->\n${leakLine}\n`));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => m.line)).toEqual([19]);
  });

  it('an unused directive for it is an error (other rules: a warning)', () => {
    const msgs = messagesOf(body(`<!-- sot-disable-next-line no-endpoint-leak -- stale -->\n- Nothing here.\n\n<!-- sot-disable-next-line duplicate-list-item -- stale -->\n- Nor here.\n`));
    const unused = msgs.filter((m) => m.ruleId === 'unused-suppression').map((m) => [m.line, m.severity]);
    expect(unused).toEqual([
      [18, 2],
      [21, 1],
    ]);
  });

  it('a directive needs a reason', () => {
    const msgs = messagesOf(body(`<!-- sot-disable-next-line no-endpoint-leak -->\n${leakLine}\n`));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => m.line)).toEqual([19]);
    expect(msgs.some((m) => m.ruleId === 'suppression-reason')).toBe(true);
  });

  it('credentials cannot be suppressed, and the directive says so', () => {
    const msgs = messagesOf(body('<!-- sot-disable-next-line no-endpoint-leak -- test token -->\n- `Authorization: Bearer 9f8e7d6c5b4a39281706`\n'));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => [m.line, m.unsuppressible])).toEqual([[19, true]]);
    const d = msgs.find((m) => m.ruleId === 'unused-suppression')!;
    expect(d.severity).toBe(2);
    expect(d.message).toContain('credentials cannot be suppressed');
  });

  it('a directive inside code is not a directive', () => {
    const msgs = messagesOf(body('```md\n<!-- sot-disable-next-line no-endpoint-leak -- in code -->\n```\n- See https://status.acme.io.\n'));
    expect(msgs.filter((m) => m.ruleId === LEAK).map((m) => m.line)).toEqual([21]);
  });
});

describe('configuration', () => {
  it('leaks.allowedHosts: exact or dot-suffix, never substring', () => {
    const text = body('- https://github.com/acme/x\n- https://docs.github.com/x\n- https://github.com.evil.io/x\n- https://notgithub.com/x\n- https://gitlab.com/x\n');
    const exact = leaks(lintTexts({ 'EXAMPLE-PRD.md': text }, { leaks: { allowedHosts: ['github.com'], knownEnv: [] } })).map((m) => m.line);
    expect(exact).toEqual([19, 20, 21, 22]);
    const suffix = leaks(lintTexts({ 'EXAMPLE-PRD.md': text }, { leaks: { allowedHosts: ['.github.com'], knownEnv: [] } })).map((m) => m.line);
    expect(suffix).toEqual([20, 21, 22]);
    const none = leaks(lintTexts({ 'EXAMPLE-PRD.md': text })).map((m) => m.line);
    expect(none).toEqual([18, 19, 20, 21, 22]);
  });

  it('public-host findings tell how to allow the host', () => {
    const [m] = leaks(lintTexts({ 'EXAMPLE-PRD.md': body('- https://github.com/acme/x\n') }));
    expect(m!.message).toContain('leaks.allowedHosts');
  });

  it('leaks.ignoreClasses turns classes off', () => {
    const text = body('- https://github.com/acme/x and 10.0.0.5\n');
    const all = leaks(lintTexts({ 'EXAMPLE-PRD.md': text })).length;
    const some = leaks(lintTexts({ 'EXAMPLE-PRD.md': text }, { leaks: { allowedHosts: [], knownEnv: [], ignoreClasses: ['url'] } })).length;
    expect([all, some]).toEqual([2, 1]);
  });

  it('leaks.patternsFile extends the lists; a broken one is a usage error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-patterns-'));
    mkdirSync(join(dir, '.sot'));
    writeFileSync(join(dir, '.sot', 'EXAMPLE-PRD.md'), body('- Model box gpu7.spark:8000 and token zq_9f8e7d6c5b4a3928.\n'));
    writeFileSync(join(dir, '.sotrc.yaml'), 'leaks:\n  patternsFile: extra-leaks.yaml\n');
    writeFileSync(join(dir, 'extra-leaks.yaml'), 'hosts:\n  privateSuffixes: [spark]\ntokens:\n  - { name: Example token, prefix: "zq_", charset: "a-f0-9", min: 16, max: 16, digit: true }\n');
    const ok = sotJson(['.sot'], { cwd: dir });
    expect(ok.results[0]!.messages.filter((m) => m.ruleId === LEAK).map((m) => m.message.split(' in ')[0])).toEqual([
      'private-network name with a port',
      'credential (Example token)',
    ]);
    writeFileSync(join(dir, 'extra-leaks.yaml'), 'hosts:\n  privateSuffixes: nope\n');
    const bad = sot(['lint', '.sot'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('extra-leaks.yaml');
    expect(bad.stderr).toContain('privateSuffixes');
  });

  it('the runtime value of a protected variable is found when it is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-knownenv-'));
    mkdirSync(join(dir, '.sot'));
    writeFileSync(join(dir, '.sot', 'EXAMPLE-PRD.md'), body('- Reached spark-gpu.example.net today.\n'));
    const without = sotJson(['.sot'], { cwd: dir, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: undefined } });
    expect(without.results[0]!.messages.filter((m) => m.ruleId === LEAK)).toEqual([]);
    const withEnv = sotJson(['.sot'], { cwd: dir, env: { CTO_HARNESS_CASE_LOCAL_BASE_URL: 'http://spark-gpu.example.net:8000/v1' } });
    const found = withEnv.results[0]!.messages.filter((m) => m.ruleId === LEAK);
    expect(found.map((m) => m.line)).toEqual([18]);
    expect(found[0]!.message).toContain('runtime value of `CTO_HARNESS_CASE_LOCAL_BASE_URL`');
    expect(JSON.stringify(withEnv.results)).not.toContain('spark-gpu');
  });
});

describe('no other rule echoes a value', () => {
  it('quote() withholds anything the detector reports, and shows the rest', () => {
    expect(quote('http://100.101.102.103:8000/v1')).toBe('(value withheld)');
    expect(quote('Spark box spark1.tail1234.ts.net')).toBe('(value withheld)');
    expect(quote('CTO_HARNESS_CASE_LOCAL_BASE_URL=missing')).toBe('`CTO_HARNESS_CASE_LOCAL_BASE_URL=missing`');
    expect(quote('jp@acme.com wrote version 1.2.3.4')).toBe('`jp@acme.com wrote version 1.2.3.4`');
  });

  it('a value in the title is not repeated by the title and file-name rules, even re-shaped', () => {
    const text = prdDoc('## Scope\n\n- x\n', 'CTO Spark gpu7.tail9f3e.ts.net PRD').replace('# CTO Spark gpu7.tail9f3e.ts.net PRD', '# Other Title');
    const run = lintTexts({ 'WRONG-NAME-PRD.md': text });
    const out = JSON.stringify(run.results).toLowerCase();
    expect(out).not.toContain('tail9f3e');
    expect(out).not.toContain('gpu7');
    const names = run.results[0]!.messages.map((m) => m.ruleId);
    expect(names).toContain('filename-title');
    expect(names).toContain('title-heading');
  });

  it('a value in a directive rule list is withheld from the unused-suppression message', () => {
    const msgs = messagesOf(body('<!-- sot-disable-next-line 10.1.2.3:8000 -- testing -->\n- x\n'));
    const m = msgs.find((x) => x.ruleId === 'unused-suppression')!;
    expect(m.message).not.toContain('10.1.2');
    expect(m.message).toContain('withheld');
  });

  it('other rules keep their ranges off a value (a range end would tell its length)', () => {
    const run = lintTexts({ 'EXAMPLE-PRD.md': prdDoc('## Scope\n\n- x\n', 'Example PRD').replace('# Example PRD', '# Example 10.1.2.3 PRD') });
    const h1 = run.results[0]!.messages.find((m) => m.ruleId === 'title-heading')!;
    expect(h1.endColumn).toBeLessThanOrEqual('# Example '.length + 1);
  });

  it('rules still run and report normally when the rule is off', () => {
    const cfg = { ...defaultConfig('/virtual'), rules: { [LEAK]: 'off' as const } };
    const msgs = lintTexts({ 'EXAMPLE-PRD.md': body('<!-- sot-disable-next-line 10.1.2.3:8000 -- testing -->\n- x\n') }, cfg).results[0]!.messages;
    expect(msgs.some((m) => m.ruleId === LEAK)).toBe(false);
    expect(JSON.stringify(msgs)).not.toContain('10.1.2');
  });
});

describe('where a leak is: names taken from the document', () => {
  it('a frontmatter key is named only when it is not itself a finding (a secret used as a key is not a label)', () => {
    const key = 'AKIAQWERTYUIOPAS1234';
    const withSecretKey = prdDoc('## Scope\n\nText.\n').replace('route: cto', `route: cto\n${key}: http://100.101.102.103:8000/v1`);
    const msgs = messagesOf(withSecretKey).filter((m) => m.ruleId === LEAK);
    expect(msgs.length).toBeGreaterThanOrEqual(2); // the key (a credential) and the value (an endpoint)
    expect(msgs.some((m) => /in the frontmatter/.test(m.message))).toBe(true);
    expect(JSON.stringify(msgs)).not.toContain(key);
    expect(JSON.stringify(msgs)).not.toContain(key.slice(4, 12));
    // An ordinary key is still named.
    const plain = messagesOf(prdDoc('## Scope\n\nText.\n').replace('route: cto', 'route: cto\nbase_url: http://10.0.0.5:8000')).filter((m) => m.ruleId === LEAK);
    expect(plain.map((m) => m.message).join('\n')).toContain('frontmatter value of `base_url`');
  });
});
