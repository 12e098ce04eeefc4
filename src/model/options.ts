import { loadDataFile } from '../data/load-data.js';
import type { ClaimAssertion } from './types.js';

export interface DocumentsData {
  authorityBanner: string;
  bannerRequiredWhen: { key: string; value: string };
  kinds: { kind: 'prd' | 'issues'; titleSuffix: string; fileSuffix: string; requiredSections: string[]; minWorkItems?: number }[];
  workItems: {
    requiredLists: { label: string }[];
    requiredListsByStatus: Record<string, { label: string }[]>;
    evidenceHeading: string;
  };
}

interface ClaimsData {
  claims: { id: string; asserts: ClaimAssertion; pattern: string; example: string }[];
}

export interface ClaimPattern {
  id: string;
  asserts: ClaimAssertion;
  regex: RegExp;
  example: string;
}

/** Everything the model builder needs, compiled once per run from config and `rules/`. */
export interface ModelOptions {
  documents: DocumentsData;
  /** Global, sticky-free regex that finds work-item ids in text. */
  idRegex: RegExp;
  /** Anchored regex: a well-formed id on its own. */
  idExact: RegExp;
  claims: ClaimPattern[];
  evidenceHeading: RegExp;
}

export function buildModelOptions(workItemIdPattern: string): ModelOptions {
  const documents = loadDataFile<DocumentsData>('documents.yaml', 'documents.schema.json');
  const claimsData = loadDataFile<ClaimsData>('claims.yaml', 'claims.schema.json');
  const idBody = `(?:${workItemIdPattern})`;
  const idInText = `(?<![A-Za-z0-9_-])${idBody}(?![A-Za-z0-9_])`;
  return {
    documents,
    idRegex: new RegExp(idInText, 'g'),
    idExact: new RegExp(`^${idBody}$`),
    claims: claimsData.claims.map((c) => ({
      id: c.id,
      asserts: c.asserts,
      example: c.example,
      regex: new RegExp(c.pattern.replaceAll('{ID}', idInText), 'gi'),
    })),
    evidenceHeading: new RegExp(documents.workItems.evidenceHeading),
  };
}
