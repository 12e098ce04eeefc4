/**
 * Builders for the small documents in rule examples: a valid frontmatter, H1 and banner, so an
 * example shows only what it is about. The body always starts on line 16.
 */
export function frontmatter(title: string, overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    title,
    status: 'draft',
    lifecycle_classification: 'sot',
    owner: 'jp',
    created: '2026-05-31',
    last_reviewed: '2026-06-01',
    core_promotion_status: 'not-promoted',
    route: 'cto',
    ...overrides,
  };
  return `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n`;
}

const BANNER = 'Local planning SOT only. Not a Core Protocol. Not active Core authority.';

export function issuesDoc(body: string, title = 'Example Issues'): string {
  return `${frontmatter(title)}\n# ${title}\n\n${BANNER}\n\n${body}`;
}

export function prdDoc(body: string, title = 'Example PRD'): string {
  return `${frontmatter(title)}\n# ${title}\n\n${BANNER}\n\n${body}`;
}

/** A PRD body with every required section, each with one bullet. */
export function prdSections(names = ['Problem Statement', 'Solution', 'Scope', 'Non-Goals', 'Acceptance Criteria', 'Validation', 'Risks And Dependencies', 'Success Definition']): string {
  return names.map((n) => `## ${n}\n\n- ${n} text.\n`).join('\n');
}

export function workItem(id: string, status: string, extra = ''): string {
  return `## ${id} - Example Item\n\nStatus: ${status}.\n\nAcceptance:\n\n- It works.\n${extra}`;
}
