/**
 * Runs a rule's own examples (RuleExample, WorkspaceExample): the rule tester's engine, shared by
 * test/rule-examples.test.ts, the docs generator and scripts/convert-rule-examples.mjs. An example
 * is linted as written, by the rule alone, and its outcome is what the rule reports, exactly.
 */
import { defaultConfig, type SotConfig } from '../config/config.js';
import { applyFixes } from '../fix/apply.js';
import { lintInputs } from './engine.js';
import type { LintMessage, Rule, RuleExample, WorkspaceExample } from './types.js';

/** Where examples are linted (a folder that never exists: the files are given as text). */
export const EXAMPLE_ROOT = '/virtual';
/** The date examples are linted on. */
export const EXAMPLE_TODAY = '2026-11-21';

export interface ExampleOutcome {
  /** This rule's messages as `RuleExample.errors` / `WorkspaceExample.errors` write them. */
  errors: string[];
  /** The messages themselves (for the loose `expect` form). */
  messages: (LintMessage & { file: string })[];
  /** A document example's text after this rule's fixes, when it reported any fix. */
  output?: string;
}

/** The file name a document example is linted as. */
export function examplePath(rule: Rule, ex: RuleExample): string {
  if (ex.path) return ex.path;
  return /^---\ntitle: (.*)$/m.exec(ex.text)?.[1]?.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '-').concat('.md') ?? `${rule.meta.id}.md`;
}

export const position = (m: LintMessage): string => `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;

export function runExample(rule: Rule, ex: RuleExample | WorkspaceExample): ExampleOutcome {
  const workspace = 'files' in ex;
  const files = workspace ? ex.files : { [examplePath(rule, ex)]: ex.text };
  const config: SotConfig = { ...defaultConfig(EXAMPLE_ROOT), ...(workspace ? ex.config : {}) };
  if (ex.options) config.ruleOptions = { [rule.meta.id]: ex.options };
  const run = lintInputs(
    Object.entries(files).map(([name, text]) => ({ path: `${EXAMPLE_ROOT}/${name}`, text })),
    { config, today: EXAMPLE_TODAY, rules: [rule] },
  );
  const messages = run.results.flatMap((r) => r.messages.filter((m) => m.ruleId === rule.meta.id).map((m) => ({ ...m, file: r.filePath.slice(EXAMPLE_ROOT.length + 1) })));
  const errors = messages.map((m) => `${workspace ? `${m.file} ` : ''}${position(m)} ${m.message}`);
  const fixes = messages.flatMap((m) => (m.fix ? [m.fix] : []));
  let output: string | undefined;
  if (!workspace && fixes.length) {
    const fixed = applyFixes(new TextEncoder().encode(ex.text), fixes);
    if ('bytes' in fixed) output = new TextDecoder().decode(fixed.bytes);
  }
  return { errors, messages, output };
}
