import type { LintResult } from '../lint/types.js';

export interface FormatContext {
  cwd: string;
  color: boolean;
}

/** A formatter turns the one result shape into text; nothing else about a run reaches it. */
export type Formatter = (results: LintResult[], ctx: FormatContext) => string;
