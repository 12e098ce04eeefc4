import { defaultConfig } from '../../src/config/config.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownEnvValues } from '../../src/leaks/known-env.js';
import { findDocumentLeaks } from '../../src/leaks/markdown.js';
import { LEAK_CLASSES, leakPolicy } from '../../src/leaks/policy.js';
import { buildDocument } from '../../src/model/build.js';
import { buildModelOptions } from '../../src/model/options.js';
import { parseDocument } from '../../src/parse/document.js';

/**
 * The labelled corpus (test/leaks/corpus.tsv): every class, context and normalization the
 * detector must catch, and the lookalikes it must leave alone. Each case is linted as a whole
 * Markdown document, through the same function the rule uses. Precision and recall must be 100%.
 */
export interface Case {
  line: number;
  positive: boolean;
  cls?: string;
  text: string;
  reason: string;
}

export function readCorpus(): Case[] {
  const raw = readFileSync(new URL('./corpus.tsv', import.meta.url), 'utf8');
  return raw.split('\n').flatMap((line, i) => {
    if (!line || line.startsWith('#')) return [];
    const [label, text, reason] = line.split('\t');
    if (label === undefined || text === undefined || !reason) throw new Error(`corpus.tsv:${i + 1}: needs label, text and reason separated by tabs`);
    const decoded = text.replace(/⏎/g, '\n').replace(/⟨U\+([0-9A-F]{4,6})⟩/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    return [{ line: i + 1, positive: label.startsWith('+'), cls: label.startsWith('+') ? label.slice(1) : undefined, text: decoded, reason }];
  });
}

const policy = leakPolicy();
const modelOptions = buildModelOptions(defaultConfig('/virtual'));
export const TEST_RUNTIME_VALUE = 'http://spark-gpu.example.net:8000/v1';
const known = knownEnvValues(['CTO_HARNESS_CASE_LOCAL_BASE_URL'], policy, { CTO_HARNESS_CASE_LOCAL_BASE_URL: TEST_RUNTIME_VALUE }).values;

function detect(text: string) {
  const parsed = parseDocument(text);
  const { tree } = parsed;
  const doc = buildDocument('/corpus/CASE.md', text, parsed, modelOptions);
  return findDocumentLeaks(doc, tree, policy, known);
}

describe('labelled corpus', () => {
  const cases = readCorpus();
  const positives = cases.filter((c) => c.positive);
  const negatives = cases.filter((c) => !c.positive);

  it('has at least 120 positive and 120 negative lines, each with a reason', () => {
    expect(positives.length).toBeGreaterThanOrEqual(120);
    expect(negatives.length).toBeGreaterThanOrEqual(120);
    for (const c of cases) expect(c.reason.length, `corpus.tsv:${c.line}`).toBeGreaterThan(3);
  });

  it('covers every class', () => {
    const classes = new Set(positives.map((c) => c.cls));
    for (const cls of LEAK_CLASSES) expect(classes.has(cls), cls).toBe(true);
    for (const c of positives) expect(LEAK_CLASSES as readonly string[], `corpus.tsv:${c.line}`).toContain(c.cls);
  });

  it('finds every positive (with its class) and nothing in any negative: 100% precision and recall', () => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    let tn = 0;
    const errors: string[] = [];
    for (const c of cases) {
      const found = detect(c.text);
      if (c.positive) {
        if (found.length === 0) {
          fn++;
          errors.push(`missed   corpus.tsv:${c.line} ${JSON.stringify(c.text)} (${c.reason})`);
        } else {
          tp++;
          if (!found.some((f) => f.classId === c.cls)) errors.push(`class    corpus.tsv:${c.line} ${JSON.stringify(c.text)}: expected ${c.cls}, got ${found.map((f) => f.classId).join(', ')}`);
        }
      } else if (found.length) {
        fp++;
        errors.push(`flagged  corpus.tsv:${c.line} ${JSON.stringify(c.text)} as ${found.map((f) => `${f.classId} (${f.what})`).join(', ')} (${c.reason})`);
      } else tn++;
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    // Printed on purpose: the figures are part of the acceptance criteria.
    console.log(`leak corpus: ${positives.length} positive, ${negatives.length} negative; TP ${tp} FN ${fn} FP ${fp} TN ${tn}; precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%`);
    expect(errors).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});
