import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/leaks/redactor.js';
import { leakPolicy } from '../../src/leaks/policy.js';
import { TODAY } from '../helpers/lint.js';
import { sotAsync } from '../leaks/spawn.js';
import { everyOutput, expectNoValue, frontmatter, project } from './helpers.js';

/**
 * Issue 20, the output half of "Why": what `sot lint` (every format), `sot graph` (every format) and
 * `sot explain` printed from a document, a path or the environment that repeated a value, and the
 * opposite failure (messages withheld for a few shared letters). Through the real CLI.
 */

describe('no output echoes a value the documents hold', () => {
  it('a token as a Status value is printed by no format of graph, and not by explain', async () => {
    const token = 'ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2';
    const dir = project({ '.sot/A-ISSUES.md': `${frontmatter('A Issues')}## CTO-WORK-200 - Tok\n\nStatus: ${token}.\n\nAcceptance:\n\n- b\n` });
    const outputs = await everyOutput(dir, ['CTO-WORK-200']);
    expectNoValue(outputs, [token, token.slice(4, 20)]);
    expect(outputs.find((o) => o.what === 'graph json')!.text).toContain('"status": "(value withheld)"');
  });

  it('`filename-title` does not echo a title re-shaped into a file name, in any format', async () => {
    const dir = project({ '.sot/WRONG-NAME.md': `${frontmatter('Spark 100.88.12.7 Issues')}## CTO-WORK-300 - Y\n\nStatus: open.\n\nAcceptance:\n\n- a\n` });
    const outputs = await everyOutput(dir, ['CTO-WORK-300']);
    expectNoValue(outputs, ['100.88.12.7', '100-88-12-7', '88.12.7'], ['100.88.12.7']);
    expect(outputs.find((o) => o.what === 'lint stylish')!.text).toContain('expected `SPARK-(value withheld)-ISSUES.md`');
  });

  it('`## CTO-WORK-100.88.12.7 - X` shows no piece of the address in graph and explain', async () => {
    const dir = project({ '.sot/B-ISSUES.md': `${frontmatter('B Issues')}## CTO-WORK-100.88.12.7 - X\n\nStatus: open.\n\nAcceptance:\n\n- a\n\n## CTO-WORK-400 - Z\n\nStatus: blocked.\n\nAcceptance:\n\n- a\n\nBlocked by:\n\n- \`CTO-WORK-100\`\n` });
    const outputs = await everyOutput(dir, ['CTO-WORK-100', 'CTO-WORK-400']);
    expectNoValue(outputs, ['.88.12.7', '88.12.7', '100.88'], ['88.12.7']);
    expect(outputs.find((o) => o.what === 'graph json')!.text).toContain('"title": "(value withheld) - X"');
  });

  it('file and folder names are scanned: a `no-endpoint-leak` finding at 1:1 naming the component, and every path printed with the value withheld', async () => {
    const dir = project({
      '.sot/10.0.0.5/A-ISSUES.md': `${frontmatter('A Issues')}## CTO-WORK-500 - A\n\nStatus: open.\n\nAcceptance:\n\n- a\n`,
      '.sot/spark1.tail1234.ts.net-ISSUES.md': `${frontmatter('Spark Issues')}## CTO-WORK-501 - B\n\nStatus: open.\n\nAcceptance:\n\n- \`CTO-WORK-500\`\n`,
    });
    const outputs = await everyOutput(dir, ['CTO-WORK-500', 'CTO-WORK-501']);
    expectNoValue(outputs, ['10.0.0.5', 'spark1.tail1234', 'tail1234'], ['10.0.0.5']);
    const json = JSON.parse(outputs.find((o) => o.what === 'lint json')!.text.split('\n').find((l) => l.startsWith('['))!) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    const folder = json.find((r) => r.filePath.includes('/.sot/(value withheld)/A-ISSUES.md'))!;
    expect(folder.messages.find((m) => m.ruleId === 'no-endpoint-leak')).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('in a folder name (path component 2 of 3)') });
    const file = json.find((r) => r.filePath.endsWith('/.sot/(value withheld)-ISSUES.md'))!;
    expect(file.messages.find((m) => m.ruleId === 'no-endpoint-leak')).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('in the file name') });
    expect(outputs.find((o) => o.what === 'lint github')!.text).toContain('file=.sot/(value withheld)/A-ISSUES.md');
    expect(outputs.find((o) => o.what === 'lint sarif')!.text).toContain('"uri": ".sot/(value%20withheld)/A-ISSUES.md"');
  });

  it('fingerprints hash the path as printed: two projects that differ only in the address of a folder name give the same fingerprints', async () => {
    const doc = `${frontmatter('A Issues')}## CTO-WORK-510 - A\n\nStatus: blocked.\n\nAcceptance:\n\n- a\n\nBlocked by:\n\n- \`CTO-WORK-999\`\n`;
    const fps = async (address: string) => {
      const dir = project({ [`.sot/${address}/A-ISSUES.md`]: doc });
      const r = await sotAsync(['lint', '--today', TODAY, '--format', 'json'], { cwd: dir });
      return (JSON.parse(r.stdout) as { messages: { ruleId: string; fingerprint: string }[] }[])[0]!.messages.map((m) => `${m.ruleId} ${m.fingerprint}`);
    };
    const [a, b] = [await fps('10.0.0.5'), await fps('10.0.0.6')];
    expect(a.map((x) => x.split(' ')[0])).toEqual(expect.arrayContaining(['no-endpoint-leak', 'unknown-work-item']));
    expect(a).toEqual(b);
  });

  it('the runtime value is found glued to word characters (`run_100.88.12.7`, `100.88.12.7a`)', async () => {
    const dir = project({ '.sot/C-ISSUES.md': `${frontmatter('C Issues')}## CTO-WORK-600 - C\n\nStatus: open.\n\nAcceptance:\n\n- Ran run_100.88.12.7 and 100.88.12.7a.\n` });
    const env = { CTO_HARNESS_CASE_LOCAL_BASE_URL: 'http://100.88.12.7:8000/v1' };
    const outputs = await everyOutput(dir, ['CTO-WORK-600'], env);
    const json = JSON.parse(outputs.find((o) => o.what === 'lint json')!.text) as { messages: { ruleId: string; line: number; message: string }[] }[];
    const known = json[0]!.messages.filter((m) => m.ruleId === 'no-endpoint-leak' && m.message.includes('runtime value of `CTO_HARNESS_CASE_LOCAL_BASE_URL`'));
    expect(known.length).toBe(2);
    expectNoValue(outputs, ['100.88.12.7'], ['100.88.12.7']);
  });
});

