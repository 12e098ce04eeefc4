import fc from 'fast-check';

/**
 * Generators for the property tests: Markdown from a grammar of the constructs the SOT documents
 * use (frontmatter, headings, work items, labelled lists, evidence bullets, code, HTML and
 * directives, links, tables, quotes, and GitHub Flavored Markdown: strikethrough, task lists,
 * evidence tables, footnotes, literal autolinks), YAML frontmatter from its risky features, raw
 * bytes, and small work-item graphs (with struck-through blockers, blockers in a table and
 * acceptance task lists). Each is biased towards the shapes the rules look at, with free unicode
 * text mixed in so the unexpected also turns up.
 */

/** Runs per property in `npm test` (fixed seed); `npm run fuzz` raises it and picks a fresh seed. */
export const RUNS = Number(process.env.FC_RUNS ?? 0) || undefined;
/** Multiplies every property's own run count (`npm run fuzz` sets 20). */
export const FACTOR = Number(process.env.FC_FACTOR ?? 1) || 1;
export const SEED = Number(process.env.FC_SEED ?? 20261121);

export const IDS = ['CTO-WORK-001', 'CTO-WORK-002', 'CTO-WORK-003', 'CTO-WORK-020', 'CTO-WORK-030'];
const MALFORMED_IDS = ['CTO-WORK-1', 'CTO-WORK-030:', 'cto-work-002', 'CTO-WORK-0030', 'ABC-12'];
const STATUSES = ['blocked', 'validated', 'open', 'proposed', 'in-progress', 'deferred', 'superseded', 'Blocked', 'done', ''];
const LABELS = ['Acceptance', 'Blocked by', 'Validation evidence', 'Current evidence', 'Current unblock', 'Notes'];
const RULE_NAMES = ['duplicate-list-item', 'title-heading', 'no-endpoint-leak', 'work-item-sections', 'bogus-rule', ''];

/** Free text of any code points (lone surrogates, controls, RTL marks, emoji), kept short. */
export const noise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('\u0000', '\uFEFF', '\u202E', '\u200B', '\uFFFD', '\r', '\t', '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '&amp;', '&#0;', ':'),
);

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('the', 'item', 'Spark', 'endpoint', 'Case', 'qwen-local', 'remains', 'blocked', 'validated', 'until', 'pass', 'evidence', 'Stage', '2', 'run', 'config') },
  { weight: 2, arbitrary: fc.constantFrom(...IDS, ...MALFORMED_IDS) },
  { weight: 1, arbitrary: noise },
);

const words = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));

/** Inline content: words with code spans, emphasis, links and ids. */
export const inline: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: words },
      { weight: 1, arbitrary: words.map((w) => `\`${w}\``) },
      { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => `\`${id}\``) },
      { weight: 1, arbitrary: words.map((w) => `*${w}*`) },
      { weight: 1, arbitrary: words.map((w) => `**${w}**`) },
      { weight: 1, arbitrary: fc.tuple(words, fc.constantFrom('https://example.com/a', 'x.md', '#anchor', '')).map(([t, u]) => `[${t}](${u})`) },
      { weight: 1, arbitrary: fc.constantFrom('<https://example.com>', '[ref]', '![img](a.png)', '<b>bold</b>', '\\*', '***', '__', '`', '``') },
      // GFM: strikethrough (double and single tilde, and unpaired), footnote references, literal autolinks.
      { weight: 1, arbitrary: words.map((w) => `~~${w}~~`) },
      { weight: 1, arbitrary: fc.constantFrom(...IDS).map((id) => `~~\`${id}\`~~`) },
      { weight: 1, arbitrary: fc.constantFrom('~one~', '~~', '~', 'a~~b~~c', '~~~', '[^1]', '[^note]', 'www.example.com', 'https://example.com/x?y=1.', 'ops@example.com', 'mailto:a@example.com', 'www.', 'http://') },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(' '));

