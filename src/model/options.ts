/**
 * Everything the model builder and the rules read besides the documents: the package's conventions
 * (rules/*.yaml) merged with the project's own facts from its config (kinds, admission record,
 * vocabulary additions, explicit requirements). Built once per run context, never kept in module
 * state: two projects in one process (the LSP's workspace folders) each get their own.
 */
import { readFileSync } from 'node:fs';
import type { SotConfig } from '../config/config.js';
import { loadDataFile, DataFileError } from '../data/load-data.js';
import { schemaValidator, describeAjvError } from '../data/ajv.js';
import type { Condition, FactValue } from '../gate/evaluate.js';
import { checkEvidenceLabels, type EvidenceLabels } from '../gate/evidence.js';
import { loadEvidenceLabels, loadStage2Rules } from '../gate/load-rules.js';
import { gateOf, type Stage2Rules } from '../gate/stage2-rules.js';
import { requirementKey, type AdmissionJson, type ClaimData, type DocumentsData, type KindData, type RequirementPhrase, type RequirementRef, type RequirementsData, type RequirementStatementPattern } from './vocabulary.js';
import type { ClaimAssertion } from './types.js';

export type { AdmissionJson, ClaimData, DocumentsData, KindData, RequirementsData };




interface ClaimsData {
  claims: ClaimData[];
}


export interface ClaimPattern {
  id: string;
  asserts: ClaimAssertion;
  regex: RegExp;
  example: string;
}


/** The admission record the project names (`admission:`): the run gate's decision record. */
export interface AdmissionRecord {
  /** Its file, or `(config)` for a record given in the config object. */
  file: string;
  facts: AdmissionJson;
}

/** One requirement the project's config states for an item (what no sentence says). */
export interface ConfiguredRequirement {
  key?: string;
  text?: string;
}

/** What the evidence checks read: gate rules, labels, the requirement vocabulary's conditions, the admission record. */
export interface ProjectEvidence {
  stage2: Stage2Rules;
  labels: EvidenceLabels;
  /** Every requirement key the vocabulary or the config can produce, with the conditions that decide it. */
  requirementConditions: Map<string, Condition[]>;
  admission?: AdmissionRecord;
  /** Facts every evidence set starts from: the admission record's, when one is configured. */
  baseFacts: Record<string, FactValue>;
  /** Requirements the config states, by item id. */
  configured: Map<string, ConfiguredRequirement[]>;
}

/** Everything the model builder needs, compiled once per run from config and `rules/`. */
export interface ModelOptions {
  documents: DocumentsData;
  /** Global, sticky-free regex that finds work-item ids in text. */
  idRegex: RegExp;
  /** Anchored regex: a well-formed id on its own. */
  idExact: RegExp;
  /** A well-formed id at the start of a heading text. */
  idAtStart: RegExp;
  claims: ClaimPattern[];
  requirementStatements: RequirementStatementPattern[];
  requirementPhrases: RequirementPhrase[];
  evidenceHeading: RegExp;
  evidence: ProjectEvidence;
}

/** A regex from data, or a DataFileError naming where it came from. */
function compilePattern(source: string, flags: string, where: string, file: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new DataFileError(file, [`${where} is not a valid regular expression: ${(e as Error).message}`]);
  }
}

function mergeDocuments(base: DocumentsData, config: SotConfig): DocumentsData {
  const kinds = base.kinds.map((k) => ({ ...k }));
  for (const k of config.kinds ?? []) {
    const i = kinds.findIndex((b) => b.kind === k.kind);
    if (i === -1) kinds.push({ ...k });
    else kinds[i] = { ...k };
  }
  const d = config.documents ?? {};
  return {
    authorityBanner: d.authorityBanner ?? base.authorityBanner,
    bannerRequiredWhen: d.bannerRequiredWhen ?? base.bannerRequiredWhen,
    kinds,
    workItems: { ...base.workItems, ...d.workItems },
  };
}

function mergeLabels(base: EvidenceLabels, config: SotConfig, stage2: Stage2Rules): EvidenceLabels {
  const add = config.vocabularies?.evidenceLabels;
  if (!add) return base;
  const merged: EvidenceLabels = {
    ...base,
    evidenceLists: [...base.evidenceLists, ...(add.evidenceLists ?? [])],
    labels: [...base.labels, ...(add.labels ?? [])],
    sentences: [...base.sentences, ...(add.sentences ?? [])],
  };
  const problems = checkEvidenceLabels(merged, stage2);
  if (problems.length) throw new DataFileError(config.file ?? 'config', problems.map((p) => `vocabularies.evidenceLabels (with rules/evidence-labels.yaml): ${p}`));
  return merged;
}

