/** Where each rule's documentation lives (generated into docs/rules/ from the rule's meta). */
export const RULE_DOCS_BASE = 'https://github.com/sot-lint/sot-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}