const claimSentence = fc
  .tuple(fc.constantFrom(...IDS), fc.constantFrom('remains blocked until', 'stays blocked until', 'is validated.', 'keeps', 'is now validated by', 'blocks'), words, fc.constantFrom('', '', '', '~~', '~'))
  .map(([id, verb, rest, strike]) => `${strike}\`${id}\` ${verb} ${rest}.${strike}`);

const evidenceBullet = fc
  .tuple(
    fc.constantFrom('Report status', 'Backend', 'Case process started', 'Case model provider', 'Case model', 'Case model admission status', 'Tests passed', 'Required events passed', 'Run artifact directory', 'Fake baseline run', 'Fake baseline status', 'CTO admission identity'),
    fc.oneof(fc.constantFrom('pass', 'fail', 'case', 'true', 'false', 'qwen-local', 'qwen3.6-35b-a3b', 'admitted', 'runs/2026-06-01-a', 'anthropic'), words),
  )
  .map(([label, value]) => `- ${label}: \`${value}\`.`);

function list(depth: number): fc.Arbitrary<string> {
  const item: fc.Arbitrary<string> =
    depth >= 2
      ? fc.oneof(inline, evidenceBullet.map((b) => b.slice(2)))
      : fc.oneof(
          { weight: 4, arbitrary: inline },
          { weight: 1, arbitrary: evidenceBullet.map((b) => b.slice(2)) },
          { weight: 1, arbitrary: fc.tuple(inline, fc.constant(null)).chain(([t]) => list(depth + 1).map((sub) => `${t}\n${sub.replace(/^/gm, '  ')}`)) },
        );
  return fc
    .tuple(fc.constantFrom('- ', '* ', '+ ', '1. ', '- [ ] ', '- [x] ', '- [X] ', '1. [ ] '), fc.array(item, { minLength: 1, maxLength: 5 }))
    .map(([marker, items]) => items.map((t) => `${marker}${t}`).join('\n'));
}

const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([d, t]) => `${'#'.repeat(d)} ${t}`);
const workItemHeading = fc
  .tuple(fc.constantFrom(...IDS, ...MALFORMED_IDS), fc.constantFrom(' - ', ' – ', ': ', ' -', ' '), words)
  .map(([id, sep, title]) => `## ${id}${sep}${title}`);
const evidenceHeading = fc
  .tuple(words, fc.constantFrom('2026-06-01', '2026-13-45', '2025-01-01', '2027-01-01'))
  .map(([w, d]) => `## ${w} Evidence - ${d}`);
const statusLine = fc.constantFrom(...STATUSES).map((s) => `Status: ${s}.`);
const labelled = fc
  .tuple(
    fc.constantFrom(...LABELS),
    fc.oneof(
      list(0),
      fc.array(fc.tuple(fc.constantFrom(...IDS, 'CTO-WORK-099'), fc.boolean()), { minLength: 1, maxLength: 3 }).map((ids) => ids.map(([id, struck]) => (struck ? `- ~~\`${id}\`~~ (resolved).` : `- \`${id}\`.`)).join('\n')),
    ),
  )
  .map(([label, l]) => `${label}:\n\n${l}`);
const code = fc
  .tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'yaml', 'sh', 'md'), fc.array(fc.oneof(inline, claimSentence, evidenceBullet), { maxLength: 3 }), fc.boolean())
  .map(([fence, lang, lines, closed]) => `${fence}${lang}\n${lines.join('\n')}${closed ? `\n${fence}` : ''}`);
