import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { FACTOR, RUNS, SEED } from './arbitraries.js';
import type { Property } from './properties.js';

/** Where shrunk counterexamples are kept as regression fixtures (replayed by every test run). */
export const FUZZ_DIR = fileURLToPath(new URL('../../.sot-fixtures/regressions/fuzz/', import.meta.url));

/** JSON with byte arrays kept as bytes. */
const encode = (v: unknown): unknown =>
  v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : Array.isArray(v) ? v.map(encode) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)])) : v;
const decode = (v: unknown): unknown =>
  v && typeof v === 'object' && '$bytes' in (v as object) ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64')) : Array.isArray(v) ? v.map(decode) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)])) : v;

/**
 * Runs one property with the fixed seed (FC_SEED overrides) and its run count (FC_RUNS
 * overrides). On failure the shrunk counterexample is written to FUZZ_DIR when FC_SAVE=1
 * (`npm run fuzz` sets it), and the failure is reported with fast-check's replay information.
 */
export async function runProperty<T extends unknown[]>(name: string, typed: Property<T>): Promise<void> {
  const p = typed as unknown as Property<unknown[]>;
  const property = fc.asyncProperty(...(p.arbitraries as [fc.Arbitrary<unknown>]), async (...args: unknown[]) => {
    // Let the event loop breathe between runs: vitest's worker talks to its parent over it (CLI
    // properties block it with spawnSync for seconds per run).
    await new Promise((resolve) => setImmediate(resolve));
    await p.predicate(...args);
  });
  const details = await fc.check(property, { seed: SEED, numRuns: RUNS ?? p.runs * FACTOR, endOnFailure: false });
  if (!details.failed) return;
  if (process.env.FC_SAVE === '1' && details.counterexample) {
    mkdirSync(FUZZ_DIR, { recursive: true });
    const file = join(FUZZ_DIR, `${name}-${details.seed}.json`);
    writeFileSync(file, `${JSON.stringify({ property: name, seed: details.seed, counterexamplePath: details.counterexamplePath, args: encode(details.counterexample) }, null, 1)}\n`);
    process.stderr.write(`counterexample saved: ${file}\n`);
  }
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`${fc.defaultReportMessage(details) ?? `property ${name} failed`}\nGot: ${cause.slice(0, 4000)}`);
}

/** The saved counterexamples: property name, file and arguments. */
export function savedCounterexamples(): { file: string; property: string; args: unknown[] }[] {
  let files: string[] = [];
  try {
    files = readdirSync(FUZZ_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((file) => {
    const saved = JSON.parse(readFileSync(join(FUZZ_DIR, file), 'utf8')) as { property: string; args: unknown[] };
    return { file, property: saved.property, args: decode(saved.args) as unknown[] };
  });
}
