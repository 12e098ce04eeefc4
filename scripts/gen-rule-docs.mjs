#!/usr/bin/env node
// Writes docs/rules/<id>.md for every rule from its meta and its own ok / not-ok examples (the
// pages the editor's diagnostics and the SARIF output link to), docs/rules/README.md as the
// index, and the rule table of README.md (between its `<!-- rules:start -->` and
// `<!-- rules:end -->` lines). `--check` writes nothing and exits 1 when any of them is missing or
// out of date (`npm test` runs it).
//
// Usage: npm run build && node scripts/gen-rule-docs.mjs [--check]

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/rules');
const check = process.argv.includes('--check');
const registry = await import(pathToFileURL(join(root, 'dist/lint/registry.js')).href);

/** Examples that hold an endpoint-shaped value are described, not reproduced. */
const ENDPOINTISH = /[a-z][a-z0-9+.-]*:\/\/|\b\d{1,3}(?:\.\d{1,3}){3}\b/i;

function fence(text, lang = 'md') {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.endsWith('\n') ? text : `${text}\n`}${f}`;
}

function example(e, workspace) {
  const lines = [`### ${e.name}`, ''];
  const files = workspace ? Object.entries(e.files) : [[e.path ?? 'EXAMPLE-PRD.md', e.text]];
  for (const [name, text] of files) {
    if (ENDPOINTISH.test(text)) {
      lines.push(`\`${name}\`: (not reproduced here: it holds an endpoint-shaped example value; see the rule's examples in \`src/rules/\`)`, '');
      continue;
    }
    if (workspace || files.length > 1) lines.push(`\`${name}\`:`, '');
    lines.push(fence(text), '');
  }
  if (e.config) lines.push(`With config: \`${JSON.stringify(e.config)}\``, '');
  if (e.options) lines.push(`With the options: \`${JSON.stringify(e.options)}\``, '');
  if (e.errors?.length) {
    lines.push('Reported:', '');
    for (const x of e.errors) {
      const m = /^(?:(\S+) )?(\d+:\d+-\d+:\d+) (.*)$/s.exec(x);
      const [, file, at, message] = m ?? [undefined, undefined, x, ''];
      const [l1, c1, l2, c2] = at.split(/[:-]/);
      const where = l1 === l2 ? `line ${l1}, columns ${c1}–${c2}` : `${l1}:${c1} to ${l2}:${c2}`;
      lines.push(`- ${file ? `\`${file}\` ` : ''}${where}${message && !ENDPOINTISH.test(message) ? ` — ${message}` : ''}`);
    }
    lines.push('');
    if (e.output !== undefined && !ENDPOINTISH.test(e.output)) lines.push('After `sot lint --fix`:', '', fence(e.output), '');
  } else if (e.expect?.length) {
    lines.push('Reported:', '');
    for (const x of e.expect) {
      const where = `${workspace ? `${x.file}:` : 'line '}${x.line}${x.column ? `:${x.column}` : ''}`;
      lines.push(`- ${where}${x.message && !ENDPOINTISH.test(x.message) ? ` — “…${x.message}…”` : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The rule's options, from the JSON Schema in its `meta.schema`. */
function options(meta) {
  const props = Object.entries(meta.schema.properties ?? {});
  const example = Object.fromEntries(props.map(([k, p]) => [k, p.type === 'integer' || p.type === 'number' ? (p.minimum ?? 1) : p.type === 'boolean' ? true : p.type === 'array' ? [] : '…']));
  return [
    '## Options',
    '',
    `Given as \`[severity, options]\` in the config: \`"rules": { "${meta.id}": ["${meta.defaultSeverity}", ${JSON.stringify(example)}] }\`. Checked against this schema when the run starts (a bad option is a config error, exit 2).`,
    '',
    '| option | type | what |',
    '|---|---|---|',
    ...props.map(([k, p]) => `| \`${k}\` | ${p.type ?? 'any'}${p.minimum !== undefined ? ` ≥ ${p.minimum}` : ''} | ${p.description ?? ''} |`),
    '',
  ];
}

/** How a finding of the rule is suppressed, from `meta.suppression`. */
function suppressing(meta) {
  if (meta.suppression === 'never') {
    return ['## Suppressing', '', `No inline directive suppresses \`${meta.id}\`: a directive naming it suppresses nothing and is reported as unused.`, ''];
  }
  return ['## Suppressing one finding', '', fence(`<!-- sot-disable-next-line ${meta.id} -- why this is acceptable here -->`), ''];
}

function page(meta, examples) {
  const scope = meta.scope === 'workspace' ? 'cross-file (the work-item graph over every document)' : meta.scope === 'document' ? 'per file' : 'engine (reading files, directives)';
  const lines = [
    `# \`${meta.id}\``,
    '',
    `${meta.description}.`,
    '',
    `- Default severity: **${meta.defaultSeverity}** (set \`rules: { ${meta.id}: off | warn | error }\` in \`.sotrc.yaml\`)`,
    `- Scope: ${scope}`,
    `- Tags: ${meta.tags.map((t) => `\`${t}\``).join(', ') || '—'}`,
    `- Fixable: ${meta.fixable ? 'yes (`sot lint --fix`, and the editor quick fix)' : 'no'}`,
    `- Options: ${meta.schema ? 'see below' : 'none'}`,
    '',
    '## What and why',
    '',
    meta.docs,
    '',
    ...(meta.schema ? options(meta) : []),
    ...suppressing(meta),
  ];
  if (examples) {
    const ws = meta.scope === 'workspace';
    if (examples.notOk.length) lines.push('## Examples that are reported', '', ...examples.notOk.map((e) => example(e, ws)));
    if (examples.ok.length) lines.push('## Examples that are fine', '', ...examples.ok.map((e) => example(e, ws)));
  }
  lines.push(`---`, '', `Generated from \`${meta.scope ? `src/rules/${meta.id}.ts` : 'src/lint/registry.ts'}\` by \`npm run docs:rules\`; edit the rule, not this page.`, '');
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

const pages = new Map();
const rules = [...registry.allRules()];
for (const r of rules) pages.set(r.meta.id, page(r.meta, r.examples));
for (const meta of Object.values(registry.ENGINE_RULES)) pages.set(meta.id, page(meta, undefined));
const index = [
  '# sot rules',
  '',
  'One page per rule: what it checks, why, its default severity, and examples. The language server',
  '(`sot lsp`) links each diagnostic to its rule\'s page (`codeDescription`).',
  '',
  '| rule | checks | default | scope |',
  '|---|---|---|---|',
  ...rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.description} | ${r.meta.defaultSeverity} | ${r.meta.scope === 'workspace' ? 'cross-file' : 'file'} |`),
  ...Object.values(registry.ENGINE_RULES).map((m) => `| [\`${m.id}\`](${m.id}.md) | ${m.description} | ${m.defaultSeverity} | engine |`),
  '',
  'Generated by `npm run docs:rules`.',
  '',
].join('\n');
pages.set('README', index);

/** README.md's rule table: every rule (per-file, cross-file and the engine's), from the same metadata. */
const README = join(root, 'README.md');
const START = '<!-- rules:start (generated by `npm run docs:rules` from each rule\'s meta: edit the rule, not this table) -->';
const END = '<!-- rules:end -->';
const table = [
  START,
  '| id | checks | default | scope |',
  '|---|---|---|---|',
  ...rules.map((r) => `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.description} | ${r.meta.defaultSeverity} | ${r.meta.scope === 'workspace' ? 'cross-file' : 'file'} |`),
  ...Object.values(registry.ENGINE_RULES).map((m) => `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.description} | ${m.defaultSeverity} | engine |`),
  END,
].join('\n');
const readme = readFileSync(README, 'utf8');
const at = readme.indexOf('<!-- rules:start');
const end = readme.indexOf(END);
if (at === -1 || end === -1) {
  console.error('README.md has no `<!-- rules:start … -->` … `<!-- rules:end -->` block for the rule table');
  process.exit(1);
}
const newReadme = `${readme.slice(0, at)}${table}${readme.slice(end + END.length)}`;

const stale = [];
if (newReadme !== readme) {
  stale.push('README.md (rule table)');
  if (!check) writeFileSync(README, newReadme);
}
if (!check) mkdirSync(out, { recursive: true });
for (const [id, text] of pages) {
  const path = join(out, `${id}.md`);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  stale.push(`${id}.md`);
  if (!check) writeFileSync(path, text);
}
const extra = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.md') && !pages.has(f.slice(0, -3))) : [];
if (check) {
  if (stale.length || extra.length) {
    console.error(`docs/rules is out of date (${[...stale, ...extra.map((f) => `${f} (no such rule)`)].join(', ')}); run \`npm run docs:rules\``);
    process.exit(1);
  }
  console.log(`docs/rules: ${pages.size} pages up to date`);
} else console.log(`docs/rules: wrote ${stale.length} of ${pages.size} pages${extra.length ? `; no rule for ${extra.join(', ')}` : ''}`);
