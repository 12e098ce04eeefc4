import { authorityBanner } from '../rules/authority-banner.js';
import { blockedByCycle } from '../rules/blocked-by-cycle.js';
import { docSections } from '../rules/doc-sections.js';
import { duplicateListItem } from '../rules/duplicate-list-item.js';
import { duplicateWorkItem } from '../rules/duplicate-work-item.js';
import { evidenceGate } from '../rules/evidence-gate.js';
import { filenameTitle } from '../rules/filename-title.js';
import { frontmatterDates } from '../rules/frontmatter-dates.js';
import { frontmatterMissing } from '../rules/frontmatter-missing.js';
import { frontmatterSchema } from '../rules/frontmatter-schema.js';
import { frontmatterSyntax } from '../rules/frontmatter-syntax.js';
import { noEndpointLeak } from '../rules/no-endpoint-leak.js';
import { statusClaimConflict } from '../rules/status-claim-conflict.js';
import { titleHeading } from '../rules/title-heading.js';
import { unknownWorkItem } from '../rules/unknown-work-item.js';
import { validatedWithOpenAcceptance } from '../rules/validated-with-open-acceptance.js';
import { validatedWithOpenBlocker } from '../rules/validated-with-open-blocker.js';
import { workItemHeading } from '../rules/work-item-heading.js';
import { workItemSections } from '../rules/work-item-sections.js';
import { workItemStatus } from '../rules/work-item-status.js';
import type { Rule, RuleMeta } from './types.js';

const RULES: Rule[] = [
  frontmatterMissing,
  frontmatterSyntax,
  frontmatterSchema,
  frontmatterDates,
  titleHeading,
  filenameTitle,
  authorityBanner,
  docSections,
  duplicateListItem,
  workItemHeading,
  workItemStatus,
  workItemSections,
  duplicateWorkItem,
  unknownWorkItem,
  blockedByCycle,
  validatedWithOpenBlocker,
  validatedWithOpenAcceptance,
  statusClaimConflict,
  evidenceGate,
  noEndpointLeak,
];

/** Checks the engine itself performs (reading files, directives); configurable like any rule. */
export const ENGINE_RULES: Record<string, RuleMeta> = {
  'file-unreadable': {
    id: 'file-unreadable',
    description: 'The file can be read as UTF-8 text within the configured limits',
    defaultSeverity: 'error',
    tags: ['input'],
    suppression: 'never',
    docs: 'Binary files, invalid UTF-8, directories named as files, unreadable or vanished files, and files over the configured limits (`limits.maxFileBytes`, a line over `limits.maxLineLength`, block quotes and lists nested deeper than `limits.maxNesting`, a paragraph with more than `limits.maxInlineMarkers` emphasis and strikethrough markers and brackets) are reported instead of being skipped silently or parsed for minutes.',
  },
  'suppression-reason': {
    id: 'suppression-reason',
    description: 'Every `sot-disable` directive gives a reason after ` -- `',
    defaultSeverity: 'error',
    tags: ['directives'],
    docs: 'Write `<!-- sot-disable-next-line RULE -- why -->`. A directive without a reason suppresses nothing.',
  },
  'unused-suppression': {
    id: 'unused-suppression',
    description: 'Every `sot-disable` directive suppresses something and names known rules',
    defaultSeverity: 'warn',
    tags: ['directives'],
    docs: 'A directive that no longer suppresses anything hides the next real finding; remove it.',
  },
  'internal-error': {
    id: 'internal-error',
    description: 'A rule failed on this file (a bug in sot-lint)',
    defaultSeverity: 'error',
    tags: ['internal'],
    suppression: 'never',
    docs: 'sot-lint could not finish a check. The run exits 2. Please report it with the file.',
  },
};

export function allRules(): readonly Rule[] {
  return RULES;
}

export function ruleIds(): string[] {
  return [...RULES.map((r) => r.meta.id), ...Object.keys(ENGINE_RULES)];
}

/** The metadata of `rules` and of the engine's own checks, by id: what a run context reports with. */
export function metaByIdOf(rules: readonly Rule[]): ReadonlyMap<string, RuleMeta> {
  return new Map([...rules.map((r): [string, RuleMeta] => [r.meta.id, r.meta]), ...Object.entries(ENGINE_RULES)]);
}

let metaById: ReadonlyMap<string, RuleMeta> | undefined;
/** A registered rule's metadata (the built-in set; a run context given its own rules asks its own map). */
export function ruleMeta(id: string): RuleMeta | undefined {
  metaById ??= metaByIdOf(RULES);
  return metaById.get(id);
}
