import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp.js';
import { LspClient, uri } from './client.js';

const tempDir = tempDirs('lsp-log-redaction');

/**
 * Issue 20: the editor's log, the indexing progress and the pop-up for a broken config are output
 * too. A workspace folder named after a machine, and a broken config file named after another,
 * must show up in none of them; the diagnostics still arrive.
 */
describe('the language server withholds values in what it logs and shows', () => {
  const clients: LspClient[] = [];
  afterAll(async () => {
    for (const c of clients) await c.shutdown().catch(() => c.child.kill());
  });

  it('folder names, file names and config errors in window/logMessage, $/progress and window/showMessage', async () => {
    const dir = join(tempDir('ws'), 'gpu-box-10.20.30.40');
    mkdirSync(join(dir, '.sot'), { recursive: true });
    writeFileSync(join(dir, '.sotrc.json'), JSON.stringify({ leaks: { patternsFile: 'patterns-192.168.44.9.yaml' } }));
    writeFileSync(join(dir, 'patterns-192.168.44.9.yaml'), 'hosts:\n  privateSuffixes: nope\n');
    const path = join(dir, '.sot', 'A-PRD.md');
    const text = '---\ntitle: A PRD\n---\n\n# Another Title\n';
    writeFileSync(path, text);
    const c = LspClient.start(dir);
    clients.push(c);
    c.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      c.logs.push(p.message);
      return null;
    });
    await c.initialize(dir, { timing: true });
    await c.open(uri(path), text);
    const ds = await c.diagnostics(uri(path), (d) => d.some((x) => x.code === 'title-heading'));
    expect(ds.map((d) => d.code)).toContain('title-heading');
    const seen = () => c.logs.join('\n');
    for (let t = 0; t < 100 && !(/invalid .*patterns-/.test(seen()) && /indexed \d+ documents/.test(seen()) && /per-file/.test(seen())); t++) await new Promise((r) => setTimeout(r, 100));
    // Each kind of line was shown (so the assertions below read real output) ...
    expect(seen()).toMatch(/invalid .*patterns-\(value withheld\)\.yaml/);
    expect(seen()).toMatch(/indexed \d+ documents under .*gpu-box-\(value withheld\)/);
    expect(seen()).toMatch(/per-file .*gpu-box-\(value withheld\)\/\.sot\/A-PRD\.md/);
    expect(seen()).toMatch(/Indexing SOT documents: .*gpu-box-\(value withheld\)/);
    // ... and none holds either address or a piece of one.
    for (const v of ['10.20.30.40', '20.30.40', '192.168.44.9', '168.44.9']) expect(seen()).not.toContain(v);
  });
});