const html = fc.oneof(
  fc.tuple(fc.constantFrom('sot-disable-next-line', 'sot-disable', 'sot-enable'), fc.constantFrom(...RULE_NAMES), fc.constantFrom(' -- a reason', ' --', '', ' -- ')).map(([k, r, reason]) => `<!-- ${k} ${r}${reason} -->`),
  fc.constantFrom('<!-- a comment -->', '<!--', '<div>\n\n*x*\n\n</div>', '<details><summary>s</summary>', '<!-- sot-disable-next-line -->'),
);
const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/[\r\n]/g, ' ');
const table = fc.oneof(
  fc.array(fc.tuple(words, inline), { minLength: 1, maxLength: 4 }).map((rows) => `| a | b |\n|---|:-:|\n${rows.map(([x, y]) => `| ${cell(x)} | ${cell(y)} |`).join('\n')}`),
  // Evidence as a table (label | value), with struck cells, a header row only, three columns, no outer pipes.
  fc.array(evidenceBullet.map((b) => b.slice(2)), { minLength: 0, maxLength: 5 }).chain((rows) =>
    fc.constantFrom('plain', 'struck', 'three', 'bare').map((how) => {
      const split = rows.map((r) => [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)]);
      if (how === 'three') return `| Label | Value | Note |\n| --- | --- | --- |\n${split.map(([l, v]) => `| ${cell(l!)} | ${cell(v!)} | x |`).join('\n')}`;
      if (how === 'bare') return `Label | Value\n--- | ---\n${split.map(([l, v]) => `${cell(l!)} | ${cell(v!)}`).join('\n')}`;
      return `| Label | Value |\n| --- | --- |\n${split.map(([l, v], i) => (how === 'struck' && i % 2 ? `| ~~${cell(l!)}~~ | ${cell(v!)} |` : `| ${cell(l!)} | ${cell(v!)} |`)).join('\n')}`;
    }),
  ),
);
const footnote = fc.tuple(fc.constantFrom('1', 'note', '2'), fc.oneof(inline, claimSentence)).map(([name, body]) => `[^${name}]: ${body}`);
const quote = fc.oneof(inline, claimSentence, list(1)).map((b) => b.replace(/^/gm, '> '));

/** One block of a document body. */
export const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: inline },
  { weight: 2, arbitrary: claimSentence },
  { weight: 2, arbitrary: heading },
  { weight: 3, arbitrary: workItemHeading },
  { weight: 1, arbitrary: evidenceHeading },
  { weight: 3, arbitrary: statusLine },
  { weight: 3, arbitrary: labelled },
  { weight: 2, arbitrary: list(0) },
  { weight: 1, arbitrary: code },
  { weight: 1, arbitrary: html },
  { weight: 1, arbitrary: table },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LABELS), table).map(([label, t]) => `${label}:\n\n${t}`) },
  { weight: 1, arbitrary: footnote },
  { weight: 1, arbitrary: quote },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', 'Local planning SOT only. Not a Core Protocol. Not active Core authority.', 'No external provider fallback was used.', '[ref]: https://example.com "t"') },
  { weight: 1, arbitrary: noise },
);

const FRONTMATTER_KEYS = ['title', 'status', 'lifecycle_classification', 'owner', 'created', 'last_reviewed', 'core_promotion_status', 'route'];

/** YAML between the fences: valid keys, risky values and the features that break parsers. */
export const yamlBody: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...FRONTMATTER_KEYS), fc.oneof(words, fc.constantFrom('2026-06-01', '2026-02-30', 'not-promoted', 'draft', 'sot', 'cto', 'null', '~', '1e999', '0x1F', 'yes', '"quoted"', "'single'", '"unterminated', "'unterminated", '[a, b]', '{a: b}', '|', '>-', '!!binary aGVsbG8=', '!!str 2026-06-01', '&anchor value', '*anchor', '*undefined'))).map(([k, v]) => `${k}: ${v}`) },
      { weight: 1, arbitrary: fc.constantFrom('<<: *anchor', '? complex key\n: value', '- a list', '  indented: wrongly', '\tkey: tab', 'key: [unclosed', 'key: {unclosed', 'title: a\ntitle: b', '%YAML 1.2', '...', '---', '#comment', 'a: &x [*x]', 'k: !custom tag', 'k: "\\u0000"', 'k: |\n  block\n  scalar') },
      { weight: 1, arbitrary: noise.map((n) => `key: ${n}`) },
      { weight: 1, arbitrary: noise },
    ),
    { maxLength: 10 },
  )
  .map((lines) => lines.join('\n'));

