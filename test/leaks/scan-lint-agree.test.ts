import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLeaks } from '../../src/leaks/detect.js';
import { leakPolicy } from '../../src/leaks/policy.js';
import { scanMarkdown, scanStream } from '../../src/leaks/stream.js';
import { LineIndex } from '../../src/text/line-index.js';
import { lintTexts } from '../helpers/lint.js';
import { readCorpus } from './corpus.test.js';

/**
 * `sot scan` and `no-endpoint-leak` claim one detector: on the same text they report the same
 * findings at the same positions. Checked over both labelled corpora and over generated text
 * (their lines and fragments in random Markdown formatting). A Markdown file goes through
 * `scanMarkdown` in `sot scan` (the command's route for `.md`); any other file is streamed, and the
 * stream reports what the detector reports on the whole text, whatever its chunks and cuts.
 */
const policy = leakPolicy();
const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

const byRule = (text: string) =>
  lintTexts({ 'AGREE.md': text }, { rules: { 'no-endpoint-leak': 'error' } })
    .results[0]!.messages.filter((m) => m.ruleId === 'no-endpoint-leak')
    .map((m) => `${m.line}:${m.column}`);
const byScan = (text: string) => scanMarkdown(text, { policy }).map((f) => `${f.line}:${f.column}`);
const byDetector = (text: string) => {
  const lines = new LineIndex(text);
  return detectLeaks(text, { policy }).map((f) => {
    const p = lines.point(f.start);
    return `${p.line}:${p.column}`;
  });
};
const byStream = async (text: string, segment: number, chunk: number) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return (await scanStream(Readable.from(chunks), { policy, segment, overlap: Math.min(4096, Math.floor(segment / 4)) })).findings.map((f) => `${f.line}:${f.column}`);
};

function publicFiles(dir = PUBLIC): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'LICENSES' ? [] : publicFiles(p);
    return p.endsWith('.md') && n !== 'README.md' ? [p] : [];
  });
}

const corpusTexts = readCorpus().map((c) => c.text);
const publicTexts = publicFiles().map((f) => readFileSync(f, 'utf8'));

describe('sot scan and no-endpoint-leak agree', () => {
  it('the issue\'s examples: <localhost:5001/foo>, <spark1:8000>, <nas.lan:5000> are found by both', () => {
    for (const text of ['See <localhost:5001/foo>.', 'Try <spark1:8000> first.', 'Backup on <nas.lan:5000>.']) {
      expect(byRule(text), text).toHaveLength(1);
      expect(byScan(text), text).toEqual(byRule(text));
      expect(byDetector(text), text).toEqual(byRule(text));
    }
  });

  it('on every case of the labelled corpus (test/leaks/corpus.tsv)', () => {
    for (const text of corpusTexts) expect(byScan(text), JSON.stringify(text)).toEqual(byRule(text));
  });

  it('on every file of the public-text corpus', () => {
    for (const text of publicTexts) expect(byScan(text)).toEqual(byRule(text));
  });

  it('on generated text: corpus lines and fragments in random Markdown formatting', async () => {
    const lines = [...corpusTexts, ...publicTexts.flatMap((t) => t.split('\n'))].filter((l) => l.trim() && !l.includes('sot-disable'));
    const fragments = lines.flatMap((l) => l.split(/\s+/)).filter((w) => w.length > 2);
    const piece = fc.oneof(
      fc.constantFrom(...lines),
      fc.constantFrom(...fragments),
      fc.tuple(fc.constantFrom('`', '**', '_', '<', '[', '"', '('), fc.constantFrom(...fragments)).map(([mark, w]) => {
        const closers: Record<string, string> = { '<': '>', '[': '](https://example.com)', '(': ')' };
        const close = closers[mark] ?? mark;
        return `${mark}${w}${close}`;
      }),
    );
    const block = fc.tuple(fc.constantFrom('', '- ', '> ', '## ', '1. ', '    '), fc.array(piece, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '', ':', '`:`')).map(([prefix, ps, sep]) => prefix + ps.join(sep));
    // Blocks joined as paragraphs, or into one long line (so the stream cuts inside lines too).
    const doc = fc.tuple(fc.array(block, { minLength: 1, maxLength: 40 }), fc.constantFrom('\n\n', ' ', '\n')).map(([bs, sep]) => bs.join(sep));
    await fc.assert(
      // Segments of 1,024 characters cut long lines, with a look-around of 256 (the default is 4,096 around 1 MiB).
      fc.asyncProperty(doc, fc.constantFrom(1024, 1 << 20), fc.constantFrom(1, 7, 4096), async (text, segment, chunk) => {
        expect(byScan(text)).toEqual(byRule(text));
        // The stream reports what the detector finds in the whole text, whatever the cuts.
        expect(await byStream(text, segment, chunk)).toEqual(byDetector(text));
      }),
      { seed: Number(process.env.AGREE_SEED ?? 2023), numRuns: Number(process.env.AGREE_RUNS ?? 120) },
    );
  });
});