/** Reads and validates the admission JSON the config names; any problem stops the run (exit 2). */
export function loadAdmission(path: string, configFile: string): AdmissionRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFileError(configFile, [`\`admission\` ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); fix the path (relative to the config file)`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new DataFileError(path, [`not valid JSON: ${(e as Error).message.split('\n')[0]}`]);
  }
  return admissionRecord(data, path);
}

/** A validated admission record from parsed JSON (a file's, or one a library caller gives). */
export function admissionRecord(data: unknown, file: string): AdmissionRecord {
  const validate = schemaValidator('admission.schema.json');
  if (!validate(data)) throw new DataFileError(file, (validate.errors ?? []).map((e) => describeAjvError(e, 'admission JSON')));
  const d = data as AdmissionJson;
  return {
    file,
    facts: { decision_status: d.decision_status, provider_class: d.provider_class, admitted: d.admitted.map((a) => ({ provider: a.provider, model: a.model, status: a.status })) },
  };
}

function conditionsOf(stage2: Stage2Rules, ref: RequirementRef, where: string, file: string): Condition[] {
  if (ref.gate !== undefined) {
    if (!stage2.gates.some((g) => g.id === ref.gate)) throw new DataFileError(file, [`${where}: rules/stage2.yaml has no gate \`${ref.gate}\``]);
    return gateOf(stage2, ref.gate).conditions;
  }
  const c = stage2.gates.flatMap((g) => g.conditions).find((x) => x.id === ref.condition);
  if (!c) throw new DataFileError(file, [`${where}: rules/stage2.yaml has no condition \`${String(ref.condition)}\``]);
  return [c];
}

const byConfig = new WeakMap<SotConfig, ModelOptions>();

/** The run's options for this config (one object per config: a run context builds it once). */
export function buildModelOptions(config: SotConfig): ModelOptions {
  const hit = byConfig.get(config);
  if (hit) return hit;
  const file = config.file ?? 'config';
  const documents = mergeDocuments(loadDataFile<DocumentsData>('documents.yaml', 'documents.schema.json'), config);
  const claimsData = loadDataFile<ClaimsData>('claims.yaml', 'claims.schema.json');
  const requirementsData = loadDataFile<RequirementsData>('requirements.yaml', 'requirements.schema.json');
  const vocab = config.vocabularies ?? {};
  const idBody = `(?:${config.workItemIdPattern})`;
  const idInText = `(?<![A-Za-z0-9_-])${idBody}(?![A-Za-z0-9_])`;
  const withIds = (p: string) => p.replaceAll('{ID}', idInText);

  const stage2 = loadStage2Rules();
  const labels = mergeLabels(loadEvidenceLabels(), config, stage2);
  const statements = [...(requirementsData.statements ?? []), ...(vocab.requirementStatements ?? [])];
  const phrases = [...(requirementsData.phrases ?? []), ...(vocab.requirementPhrases ?? [])];
  const requirementConditions = new Map<string, Condition[]>();
  const addKey = (ref: RequirementRef, where: string) => requirementConditions.set(requirementKey(ref), conditionsOf(stage2, ref, where, file));
  phrases.forEach((p, i) => addKey(p.requires, `requirement phrase \`${p.id}\` (${i})`));
  const configured = new Map<string, ConfiguredRequirement[]>();
  for (const [id, list] of Object.entries(config.requirements ?? {})) {
    configured.set(id, list.map((r, i) => {
      if (typeof r === 'string') return { text: r };
      addKey(r, `\`requirements.${id}.${i}\``);
      return { key: requirementKey(r) };
    }));
  }
  const admission = typeof config.admission === 'string' ? loadAdmission(config.admission, file) : config.admission ? admissionRecord(config.admission, '(config)') : undefined;

  const options: ModelOptions = {
    documents,
    idRegex: new RegExp(idInText, 'g'),
    idExact: new RegExp(`^${idBody}$`),
    idAtStart: new RegExp(`^${idBody}(?![A-Za-z0-9_])`),
    claims: [...claimsData.claims, ...(vocab.claims ?? [])].map((c, i) => ({
      id: c.id,
      asserts: c.asserts,
      example: c.example,
      regex: compilePattern(withIds(c.pattern), 'gi', `claim \`${c.id}\` (${i})`, file),
    })),
    requirementStatements: statements.map((s, i) => ({
      id: s.id,
      endpointAlone: s.endpointAlone === true,
      regex: compilePattern(withIds(s.pattern), 'i', `requirement statement \`${s.id}\` (${i})`, file),
    })),
    requirementPhrases: phrases.map((p, i) => ({ id: p.id, requires: p.requires, regex: compilePattern(p.pattern, 'i', `requirement phrase \`${p.id}\` (${i})`, file) })),
    evidenceHeading: new RegExp(documents.workItems.evidenceHeading),
    evidence: {
      stage2,
      labels,
      requirementConditions,
      admission,
      baseFacts: admission ? { ...admission.facts } : {},
      configured,
    },
  };
  byConfig.set(config, options);
  return options;
}
