import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TODAY } from '../helpers/lint.js';
import { sotAsync } from '../leaks/spawn.js';
import { frontmatter, project } from './helpers.js';

/**
 * Issue 20, "cache files pass through the redactor": a document in a folder named after a machine
 * gets no cache entry, and no other document's cached cross-file messages name it (their related
 * locations would). The run's output is the same with and without the cache.
 */

const item = (id: string, blocker: string) => `## ${id} - T\n\nStatus: blocked.\n\nAcceptance:\n\n- a\n\nBlocked by:\n\n- \`${blocker}\`\n\n`;

function cacheText(dir: string, location = '.sot-cache'): string {
  return readdirSync(join(dir, location), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('the lint cache and values in paths', () => {
  const cases: [string, string, string[], Record<string, string>?][] = [
    ['a private address as a folder', '.sot/10.0.0.5/A-ISSUES.md', ['10.0.0.5', '10.0.0', '0.0.5']],
    ['a Tailscale name as a file name', '.sot/spark1.tail1234.ts.net-ISSUES.md', ['spark1', 'tail1234']],
    ['a host:port as a folder', '.sot/gpu-box_8000/nas.lan:5000/A-ISSUES.md', ['nas.lan', 'nas.lan:5000']],
    // Only the project's own patterns file makes this folder name a value: the cache asks the run's policy too.
    [
      'a token of the project\'s own pattern as a folder',
      '.sot/zq_9f8e7d6c5b4a3928/A-ISSUES.md',
      ['zq_9f8e7d6c5b4a3928', '9f8e7d6c5b4a3928'],
      { '.sotrc.yaml': 'leaks:\n  patternsFile: extra-leaks.yaml\n', 'extra-leaks.yaml': 'tokens:\n  - { name: Example token, prefix: "zq_", charset: "a-f0-9", min: 16, max: 16, digit: true }\n' },
    ],
  ];
  for (const [name, leaky, values, extra = {}] of cases) {
    it(`${name}: no entry, no cross-file line names it, same output with and without the cache`, async () => {
      // A cycle across the two files: each one's cross-file message names the other as a related location.
      const dir = project({
        [leaky]: `${frontmatter('A Issues')}${item('CTO-WORK-700', 'CTO-WORK-701')}`,
        '.sot/B-ISSUES.md': `${frontmatter('B Issues')}${item('CTO-WORK-701', 'CTO-WORK-700')}`,
        '.sot/C-ISSUES.md': `${frontmatter('C Issues')}## CTO-WORK-702 - T\n\nStatus: open.\n\nAcceptance:\n\n- a\n`,
        ...extra,
      });
      const args = ['lint', '.sot', '--format', 'json', '--today', TODAY];
      const plain = await sotAsync(args, { cwd: dir });
      const cached = [];
      for (let i = 0; i < 2; i++) cached.push(await sotAsync([...args, '--cache', '--cache-location', '.sot-cache'], { cwd: dir }));
      for (const r of cached) expect(r.stdout).toBe(plain.stdout);
      expect(plain.stdout).toContain('blocked-by-cycle');
      const text = cacheText(dir);
      // The cache was written (the other documents are in it) ...
      expect(text).toContain('C-ISSUES.md');
      // ... and holds neither the value nor the paths that hold it.
      for (const v of values) expect(text).not.toContain(v);
    });
  }

  it("a related location the project's patterns withhold, in messages the cache gives again, is printed withheld", async () => {
    // The folder holds a value only the project's patterns file finds: the cache asks the run's
    // policy too, so it keeps no cross-file line that names the folder (none is reused), and the
    // output is the uncached run's in every format, the path withheld.
    const dir = project({
      '.sotrc.yaml': 'leaks:\n  patternsFile: extra-leaks.yaml\n',
      'extra-leaks.yaml': 'tokens:\n  - { name: Example token, prefix: "zq_", charset: "a-f0-9", min: 16, max: 16, digit: true }\n',
      '.sot/A-ISSUES.md': `${frontmatter('A Issues')}${item('CTO-WORK-700', 'CTO-WORK-701')}`,
      '.sot/zq_9f8e7d6c5b4a3928/B-ISSUES.md': `${frontmatter('B Issues')}${item('CTO-WORK-701', 'CTO-WORK-700')}`,
    });
    for (const format of ['json', 'sarif', 'stylish']) {
      const args = ['lint', '.sot', '--format', format, '--today', TODAY];
      const plain = await sotAsync(args, { cwd: dir });
      const cacheArgs = [...args, '--cache', '--cache-location', `.sot-cache-${format}`, '--timing'];
      await sotAsync(cacheArgs, { cwd: dir });
      const reused = await sotAsync(cacheArgs, { cwd: dir });
      expect(reused.stderr).toContain('cross-file findings of 0 documents reused');
      expect(cacheText(dir, `.sot-cache-${format}`)).not.toContain('9f8e7d6c');
      expect(reused.stdout).toBe(plain.stdout);
      expect(plain.stdout).toContain('blocked-by-cycle');
      expect(plain.stdout).not.toContain('9f8e7d6c');
      if (format === 'json') expect(plain.stdout).toContain('(value withheld)/B-ISSUES.md');
    }
  });
});
