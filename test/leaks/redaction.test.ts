import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNames, loadFormatter } from '../../src/format/index.js';
import type { LintResult } from '../../src/lint/types.js';
import { lintTexts } from '../helpers/lint.js';
import { sotAsync } from './spawn.js';

/**
 * "No output of the tool, in any format, contains the matched value, a substring of it of four or
 * more characters, its length, or a hash of it."
 *
 * A document plants a distinct secret in every kind of Markdown node (and in places other rules
 * quote: the title, a work-item heading, a directive's rule list, an evidence bullet). The same
 * document is built twice, with secrets A and with secrets B of the same shapes and lengths (so
 * every position is the same in both runs). A 4-character piece of an A secret that B does not
 * share is specific to that value: if the A run's output holds it and the B run's output does not,
 * the value leaked. Compared case-insensitively, and again with punctuation removed, so a
 * re-shaped echo (a title turned into `CTO-SPARK1-…-ISSUES.md`) is caught too. The value itself and
 * its hashes must never appear. Every formatter in src/format/index.ts is covered automatically,
 * as are `sot lint`, `sot scan`, the LSP server and the gate.
 */

// ---------------------------------------------------------------- secrets

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    s = (s ^ (s >>> 13)) >>> 0;
    return s / 4294967296;
  };
}

interface Secrets {
  /** The value that must never be repeated, per slot. */
  values: string[];
  /** The text planted (the value, or the value inside what makes it a finding). */
  planted: string[];
}

function makeSecrets(seed: number): Secrets {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const word = (n: number) => Array.from({ length: n }, () => 'qxzjkvwy'[int(0, 7)]!).join('');
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]!).join('');
  const kinds: (() => [string, string])[] = [
    () => {
      const v = `http://100.${int(64, 99)}.${int(100, 250)}.${int(100, 250)}:${int(2000, 9999)}/${word(3)}`;
      return [v, v];
    },
    () => {
      const v = `${word(5)}${int(1, 9)}.${word(4)}${int(10, 99)}.ts.net`;
      return [v, v];
    },
    () => {
      const v = `${word(4)}-${word(3)}.internal:${int(2000, 9999)}`;
      return [v, v];
    },
    () => {
      const v = `fd7a:115c:a1e0:${hex(4)}:${hex(4)}::${hex(3)}`;
      return [v, v];
    },
    () => {
      const v = `${word(4)}@${word(4)}${int(10, 99)}`;
      return [v, `ssh ${v}`];
    },
    () => {
      const v = `${word(6)}${int(100000, 999999)}${word(6)}`;
      return [v, `Authorization: Bearer ${v}`];
    },
    () => {
      const v = `${word(5)}-${word(4)}${int(1, 9)}`;
      return [v, `CTO_HARNESS_CASE_LOCAL_BASE_URL=${v}`];
    },
    () => {
      const v = `https://${word(5)}.${word(6)}.io/${word(4)}`;
      return [v, v];
    },
    () => {
      const v = `10.${int(100, 250)}.${int(100, 250)}.${int(100, 250)}`;
      return [v, v];
    },
  ];
  const values: string[] = [];
  const planted: string[] = [];
  for (let slot = 0; slot < SLOTS.length; slot++) {
    const [v, p] = kinds[slot % kinds.length]!();
    values.push(v);
    planted.push(p);
  }
  return { values, planted };
}

/** Every place a secret is planted: `{S}` is replaced by that slot's planted text. */
const SLOTS: { name: string; template: string }[] = [
  { name: 'frontmatter value', template: 'mirror: {S}' },
  { name: 'title (frontmatter and H1)', template: '{S}' },
  { name: 'heading', template: '## Notes {S}' },
  { name: 'paragraph', template: 'The server {S} answered.' },
  { name: 'list item', template: '- Probe {S} answered.' },
  { name: 'inline code', template: '- Ran `{S}` once.' },
  { name: 'fenced code', template: '```sh\ncurl {S}\n```' },
  { name: 'indented code', template: '    curl {S}' },
  { name: 'HTML comment', template: '<!-- old: {S} -->' },
  { name: 'inline HTML', template: 'See <span title="{S}">this</span>.' },
  { name: 'link destination', template: '[the server](<{S}>)' },
  { name: 'link title', template: '[docs](https://example.com "{S}")' },
  { name: 'link text', template: '[{S}](https://example.com)' },
  { name: 'image destination', template: '![graph](<{S}>)' },
  { name: 'image alt', template: '![{S}](graph.png)' },
  { name: 'reference definition', template: '[ref]: <{S}>' },
  { name: 'autolink', template: '<{S}>' },
  { name: 'table row', template: '| box | {S} |\n|---|---|' },
  { name: 'block quote', template: '> moved to {S}' },
  { name: 'emphasis', template: 'Host **{S}** is down.' },
  { name: 'work-item heading', template: '## CTO-WORK-031 {S}' },
  { name: 'directive rule list', template: '<!-- sot-disable-next-line {S} -- testing -->' },
  { name: 'status value', template: 'Status: {S}.' },
  { name: 'evidence bullet', template: '- Case model provider: `{S}`' },
  { name: 'blocked-by list', template: 'Blocked by:\n\n- {S}' },
];

