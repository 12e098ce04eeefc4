/**
 * The shapes of the vocabularies a run reads (rules/*.yaml, and the project's additions in its
 * config) and of the admission record: shared by the config loader, the options builder and the
 * requirement reader, so none of them imports another for a type.
 */
import type { ClaimAssertion } from './types.js';

export interface KindData {
  /** The kind's name (`prd`, `issues`, a project's `runbook`). */
  kind: string;
  titleSuffix: string;
  fileSuffix: string;
  requiredSections: string[];
  minWorkItems?: number;
}

export interface DocumentsData {
  authorityBanner: string;
  bannerRequiredWhen: { key: string; value: string };
  kinds: KindData[];
  workItems: {
    requiredLists: { label: string }[];
    requiredListsByStatus: Record<string, { label: string }[]>;
    evidenceHeading: string;
  };
}

export interface ClaimData {
  id: string;
  asserts: ClaimAssertion;
  pattern: string;
  example: string;
}

export interface RequirementsData {
  statements?: { id: string; pattern: string; endpointAlone?: boolean; examples?: { text: string; ids: string[]; condition?: string }[] }[];
  phrases?: { id: string; pattern: string; requires: RequirementRef; examples?: string[]; counterExamples?: string[] }[];
}

/** The admission JSON's facts (schemas/admission.schema.json; other keys are ignored). */
export interface AdmissionJson {
  decision_status: string;
  provider_class: string;
  admitted: { provider: string; model: string; status: string }[];
}

/** A requirement in the vocabulary's terms: a gate or one condition of rules/stage2.yaml. */
export interface RequirementRef {
  gate?: string;
  condition?: string;
}

export interface RequirementStatementPattern {
  id: string;
  regex: RegExp;
  endpointAlone: boolean;
}

export interface RequirementPhrase {
  id: string;
  regex: RegExp;
  requires: RequirementRef;
}

export const requirementKey = (r: RequirementRef): string => (r.gate !== undefined ? `gate:${r.gate}` : `condition:${r.condition}`);
