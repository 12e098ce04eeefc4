import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp.js';
import { LspClient, uri } from './client.js';

const tempDir = tempDirs('lsp-config-error');

describe('the language server and a config a run context refuses', () => {
  const clients: LspClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.shutdown().catch(() => c.child.kill());
  });

  // A rule option its schema refuses (or a broken leak patterns file) is found when the run
  // context is built, after the config file itself was read: the server says so and lints with
  // the default configuration, as for any broken config, instead of ending on an unhandled rejection.
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a rule option of the wrong type', { '.sotrc.json': JSON.stringify({ rules: { 'frontmatter-dates': ['warn', { maxReviewAgeDays: 'soon' }] } }) }, /invalid .*\.sotrc\.json: `rules\.frontmatter-dates` options: `maxReviewAgeDays` must be an integer/],
    ['a broken leak patterns file', { '.sotrc.json': JSON.stringify({ leaks: { patternsFile: 'p.yaml' } }), 'p.yaml': 'hosts:\n  privateSuffixes: nope\n' }, /invalid .*p\.yaml/],
  ];
  for (const [name, files, message] of cases) {
    it(`${name}: reported, the default configuration used, the server still answers`, async () => {
      const dir = tempDir('ws');
      mkdirSync(join(dir, '.sot'));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
      const path = join(dir, '.sot', 'A-PRD.md');
      const text = '---\ntitle: A PRD\n---\n\n# Another Title\n';
      writeFileSync(path, text);
      const c = LspClient.start(dir);
      clients.push(c);
      // The server shows a broken config with window/showMessageRequest (showErrorMessage).
      c.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
        c.logs.push(p.message);
        return null;
      });
      await c.initialize(dir);
      await c.open(uri(path), text);
      const ds = await c.diagnostics(uri(path), (d) => d.some((x) => x.code === 'title-heading'));
      expect(ds.map((d) => d.code)).toContain('title-heading');
      for (let t = 0; t < 100 && !message.test(c.logs.join('\n')); t++) await new Promise((r) => setTimeout(r, 100));
      expect(c.logs.join('\n')).toMatch(message);
      expect(c.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
    });
  }
});
