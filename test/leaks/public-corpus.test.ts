import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.js';
import { findDocumentLeaks } from '../../src/leaks/markdown.js';
import { LEAK_CLASSES, leakPolicy } from '../../src/leaks/policy.js';
import { buildDocument } from '../../src/model/build.js';
import { buildModelOptions } from '../../src/model/options.js';
import { parseDocument } from '../../src/parse/document.js';
import { lintTexts } from '../helpers/lint.js';

/**
 * The public-text corpus (test/leaks/public, see its README): excerpts of other projects' design
 * documents, with their sources and licences, labelled by hand line by line. Every labelled
 * finding must be found, and nothing else: a finding on a line not labelled with its class is a
 * false one. Precision and recall are printed per class, as the acceptance of issue 23 asks.
 */
const ROOT = fileURLToPath(new URL('./public/', import.meta.url));

interface Label {
  file: string;
  line: number;
  label: string;
  reason: string;
}

function readTsv(name: string): string[][] {
  return readFileSync(join(ROOT, name), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

function corpusFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'LICENSES' ? [] : corpusFiles(p);
    return p.endsWith('.md') && n !== 'README.md' ? [relative(ROOT, p)] : [];
  });
}

const labels: Label[] = readTsv('labels.tsv').map(([file, line, label, reason], i) => {
  if (!file || !line || !label || !reason) throw new Error(`labels.tsv: row ${i + 1} needs file, line, label and reason`);
  return { file, line: Number(line), label, reason };
});
const files = corpusFiles().sort();
const policy = leakPolicy();
const modelOptions = buildModelOptions(defaultConfig('/virtual'));

describe('public-text corpus (test/leaks/public)', () => {
  it('every file has its source (repository, path, commit, lines) and a licence kept beside it; every label names a line that exists', () => {
    const sources = new Map(readTsv('SOURCES.tsv').map((row) => [row[0]!, row]));
    for (const f of files) {
      const row = sources.get(f);
      expect(row, `${f} is not in SOURCES.tsv`).toBeDefined();
      const [, repo, path, commit, lines, spdx, url, licenceFiles] = row!;
      expect(repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(path).toBeTruthy();
      expect(commit).toMatch(/^[0-9a-f]{40}$/);
      expect(lines).toMatch(/^\d+-\d+$/);
      expect(spdx).toMatch(/^(MIT|Apache-2\.0|BSD-3-Clause|CC0-1\.0)( OR (MIT|Apache-2\.0|BSD-3-Clause|CC0-1\.0))*$/);
      expect(url).toContain(commit);
      for (const l of licenceFiles!.split(' ')) expect(existsSync(join(ROOT, l)), l).toBe(true);
      const [first, last] = lines!.split('-').map(Number);
      expect(readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1, `${f}: lines ${lines}`).toBe(last! - first! + 1);
    }
    expect(sources.size).toBe(files.length);
    const size = files.reduce((n, f) => n + statSync(join(ROOT, f)).size, 0);
    expect(size).toBeLessThan(300_000);
    for (const l of labels) {
      expect(files, `labels.tsv names ${l.file}`).toContain(l.file);
      const lineCount = readFileSync(join(ROOT, l.file), 'utf8').split('\n').length;
      expect(l.line, `${l.file}:${l.line}`).toBeLessThanOrEqual(lineCount);
      expect(l.label).toMatch(/^([+-]duplicate-list-item|-|\+[a-z-]+)$/);
      if (l.label.startsWith('+') && l.label !== '+duplicate-list-item') expect(LEAK_CLASSES as readonly string[]).toContain(l.label.slice(1));
    }
  });

  it('no-endpoint-leak: every labelled finding found, no finding anywhere else (precision and recall per class)', () => {
    const expected = new Set(labels.filter((l) => l.label.startsWith('+') && l.label !== '+duplicate-list-item').map((l) => `${l.file}:${l.line} ${l.label.slice(1)}`));
    const found = new Map<string, string>();
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const parsed = parseDocument(text);
      const { tree } = parsed;
      const doc = buildDocument(`/public/${file}`, text, parsed, modelOptions);
      for (const f of findDocumentLeaks(doc, tree, policy)) {
        const line = text.slice(0, f.start).split('\n').length;
        found.set(`${file}:${line} ${f.classId}`, f.what);
      }
    }
    const stats = new Map<string, { tp: number; fp: number; fn: number }>();
    const stat = (cls: string) => stats.get(cls) ?? stats.set(cls, { tp: 0, fp: 0, fn: 0 }).get(cls)!;
    const errors: string[] = [];
    for (const [key, what] of found) {
      const cls = key.slice(key.lastIndexOf(' ') + 1);
      if (expected.has(key)) stat(cls).tp++;
      else {
        stat(cls).fp++;
        errors.push(`false    ${key} (${what})`);
      }
    }
    for (const key of expected) {
      if (found.has(key)) continue;
      stat(key.slice(key.lastIndexOf(' ') + 1)).fn++;
      errors.push(`missed   ${key}`);
    }
    const pct = (a: number, b: number) => (b === 0 ? '—' : `${((a / b) * 100).toFixed(1)}%`);
    const negatives = labels.filter((l) => l.label === '-').length;
    const rows = [...stats].sort(([a], [b]) => a.localeCompare(b)).map(([cls, s]) => `  ${cls.padEnd(20)} TP ${String(s.tp).padStart(3)}  FP ${s.fp}  FN ${s.fn}  precision ${pct(s.tp, s.tp + s.fp)}  recall ${pct(s.tp, s.tp + s.fn)}`);
    // Printed on purpose: the figures are part of the acceptance criteria.
    console.log(`public corpus: ${files.length} files, ${expected.size} labelled findings, ${negatives} labelled look-alikes, every other line a negative\n${rows.join('\n')}`);
    expect(errors).toEqual([]);
  });

  it('duplicate-list-item: the labelled repeats are reported, the labelled look-alikes (negations, path prefixes, parents with other children, records, procedures) are not', () => {
    const expectedDup = labels.filter((l) => l.label === '+duplicate-list-item').map((l) => `${l.file}:${l.line}`).sort();
    const notDup = labels.filter((l) => l.label === '-duplicate-list-item').map((l) => `${l.file}:${l.line}`);
    const run = lintTexts(Object.fromEntries(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')])), { rules: { 'duplicate-list-item': 'warn' } });
    const got = run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'duplicate-list-item').map((m) => `${r.filePath.slice('/virtual/'.length)}:${m.line}`)).sort();
    console.log(`public corpus, duplicate-list-item: ${got.length} reported, ${expectedDup.length} labelled repeats, ${notDup.length} labelled look-alikes`);
    expect(got).toEqual(expectedDup);
    for (const n of notDup) expect(got).not.toContain(n);
  });
});
