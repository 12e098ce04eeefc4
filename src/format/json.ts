import type { Formatter } from './types.js';

/**
 * ESLint's JSON formatter shape. Source text is never included: a finding may be about a secret,
 * and the position is enough to find it.
 */
export const json: Formatter = (results) =>
  JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages,
      errorCount: r.errorCount,
      warningCount: r.warningCount,
      fixableErrorCount: r.fixableErrorCount,
      fixableWarningCount: r.fixableWarningCount,
      suppressedCount: r.suppressedCount,
    })),
  );
