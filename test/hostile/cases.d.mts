/** Types of cases.mjs (plain JavaScript, shared with scripts/bench-hostile.mjs). */
export interface HostileCase {
  id: string;
  /** The input as the README table names it. */
  input: string;
  /** Too big or slow for `npm test`: the benchmark runs it (the test runs `testScale`). */
  bench?: boolean;
  testScale?: number;
  setup: (dir: string, n?: number) => { args: string[]; env?: Record<string, string>; cwd?: string };
  code: number;
  expect: RegExp[];
  absent?: RegExp[];
  /** The expected outcome in the README's words. */
  outcome: string;
}
export const CASES: HostileCase[];
export const ISSUES: string;
export function FM(title: string): string;
export function put(dir: string, rel: string, content: string | Uint8Array): string;