/** A "billion laughs" block with the given fan-out and depth. */
export function aliasBomb(fanOut: number, depth: number): string {
  const names = Array.from({ length: depth }, (_, i) => `l${i}`);
  const lines = [`${names[0]}: &${names[0]} [${Array(fanOut).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`${names[i]}: &${names[i]} [${Array(fanOut).fill(`*${names[i - 1]}`).join(', ')}]`);
  return lines.join('\n');
}

const frontmatter = fc.oneof(
  { weight: 6, arbitrary: yamlBody.map((y) => `---\n${y}\n---\n`) },
  { weight: 1, arbitrary: yamlBody.map((y) => `---\n${y}\n`) }, // unterminated
  { weight: 1, arbitrary: fc.constantFrom('---\n', '---', '---\n---\n', '--- \n...\n', `---\n${aliasBomb(9, 9)}\n---\n`, '+++\ntitle = "toml"\n+++\n') },
  { weight: 2, arbitrary: fc.constant('') },
);

/** A whole document: optional frontmatter, then blocks joined by blank or single line breaks. */
export const markdown: fc.Arbitrary<string> = fc
  .tuple(frontmatter, fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n', '\n\n\n')), { maxLength: 14 }))
  .map(([fm, blocks]) => fm + blocks.map(([b, sep]) => b + sep).join(''));

/** Line endings and whitespace a document can arrive with. */
export type Ending = 'lf' | 'crlf' | 'cr' | 'mixed';
export function withEndings(text: string, ending: Ending, seed = 0): string {
  const lf = text.replace(/\r\n?/g, '\n');
  if (ending === 'lf') return lf;
  if (ending === 'crlf') return lf.replace(/\n/g, '\r\n');
  if (ending === 'cr') return lf.replace(/\n/g, '\r');
  // A lone CR directly followed by a lone LF would be one CRLF line ending, not two.
  let i = seed;
  let last = '';
  let lastAt = -2;
  return lf.replace(/\n/g, (_m, at: number) => {
    let next = ['\n', '\r\n', '\r'][i++ % 3]!;
    if (next === '\n' && last === '\r' && lastAt === at - 1) next = '\r\n';
    last = next;
    lastAt = at;
    return next;
  });
}

/** Bytes: random, or a document with damage (NUL, invalid UTF-8, BOMs, UTF-16). */
export const bytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.tuple(markdown, fc.constantFrom('utf8', 'bom', 'utf16le', 'utf16be', 'nul', 'ff', 'truncated'), fc.nat()).map(([text, how, at]) => {
    const utf8 = Buffer.from(text, 'utf8');
    const pos = utf8.length ? at % utf8.length : 0;
    switch (how) {
      case 'bom':
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
      case 'utf16le':
        return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      case 'utf16be':
        return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
      case 'nul':
        return Buffer.concat([utf8.subarray(0, pos), Buffer.from([0]), utf8.subarray(pos)]);
      case 'ff':
        return Buffer.concat([utf8.subarray(0, pos), Buffer.from([0xff, 0xc3]), utf8.subarray(pos)]);
      case 'truncated':
        return utf8.subarray(0, pos);
      default:
        return utf8;
    }
  }),
);

/** A set of documents named like SOT files (unique names). */
export const docSet: fc.Arbitrary<Record<string, string>> = fc
  .uniqueArray(fc.tuple(fc.constantFrom('A-ISSUES.md', 'B-ISSUES.md', 'C-PRD.md', 'D-PRD.md', 'notes.md', 'E ISSUES.md', 'ünï-PRD.md', 'new\nline-ISSUES.md', 'esc\u001b[31m-PRD.md'), markdown), { minLength: 1, maxLength: 4, selector: ([name]) => name })
  .map((entries) => Object.fromEntries(entries));

// ------------------------------------------------------------------ work-item graphs

export interface GraphSpec {
  /**
   * Item definitions: id, status (undefined: no status line), blockers, blockers struck through
   * (resolved: no edge), whether its `Blocked by:` list is a two-column table, its acceptance task
   * boxes (true: checked; none: plain bullets), and which file holds it.
   */
  defs: { id: string; status?: string; blockers: string[]; struck: string[]; table: boolean; boxes: boolean[]; file: number }[];
}

const GRAPH_IDS = ['CTO-WORK-001', 'CTO-WORK-002', 'CTO-WORK-003', 'CTO-WORK-004', 'CTO-WORK-005', 'CTO-WORK-006'];

/** Up to six items over one to three files, random blocked-by edges (self-loops, unknown ids), sometimes defined twice. */
export const graphSpec: fc.Arbitrary<GraphSpec> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => {
    const ids = GRAPH_IDS.slice(0, n);
    const def = (id: string) =>
      fc.record({
        id: fc.constant(id),
        status: fc.option(fc.constantFrom('blocked', 'validated', 'open'), { nil: undefined }),
        blockers: fc.uniqueArray(fc.constantFrom(...ids, 'CTO-WORK-099'), { maxLength: 4 }),
        struck: fc.uniqueArray(fc.constantFrom(...ids, 'CTO-WORK-099'), { maxLength: 2 }),
        table: fc.boolean(),
        boxes: fc.array(fc.boolean(), { maxLength: 3 }),
        file: fc.integer({ min: 0, max: 2 }),
      });
    return fc.tuple(fc.tuple(...ids.map(def)), fc.array(fc.constantFrom(...ids).chain(def), { maxLength: 2 }));
  })
  .map(([defs, extra]) => ({ defs: [...defs, ...extra] }));

const FM = (title: string) =>
  `---\ntitle: ${title}\nstatus: draft\nlifecycle_classification: sot\nowner: jp\ncreated: 2026-06-01\nlast_reviewed: 2026-06-01\ncore_promotion_status: not-promoted\nroute: cto\n---\n\n# ${title}\n\nLocal planning SOT only. Not a Core Protocol. Not active Core authority.\n\n`;

/** The files a graph spec's items are written to. */
export const GRAPH_FILES = ['G-ONE-ISSUES.md', 'G-TWO-ISSUES.md', 'G-THREE-ISSUES.md'];

/** The documents of a graph spec: one Issues file per used file index. */
export function graphDocs(spec: GraphSpec): Record<string, string> {
  const files: Record<string, string> = {};
  const names = GRAPH_FILES;
  const titles = ['G One Issues', 'G Two Issues', 'G Three Issues'];
  spec.defs.forEach((d) => {
    const name = names[d.file]!;
    files[name] ??= FM(titles[d.file]!);
    const acceptance = d.boxes.length ? d.boxes.map((checked, i) => `- [${checked ? 'x' : ' '}] Done ${i + 1}.`).join('\n') : '- Done.';
    files[name] += `## ${d.id} - Item\n\n${d.status ? `Status: ${d.status}.\n\n` : ''}Acceptance:\n\n${acceptance}\n\n`;
    const entries = [...d.blockers.map((b) => ({ id: `\`${b}\``, note: 'open' })), ...d.struck.map((b) => ({ id: `~~\`${b}\`~~`, note: 'resolved' }))];
    if (!entries.length) return;
    files[name] += d.table
      ? `Blocked by:\n\n| Item | Note |\n| --- | --- |\n${entries.map((e) => `| ${e.id} | ${e.note} |`).join('\n')}\n\n`
      : `Blocked by:\n\n${entries.map((e) => `- ${e.id} (${e.note}).`).join('\n')}\n\n`;
  });
  return files;
}
