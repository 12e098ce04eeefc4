import { pathToFileURL } from 'node:url';
import { findRepoRoot, relativeInside } from '../git/repo.js';
import { ruleIds, ruleMeta } from '../lint/registry.js';
import type { LintMessage, RelatedLocation } from '../lint/types.js';
import { RULE_DOCS_BASE, ruleDocsUrl } from '../lsp/rule-docs.js';
import { toolVersion } from '../paths.js';
import type { Formatter } from './types.js';

/** The base every result URI is relative to: the repository root (`%SRCROOT%`, as code scanning expects). */
const SRCROOT = '%SRCROOT%';
/** Key of our stable finding identity in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = 'sotFindingHash/v1';
/** The project's page (`tool.driver.informationUri`): the repository the rule pages live in. */
export const INFORMATION_URI = RULE_DOCS_BASE.replace(/\/blob\/.*$/, '');
/**
 * GitHub code scanning rejects a run with more results than this, and a result with more
 * locations (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit;
 * the multitool's GH1004). Past them, what is left out is said in a tool notification.
 */
export const GITHUB_LIMITS = { resultsPerRun: 25_000, locationsPerResult: 1_000 };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * SARIF 2.1.0, one run: every rule the tool knows (with its docs as help text), then one result per
 * message with a repository-relative location, the line-independent fingerprint, and the graph
 * findings' other places as `relatedLocations`. Source text is never embedded (no snippets): a
 * finding may be about a secret.
 */
export const sarif: Formatter = (results, { cwd }) => {
  const root = findRepoRoot(cwd) ?? cwd;
  const artifact = (file: string): ArtifactLocation => {
    const rel = relativeInside(root, file);
    return rel === undefined ? { uri: pathToFileURL(file).href } : { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const ids = ruleIds();
  for (const r of results) for (const m of r.messages) if (!ids.includes(m.ruleId)) ids.push(m.ruleId);
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const meta = ruleMeta(id);
    // An id the registry does not know (none today) still gets the fields code scanning shows.
    if (!meta) return { id, name: pascalCase(id), shortDescription: { text: id }, fullDescription: { text: id }, defaultConfiguration: { level: 'warning' } };
    const help = `${/[.!?]$/.test(meta.description) ? meta.description : `${meta.description}.`}\n\n${meta.docs}`;
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: meta.description },
      fullDescription: { text: meta.docs },
      helpUri: ruleDocsUrl(id),
      help: { text: help, markdown: help },
      defaultConfiguration: { level: meta.defaultSeverity === 'error' ? 'error' : 'warning' },
      properties: { tags: meta.tags, ...(meta.fixable ? { fixable: true } : {}) },
    };
  });
  const all = results.flatMap((r) => r.messages.map((m) => ({ r, m })));
  const notifications: { level: 'warning'; message: { text: string } }[] = [];
  let kept = all;
  if (all.length > GITHUB_LIMITS.resultsPerRun) {
    // Errors first, each severity in the usual order (a stable sort keeps it).
    kept = [...all].sort((a, b) => b.m.severity - a.m.severity).slice(0, GITHUB_LIMITS.resultsPerRun);
    const order = new Map(all.map((x, i) => [x, i]));
    kept.sort((a, b) => order.get(a)! - order.get(b)!);
    notifications.push({
      level: 'warning',
      message: {
        text: `${all.length} findings, over code scanning's limit of ${GITHUB_LIMITS.resultsPerRun} results per run: this log keeps ${kept.length}, errors first, and leaves ${all.length - kept.length} out (\`sot lint --format json\` lists every finding)`,
      },
    });
  }
  const out = kept.map(({ r, m }) => {
    let rel = m.related ?? [];
    // One place is the result's own location.
    const room = GITHUB_LIMITS.locationsPerResult - 1;
    if (rel.length > room) {
      notifications.push({
        level: 'warning',
        message: { text: `${m.ruleId} at ${artifact(r.filePath).uri}:${m.line}:${m.column} has ${rel.length} related locations; the first ${room} are kept (code scanning's limit)` },
      });
      rel = rel.slice(0, room);
    }
    return {
      ruleId: m.ruleId,
      ruleIndex: index.get(m.ruleId)!,
      level: m.severity === 2 ? 'error' : 'warning',
      message: { text: m.message },
      locations: [{ physicalLocation: { artifactLocation: artifact(r.filePath), region: region(m) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: m.fingerprint },
      ...(rel.length ? { relatedLocations: rel.map((x, i) => related(x, i, artifact)) } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sot-lint', informationUri: INFORMATION_URI, version: toolVersion(), semanticVersion: toolVersion(), rules } },
        ...(notifications.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } },
        columnKind: 'utf16CodeUnits',
        results: out,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};

/** SARIF regions are 1-based with an exclusive end column, as our messages are. */
function region(m: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>) {
  const endLine = Math.max(m.line, m.endLine);
  const endColumn = endLine === m.line ? Math.max(m.column, m.endColumn) : m.endColumn;
  return { startLine: m.line, startColumn: m.column, endLine, endColumn };
}

function related(rel: RelatedLocation, id: number, artifact: (file: string) => ArtifactLocation) {
  return { id, physicalLocation: { artifactLocation: artifact(rel.filePath), region: region(rel) }, message: { text: rel.message } };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
