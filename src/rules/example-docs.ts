/**
 * Builders of small valid documents (a frontmatter, the H1 and the banner; the body starts on line
 * 16), for tests. Rules' own examples do not use them: an example is the file as it is linted
 * (docs/rules-authoring.md). The banner and the PRD sections are read from rules/documents.yaml
 * when a builder is first called, never when this module is imported.
 */
import { loadDataFile } from '../data/load-data.js';
import type { DocumentsData } from '../model/options.js';

let documents: DocumentsData | undefined;
const documentsData = (): DocumentsData => (documents ??= loadDataFile<DocumentsData>('documents.yaml', 'documents.schema.json'));

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

export function issuesDoc(body: string, title = 'Example Issues'): string {
  return `${frontmatter(title)}\n# ${title}\n\n${documentsData().authorityBanner}\n\n${body}`;
}

export function prdDoc(body: string, title = 'Example PRD'): string {
  return `${frontmatter(title)}\n# ${title}\n\n${documentsData().authorityBanner}\n\n${body}`;
}

/** A PRD body with every required section (rules/documents.yaml), each with one bullet. */
export function prdSections(names = documentsData().kinds.find((k) => k.kind === 'prd')?.requiredSections ?? []): string {
  return names.map((n) => `## ${n}\n\n- ${n} text.\n`).join('\n');
}

export function workItem(id: string, status: string, extra = ''): string {
  return `## ${id} - Example Item\n\nStatus: ${status}.\n\nAcceptance:\n\n- It works.\n${extra}`;
}