describe('and withholds nothing else', () => {
  it('a message that shares a few letters with a public link a file holds reads as written (the KEP case)', async () => {
    const dir = project({ '.sot/D-ISSUES.md': `${frontmatter('D Issues', 'parent: x\n')}## CTO-WORK-700 - D\n\nStatus: open.\n\nSee https://github.com/foo/current for the current parent.\n\nAcceptance:\n\n- a\n` });
    const r = await sotAsync(['lint', '--today', TODAY, '--format', 'json'], { cwd: dir });
    const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages;
    expect(messages.find((m) => m.ruleId === 'frontmatter-schema')?.message).toBe('frontmatter: unknown key `parent`');
    expect(messages.some((m) => m.message.startsWith('message withheld'))).toBe(false);
  });

  it('the redactor withholds a re-shaped identifying part and nothing that merely shares letters with a value', () => {
    const policy = leakPolicy();
    const r = new Redactor([{ text: 'https://github.com/foo/current', classId: 'url' }, { text: '100.88.12.7', classId: 'ip-address' }], policy);
    for (const ok of ['unknown key parent', 'the current status', 'GitHub issues', 'line 100, column 88', 'version 12.7']) expect(r.text(ok), ok).toBe(ok);
    expect(r.text('SPARK-100-88-12-7-ISSUES.md')).toBe('SPARK-(value withheld)-ISSUES.md');
    expect(r.text('see GITHUB_COM')).toBe('see (value withheld)');
    expect(r.text('.88.12.7 - X')).toBe('.(value withheld) - X');
  });
});