function makeDoc(s: Secrets): string {
  const at = (name: string) => s.planted[SLOTS.findIndex((x) => x.name === name)]!;
  const body = SLOTS.filter((x) => x.name !== 'frontmatter value' && x.name !== 'title (frontmatter and H1)')
    .map((x) => x.template.replace('{S}', s.planted[SLOTS.indexOf(x)]!))
    .join('\n\n');
  const title = `CTO ${at('title (frontmatter and H1)')} Issues`;
  return [
    '---',
    `title: ${title}`,
    'status: draft',
    'lifecycle_classification: sot',
    'owner: jp',
    'created: 2026-05-31',
    'last_reviewed: 2026-06-01',
    'core_promotion_status: not-promoted',
    'route: cto',
    at('frontmatter value') === undefined ? '' : SLOTS[0]!.template.replace('{S}', at('frontmatter value')),
    '---',
    '',
    `# ${title}`,
    '',
    'Local planning SOT only. Not a Core Protocol. Not active Core authority.',
    '',
    '## CTO-WORK-030 - Endpoint',
    '',
    'Status: blocked.',
    '',
    'Acceptance:',
    '',
    '- It works.',
    '',
    body,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- the check

const WINDOW = 4;
const fold = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '');
function windows(x: string, folded = false): Set<string> {
  const t = folded ? fold(x) : x.toLowerCase();
  const out = new Set<string>();
  for (let i = 0; i + WINDOW <= t.length; i++) {
    const w = t.slice(i, i + WINDOW);
    if (!folded || /[a-z]/.test(w)) out.add(w);
  }
  return out;
}
function hashes(v: string): string[] {
  return ['md5', 'sha1', 'sha256', 'sha512'].flatMap((alg) => {
    const h = createHash(alg).update(v).digest();
    return [h.toString('hex').slice(0, 12), h.toString('base64').slice(0, 12)];
  });
}

/** Fingerprints are random-looking hex: compared separately (they must not depend on values). */
const stripFingerprints = (out: string) => out.replace(/[0-9a-f]{16}/g, '<fp>');

/** The pieces of A's values that B does not share: what output from the A run must not hold. */
function forbidden(a: Secrets, b: Secrets): { slot: string; plain: string[]; folded: string[]; exact: string[] }[] {
  return a.values.map((v, i) => {
    const wb = windows(b.values[i]!);
    const fb = windows(b.values[i]!, true);
    return {
      slot: SLOTS[i]!.name,
      plain: [...windows(v)].filter((w) => !wb.has(w)),
      folded: [...windows(v, true)].filter((w) => !fb.has(w)),
      exact: [v, ...hashes(v)],
    };
  });
}

/** What the A run's output tells about A's values that the B run's output (same layout) does not. */
function leaksIn(outputA: string, outputB: string, rules: ReturnType<typeof forbidden>): string[] {
  const text = stripFingerprints(outputA);
  const lower = text.toLowerCase();
  const folded = fold(text);
  const otherLower = stripFingerprints(outputB).toLowerCase();
  const otherFolded = fold(otherLower);
  const found: string[] = [];
  for (const r of rules) {
    for (const e of r.exact) if (outputA.includes(e)) found.push(`${r.slot}: the value or a hash of it`);
    for (const w of r.plain) if (lower.includes(w) && !otherLower.includes(w)) found.push(`${r.slot}: piece "${w}"`);
    for (const w of r.folded) if (folded.includes(w) && !otherFolded.includes(w)) found.push(`${r.slot}: re-shaped piece "${w}"`);
  }
  return [...new Set(found)];
}

const A = makeSecrets(20260601);
const B = makeSecrets(19700101);
const docA = makeDoc(A);
const docB = makeDoc(B);
const rulesA = forbidden(A, B);
const FILE = 'CTO-LEAK-ISSUES.md';

describe('redaction: no output repeats a leaked value', () => {
  it('plants distinct values whose pieces are specific to them, at the same positions in both runs', () => {
    expect(new Set(A.values).size).toBe(A.values.length);
    for (const r of rulesA) expect(r.plain.length, r.slot).toBeGreaterThan(0);
    A.values.forEach((v, i) => expect(v.length, SLOTS[i]!.name).toBe(B.values[i]!.length));
    expect(docA).not.toBe(docB);
    expect(docA.length).toBe(docB.length);
  });

  it('the check itself catches verbatim, re-shaped and hashed echoes (it is not vacuous)', () => {
    const v = A.values[1]!;
    expect(leaksIn(`found ${v} here`, 'found nothing here', rulesA)).not.toEqual([]);
    expect(leaksIn(`expected CTO-${v.toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-ISSUES.md`, 'expected CTO-X-ISSUES.md', rulesA)).not.toEqual([]);
    expect(leaksIn(`piece ${v.slice(2, 7)}`, 'piece', rulesA)).not.toEqual([]);
    expect(leaksIn(createHash('sha256').update(v).digest('hex'), '', rulesA)).not.toEqual([]);
  });

  it('every registered formatter (library API)', async () => {
    const runA = lintTexts({ [FILE]: docA });
    const runB = lintTexts({ [FILE]: docB });
    const leakMessages = runA.results[0]!.messages.filter((m) => m.ruleId === 'no-endpoint-leak');
    expect(leakMessages.length).toBeGreaterThanOrEqual(SLOTS.length - 6);
    for (const name of formatNames()) {
      const formatter = (await loadFormatter(name))!;
      const out = formatter(runA.results as LintResult[], { cwd: '/virtual', color: false });
      expect(out.length, name).toBeGreaterThan(0);
      const outB = formatter(runB.results as LintResult[], { cwd: '/virtual', color: false });
      expect(leaksIn(out, outB, rulesA), `format ${name}`).toEqual([]);
      // The same findings, positions and fingerprints whatever the value.
      expect(outB.split('\n').length, name).toBe(out.split('\n').length);
    }
    const fpA = runA.results[0]!.messages.map((m) => `${m.ruleId}:${m.fingerprint}`).sort();
    const fpB = runB.results[0]!.messages.map((m) => `${m.ruleId}:${m.fingerprint}`).sort();
    expect(fpA).toEqual(fpB);
  });

  it('leak messages are zero-width (no length) and hold no number beyond fixed vocabulary', () => {
    const run = lintTexts({ [FILE]: docA });
    for (const m of run.results[0]!.messages.filter((x) => x.ruleId === 'no-endpoint-leak')) {
      expect(m.endLine).toBe(m.line);
      expect(m.endColumn).toBe(m.column);
      const rest = m.message.replace(/IPv[46]|RFC 1918|192\.0\.2\.0\/24|2001:db8::\/32|CTO-WORK-\d+/g, '');
      expect(rest, m.message).not.toMatch(/\d/);
    }
  });

  describe('through the CLI', () => {
    /** Two projects, one with the A secrets and one with the B secrets. */
    const dirs: Record<'a' | 'b', string> = { a: '', b: '' };
    beforeAll(() => {
      for (const [k, s, doc] of [['a', A, docA], ['b', B, docB]] as const) {
        const dir = mkdtempSync(join(tmpdir(), `sot-redact-${k}-`));
        mkdirSync(join(dir, '.sot'));
        writeFileSync(join(dir, '.sot', FILE), doc);
        writeFileSync(join(dir, 'run.log'), s.planted.map((p, i) => `${i} ${p} {"v": ${JSON.stringify(p)}}`).join('\n'));
        dirs[k] = dir;
      }
    });
    const both = async (args: (s: Secrets) => string[], env: (s: Secrets) => Record<string, string> = () => ({})) => {
      const [ra, rb] = await Promise.all([sotAsync(args(A), { cwd: dirs.a, env: env(A) }), sotAsync(args(B), { cwd: dirs.b, env: env(B) })]);
      return { ra, rb, leaks: leaksIn(ra.stdout + ra.stderr, rb.stdout + rb.stderr, rulesA) };
    };

    for (const name of formatNames()) {
      it(`sot lint --format ${name}`, async () => {
        const { ra, leaks } = await both(() => ['lint', '.sot', '--format', name, '--today', '2026-11-21']);
        expect(ra.code).toBe(1);
        expect(leaks).toEqual([]);
      });
      it(`sot scan --format ${name}`, async () => {
        const { ra, leaks } = await both(() => ['scan', '.', '--format', name], (s) => ({ CTO_HARNESS_CASE_LOCAL_BASE_URL: s.values[0]! }));
        expect(ra.code).toBe(1);
        expect(ra.stdout.length).toBeGreaterThan(0);
        expect(leaks).toEqual([]);
      });
    }

    const written = (dir: string, cache: boolean) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
        .filter((p) => !p.endsWith(FILE) && !p.endsWith('run.log') && p.includes('.sot-cache') === cache)
        .map((p) => readFileSync(p, 'utf8'))
        .join('\n');

    it('writes no file that holds a value (fixes, reports)', async () => {
      await both(() => ['lint', '.sot', '--fix', '--format', 'json', '--today', '2026-11-21']);
      expect(leaksIn(written(dirs.a, false), written(dirs.b, false), rulesA)).toEqual([]);
    });

    // The cache keeps documents' text; a document holding a value is stored sealed or as a masked
    // copy (cache/cache.ts, cache/analyze.ts), so the cache folder holds no value either. Each
    // entry's stamp (file size, mtime and read time, as numbers) is left out of the comparison:
    // its digits differ between the two runs and can match a short piece of an address by chance
    // ("…1700.9…" against "100.9x.…"); it is file metadata, not document content.
    // A locked entry (a document holding a value: encrypted under the document's own text, see
    // src/cache/cache.ts) is random base64, where 4-character pieces turn up by chance: it is
    // checked to be just that, and left out of the search.
    const withoutStamps = (text: string) =>
      text.replace(/\{"size":\d+,"mtimeMs":[\d.]+,"readAt":\d+\}/g, '{}').replace(/^(\[.*,1\])\t[A-Za-z0-9+/]+=*$/gm, '$1\t<locked>');
    it('the lint cache holds no value (documents holding one are stored sealed or masked)', async () => {
      await both(() => ['lint', '.sot', '--format', 'json', '--today', '2026-11-21', '--cache', '--cache-location', '.sot-cache']);
      const [a, b] = [withoutStamps(written(dirs.a, true)), withoutStamps(written(dirs.b, true))];
      expect(a.length).toBeGreaterThan(0);
      expect(written(dirs.a, true)).toMatch(/"mtimeMs":/); // the stamps being left out are there
      expect(a).not.toMatch(/"mtimeMs":/);
      expect(a).toContain('\t<locked>');
      expect(leaksIn(a, b, rulesA)).toEqual([]);
    });

    it('the gate never prints or writes the runtime endpoint', async () => {
      const { ra, leaks } = await both(
        () => ['gate', 'stage2', '--format', 'json', '--backend-dir', 'backend'],
        (s) => ({ CTO_HARNESS_CASE_LOCAL_BASE_URL: s.values[0]! }),
      );
      expect([0, 1]).toContain(ra.code);
      expect(leaks).toEqual([]);
    });
  });

  describe('through the language server', () => {
    const clients: { shutdown(): Promise<unknown>; kill(): void }[] = [];
    /** Everything the server said about the document: diagnostics, code actions, logs. */
    async function session(doc: string): Promise<string> {
      const { LspClient, uri } = await import('../lsp/client.js');
      const dir = mkdtempSync(join(tmpdir(), 'sot-redact-lsp-'));
      mkdirSync(join(dir, '.sot'));
      const path = join(dir, '.sot', FILE);
      writeFileSync(path, doc);
      const c = LspClient.start(dir);
      clients.push(c);
      await c.initialize(dir);
      const docUri = uri(path);
      await c.open(docUri, doc);
      const diags = await c.diagnostics(docUri, (d) => d.some((x) => x.code === 'no-endpoint-leak'));
      const actions = await Promise.all(diags.map((d) => c.codeActions(docUri, d.range, [d])));
      return [JSON.stringify(diags), JSON.stringify(actions), c.logs.join('\n'), c.stderr].join('\n');
    }
    afterAll(async () => {
      for (const c of clients) await c.shutdown().catch(() => c.kill());
    });

    it('diagnostics, code actions and logs hold no value', async () => {
      const outA = await session(docA);
      const outB = await session(docB);
      expect(outA).toContain('no-endpoint-leak');
      expect(leaksIn(outA, outB, rulesA)).toEqual([]);
    });
  });
});
