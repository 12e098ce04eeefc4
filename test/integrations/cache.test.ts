import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobHash, cacheKey } from '../../src/cache/cache.js';
import { defaultConfig, filesNamedByConfig } from '../../src/config/config.js';
import { issuesDoc, workItem } from '../../src/rules/example-docs.js';
import { realDocsDir, sot, sotJson, TODAY, type JsonResult } from '../helpers/lint.js';
import { tempDirs } from '../helpers/temp.js';
import { cleanIssues, cleanPrd, git, tempRepo, writeFiles } from './helpers.js';

const noGitEnv = { GIT_DIR: undefined, GIT_INDEX_FILE: undefined, GIT_WORK_TREE: undefined };
const tempDir = tempDirs('cache');

function realProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sot-cache-'));
  cpSync(realDocsDir, join(dir, 'cto', '.sot', '03-PROTOCOLS'), { recursive: true });
  return dir;
}

/** Phases the run spent time in (from --timing): a warm run parses nothing. */
function phases(stderr: string): string[] {
  return stderr.split('\n').flatMap((l) => (/^\S+\s+\|\s+[\d.]+\s+\|/.test(l) ? [l.split(/\s+/)[0]!] : []));
}

interface StoredEntry {
  hash: string;
  rules: boolean;
  /** Undefined for a locked entry (encrypted under the document's own text). */
  analysis?: { messages: { ruleId: string }[] };
  locked: boolean;
  body: string;
}

/** The shard files of the cache in `dir` (one folder per cache key). */
function shardFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^v\d+-/.test(e.name))
    .flatMap((e) => readdirSync(join(dir, e.name)).filter((f) => /^\d+\.jsonl$/.test(f)).map((f) => join(dir, e.name, f)));
}

/** Every entry of the cache in `dir`: shard lines are `["path","hash",rules,stamp?,locked?]<TAB>analysis<TAB>lazy fields…`. */
function readCache(dir: string): Record<string, StoredEntry> {
  const out: Record<string, StoredEntry> = {};
  for (const file of shardFiles(dir)) {
    const [header, ...lines] = readFileSync(file, 'utf8').split('\n');
    expect(JSON.parse(header!)).toMatchObject({ tool: 'sot-lint' });
    for (const line of lines.filter(Boolean)) {
      const [head, analysis] = line.split('\t');
      const [path, hash, rules, , locked] = JSON.parse(head!) as [string, string, boolean, unknown, unknown];
      out[path] = { hash, rules, locked: locked === 1, body: line.slice(head!.length + 1), analysis: locked === 1 ? undefined : (JSON.parse(analysis!) as StoredEntry['analysis']) };
    }
  }
  return out;
}

describe('--cache', () => {
  it('gives exactly the uncached results, and a warm run parses nothing', () => {
    const dir = realProject();
    const plain = sotJson(['lint'], { cwd: dir });
    const cold = sotJson(['lint', '--cache'], { cwd: dir });
    const warm = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing'], { cwd: dir });
    expect(cold.results).toEqual(plain.results);
    expect(JSON.parse(warm.stdout)).toEqual(plain.results);
    expect(warm.code).toBe(plain.code);
    expect(phases(warm.stderr)).toContain('cache');
    expect(phases(warm.stderr)).not.toContain('parse');
    // (Files older than 2 s when read are not read again: on a loaded machine the cold run takes that long.)
    expect(warm.stderr).toMatch(/^cache: 4 reused(?: \(\d not read: size and mtime unchanged\))?, 0 analysed \(/m);
    // The default location, kept out of git.
    expect(readFileSync(join(dir, '.sot-cache', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('stores per-file results only: cross-file findings follow the other files while a file is cached', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sot-cache-x-'));
    writeFiles(dir, { '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']), '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-002']) });
    const lint = () => sotJson(['lint', '--cache', '.sot/A-ISSUES.md'], { cwd: dir });
    expect(lint().results[0]!.messages).toEqual([]);
    // B now defines CTO-WORK-001 too: A (unchanged, from the cache) gets the duplicate.
    writeFiles(dir, { '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-001']) });
    expect(lint().results[0]!.messages.map((m) => m.ruleId)).toEqual(['duplicate-work-item']);
    writeFiles(dir, { '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-002']) });
    expect(lint().results[0]!.messages).toEqual([]);
    const entries = readCache(join(dir, '.sot-cache'));
    expect(Object.keys(entries).sort()).toEqual([join(dir, '.sot/A-ISSUES.md'), join(dir, '.sot/B-ISSUES.md')]);
    const stored = Object.values(entries).flatMap((e) => (e.analysis?.messages ?? []).map((m) => m.ruleId));
    expect(stored).not.toContain('duplicate-work-item');
    // Keyed by git's blob hash of the content.
    expect(entries[join(dir, '.sot/A-ISSUES.md')]!.hash).toBe(blobHash(readFileSync(join(dir, '.sot/A-ISSUES.md'))));
    expect(git(dir, 'hash-object', '.sot/A-ISSUES.md').trim()).toBe(entries[join(dir, '.sot/A-ISSUES.md')]!.hash);
  });

  it('is invalidated by the config, the date, the tool\'s data files; changed files are re-analysed', () => {
    const dir = realProject();
    const first = sotJson(['lint', '--cache'], { cwd: dir });
    expect(first.results.flatMap((r) => r.messages).some((m) => m.ruleId === 'duplicate-list-item')).toBe(true);
    writeFileSync(join(dir, '.sotrc.yaml'), 'rules:\n  duplicate-list-item: "off"\n');
    const off = sotJson(['lint', '--cache'], { cwd: dir });
    expect(off.results.flatMap((r) => r.messages).some((m) => m.ruleId === 'duplicate-list-item')).toBe(false);

    const cfg = defaultConfig('/p');
    const data = mkdtempSync(join(tmpdir(), 'sot-cache-data-'));
    writeFileSync(join(data, 'claims.yaml'), 'a: 1\n');
    const k = cacheKey(cfg, '2026-01-01', [data]);
    expect(cacheKey(cfg, '2026-01-01', [data])).toBe(k);
    expect(cacheKey(cfg, '2026-01-02', [data])).not.toBe(k);
    expect(cacheKey({ ...cfg, externalItems: ['CTO-WORK-001'] }, '2026-01-01', [data])).not.toBe(k);
    writeFileSync(join(data, 'claims.yaml'), 'a: 2\n');
    expect(cacheKey(cfg, '2026-01-01', [data])).not.toBe(k);

    // An edited document is analysed again.
    const prd = join(dir, 'cto', '.sot', '03-PROTOCOLS', 'CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md');
    writeFileSync(prd, readFileSync(prd, 'utf8').replace('# CTO Case Local Provider Route PRD', '# Changed'));
    const edited = sotJson(['lint', '--cache'], { cwd: dir });
    expect(edited.results.flatMap((r) => r.messages).some((m) => m.ruleId === 'title-heading')).toBe(true);
  });

  it('ignores corrupt, foreign or outdated cache files and replaces them; --cache-location is honoured', () => {
    const dir = realProject();
    const plain = sotJson(['lint'], { cwd: dir });
    const loc = join(dir, 'my-cache');
    const lint = () => sotJson(['lint', '--cache', '--cache-location', 'my-cache'], { cwd: dir });
    expect(lint().results).toEqual(plain.results);
    const shards = shardFiles(loc);
    expect(shards.length).toBeGreaterThan(0);
    const good = shards.map((f) => readFileSync(f, 'utf8'));
    const damage: ((text: string) => string | Buffer)[] = [
      (t) => t.slice(0, Math.floor(t.length / 2)), // cut short mid-line
      () => Buffer.from([0, 1, 2, 0xff]), // not text
      (t) => t.replace(/"key":"[0-9a-f]+"/, '"key":"0000"'), // another key
      (t) => t.replace(/"messages":\[/g, '"messages":"nope","was":['), // right key, wrong shape
      (t) => t.replace(/\t/g, '\t}{'), // right key, not JSON
    ];
    for (const harm of damage) {
      shards.forEach((f, i) => writeFileSync(f, harm(good[i]!)));
      const r = lint();
      expect(r.stderr).toBe('');
      expect(r.results).toEqual(plain.results);
      // Replaced by a good cache, which the next run uses.
      expect(Object.keys(readCache(loc)).length).toBe(4);
    }
    expect(existsSync(join(dir, '.sot-cache'))).toBe(false);
    // Another configuration makes another cache; writing it removes the old one.
    writeFileSync(join(dir, '.sotrc.yaml'), 'externalItems: [CTO-WORK-016]\n');
    lint();
    expect(readdirSync(loc).filter((n) => n.startsWith('v'))).toHaveLength(1);
    expect(shardFiles(loc).some((f) => shards.includes(f))).toBe(false);
    // With a node_modules folder, the default is node_modules/.cache/sot-lint.
    mkdirSync(join(dir, 'node_modules'));
    sotJson(['lint', '--cache'], { cwd: dir });
    expect(Object.keys(readCache(join(dir, 'node_modules', '.cache', 'sot-lint'))).length).toBe(4);
  });

  it('keeps a document holding a leaked value sealed (its place and range, never the value): reused as context and in scope, after a read of the file', () => {
    const value = 'http://100.101.102.103:8000/v1';
    const dir = tempDir('leak');
    writeFiles(dir, {
      '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']),
      '.sot/B-ISSUES.md': `${cleanIssues('B Issues', ['CTO-WORK-001'])}\nThe runtime answered at ${value} during the test.\n`,
    });
    // Written an hour ago: their stamps (size and mtime) vouch for them, so an unchanged file is not read.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of ['A-ISSUES.md', 'B-ISSUES.md']) utimesSync(join(dir, '.sot', f), hourAgo, hourAgo);
    const lintA = () => sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', '.sot/A-ISSUES.md'], { cwd: dir });
    const cold = lintA();
    const warm = lintA();
    // B (context) is reused from the cache: the warm run parses nothing, and A still sees B's duplicate.
    // A is not read; B is (a sealed entry takes its values from the file).
    expect(warm.stderr).toMatch(/^cache: 2 reused \(1 not read: size and mtime unchanged\), 0 analysed \(/m);
    expect(phases(warm.stderr)).not.toContain('parse');
    expect(JSON.parse(warm.stdout)).toEqual(JSON.parse(cold.stdout));
    expect((JSON.parse(warm.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toEqual(['duplicate-work-item']);
    // What is stored: B as context only, and no trace of the value in any cache file.
    const entries = readCache(join(dir, '.sot-cache'));
    expect(entries[join(dir, '.sot/B-ISSUES.md')]!.rules).toBe(false);
    const stored = shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(stored).not.toContain('100.101.102.103');
    // B's entry is sealed and locked: encrypted under B's own text, so neither the value nor its
    // place or length (the sealed ranges) can be read from the cache without the document.
    const b0 = entries[join(dir, '.sot/B-ISSUES.md')]!;
    expect(b0.locked).toBe(true);
    expect(b0.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const bText = readFileSync(join(dir, '.sot/B-ISSUES.md'), 'utf8');
    // In scope, B is analysed once (it was stored for context only), then reused: the value comes back from the file.
    const lintB = () => sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', '.sot/B-ISSUES.md'], { cwd: dir });
    const b = lintB();
    expect(b.stderr).toMatch(/^cache: 1 reused \(1 not read: size and mtime unchanged\), 1 analysed \(/m);
    expect(b.stdout).toContain('no-endpoint-leak');
    expect(b.stdout).not.toContain('100.101.102.103');
    const bWarm = lintB();
    expect(bWarm.stderr).toMatch(/^cache: 2 reused \(1 not read: size and mtime unchanged\), 0 analysed \(/m);
    expect(phases(bWarm.stderr)).not.toContain('parse');
    expect(bWarm.stdout).toBe(b.stdout);
    // Another value of the same length with the old mtime (the stamp still vouches for the file): the
    // read for the seal sees other content, so B is analysed again, and the finding moves with the text.
    const bPath = join(dir, '.sot/B-ISSUES.md');
    const { size } = statSync(bPath);
    writeFileSync(bPath, bText.replace(value, 'http://100.101.102.104:8000/v1').replace('The runtime answered', 'Its runtime answered'));
    utimesSync(bPath, hourAgo, hourAgo);
    expect(statSync(bPath).size).toBe(size);
    const changed = lintB();
    expect(changed.stderr).toMatch(/^cache: 1 reused \(1 not read: size and mtime unchanged\), 1 analysed \(/m);
    expect(changed.stdout).toContain('no-endpoint-leak');
    expect(changed.stdout).not.toMatch(/100\.101\.102\.10[34]/);
    expect(shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n')).not.toMatch(/100\.101\.102/);
  });

  it('stores no part of a leaked value anywhere in an entry, prepared rule parts included', () => {
    // An id pattern that also matches the token: the reference is then document text inside a leak.
    const token = '9f8e7d6c5b4a39281706';
    const dir = tempDir('leak-id');
    writeFiles(dir, {
      '.sotrc.json': JSON.stringify({ workItemIdPattern: '(?:CTO-WORK-[0-9]{3}|[0-9a-f]{20})' }),
      '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']),
      '.sot/B-ISSUES.md': `${cleanIssues('B Issues', ['CTO-WORK-002'])}\nThe probe sent \`Authorization: Bearer ${token}\` to the runtime.\n`,
    });
    const run = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '.sot/A-ISSUES.md'], { cwd: dir });
    expect(run.stdout).not.toContain(token);
    const entries = readCache(join(dir, '.sot-cache'));
    expect(entries[join(dir, '.sot/B-ISSUES.md')]!.rules).toBe(false);
    const stored = shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(4, 12));
    // In scope, the leak is reported and the token is still nowhere in the output or the cache.
    const b = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '.sot/B-ISSUES.md'], { cwd: dir });
    expect(b.stdout).toContain('no-endpoint-leak');
    expect(b.stdout).not.toContain(token);
    expect(shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n')).not.toContain(token);
  });

  it('does not read a file whose size and mtime are unchanged since it was read; a rewrite of the same size is read again', () => {
    const dir = realProject();
    const docs = join(dir, 'cto', '.sot', '03-PROTOCOLS');
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of readdirSync(docs)) utimesSync(join(docs, f), hourAgo, hourAgo);
    const lint = (extra: string[] = []) => sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', ...extra], { cwd: dir });
    const plain = sotJson(['lint'], { cwd: dir });
    lint();
    const warm = lint();
    expect(warm.stderr).toMatch(/^cache: 4 reused \(4 not read: size and mtime unchanged\), 0 analysed \(/m);
    expect(JSON.parse(warm.stdout)).toEqual(plain.results);
    // --cache-strategy content reads and hashes every file.
    expect(lint(['--cache-strategy', 'content']).stderr).toMatch(/^cache: 4 reused, 0 analysed \(/m);
    // Same size, new content, and so a new mtime: read again, and the change is seen.
    const prd = join(docs, 'CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md');
    const before = readFileSync(prd, 'utf8');
    const after = before.replace('# CTO Case Local Provider Route PRD', '# CTO Case Local Provider Route XYZ');
    expect(after.length).toBe(before.length);
    writeFileSync(prd, after);
    // Its mtime a minute ahead: "modified just before it was read" whatever the machine's speed.
    const soon = new Date(Date.now() + 60_000);
    utimesSync(prd, soon, soon);
    const edited = lint();
    expect(edited.stderr).toMatch(/^cache: 3 reused \(3 not read: size and mtime unchanged\), 1 analysed \(/m);
    expect((JSON.parse(edited.stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId))).toContain('title-heading');
    // Modified just before it was read (mtime not 2 s older than the read): not trusted next run either.
    expect(lint().stderr).toMatch(/^cache: 4 reused \(3 not read: size and mtime unchanged\), 0 analysed \(/m);
    expect(sot(['lint', '--cache', '--cache-strategy', 'sometimes'], { cwd: dir }).code).toBe(2);
  });

  it('--staged --cache finds unchanged documents by their index hash without reading them', () => {
    const repo = tempRepo({ '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-001']), '.sot/C-PRD.md': cleanPrd('C PRD') });
    writeFiles(repo, { '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']) });
    git(repo, 'add', '-A');
    const lint = () => sotJson(['lint', '--staged', '--cache'], { cwd: repo, env: noGitEnv });
    const cold = lint();
    expect(cold.results[0]!.messages.map((m) => m.ruleId)).toEqual(['duplicate-work-item']);
    // Delete the blobs of every indexed document from the object store: only a lookup by
    // hash, with no read at all, can still lint the commit.
    for (const path of ['.sot/A-ISSUES.md', '.sot/B-ISSUES.md', '.sot/C-PRD.md']) {
      const hash = git(repo, 'rev-parse', `:${path}`).trim();
      rmSync(join(repo, '.git', 'objects', hash.slice(0, 2), hash.slice(2)));
    }
    const warm = lint();
    expect(warm.results).toEqual(cold.results);
    expect(warm.code).toBe(1);
    // The check is live: without the cache the blobs are needed and missing.
    const uncached = sot(['lint', '--staged'], { cwd: repo, env: noGitEnv });
    expect(uncached.code).toBe(2);
    expect(uncached.stderr).toMatch(/missing/);
  });

  it('--staged --cache reuses a sealed document from its blob: a staged commit beside a document holding a value analyses one file', () => {
    const value = 'http://100.101.102.103:8000/v1';
    const repo = tempRepo({ '.sot/B-ISSUES.md': `${cleanIssues('B Issues', ['CTO-WORK-002'])}\nThe runtime answered at ${value} during the test.\n`, '.sot/C-PRD.md': cleanPrd('C PRD') });
    const commit = (n: number) => {
      writeFiles(repo, { '.sot/A-ISSUES.md': `${cleanIssues('A Issues', ['CTO-WORK-001'])}\nEdit ${n}.\n` });
      git(repo, 'add', '-A');
      return sot(['lint', '--staged', '--cache', '--format', 'json', '--today', TODAY, '--timing'], { cwd: repo, env: noGitEnv });
    };
    commit(1);
    const second = commit(2);
    // B is context, sealed: reused (its values from its blob), not analysed again; only A's new version is.
    expect(second.stderr).toMatch(/^cache: 2 reused, 1 analysed \(/m);
    expect(second.stdout).not.toContain('100.101.102.103');
    expect(shardFiles(join(repo, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n')).not.toContain('100.101.102');
  });

  it('never seals a value the model holds in another form: YAML escapes in the frontmatter, ids read out of a token', () => {
    const token = 'ghp_Ab3dEf6hIj9kLm2oPq5sTu8wXy1zAb4dEf7h';
    const escaped = [...token].map((c, i) => (i % 4 === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
    const dir = tempDir('seal-forms');
    writeFiles(dir, {
      '.sotrc.json': JSON.stringify({ workItemIdPattern: '(?:CTO-WORK-[0-9]{3}|[A-Z]{2}-[0-9]{4})' }),
      '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']).replace('\n---\n', `\nnote: "deploy key \\u0009${escaped}"\n---\n`),
      '.sot/B-ISSUES.md': `${cleanIssues('B Issues', ['CTO-WORK-002'])}\nThe probe sent \`Authorization: Bearer QX-7341.ZK-9920.MW-4187.PT-5536.RJ-0875\` to the runtime.\n`,
    });
    const run = sot(['lint', '--cache', '--format', 'json', '--today', TODAY], { cwd: dir });
    expect(run.stdout).toContain('no-endpoint-leak');
    const stored = shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(stored).toContain('A-ISSUES.md');
    for (const piece of [token, token.slice(4, 12), 'Ab3dEf6h', 'QX-7341', 'ZK-9920', 'RJ-0875']) expect(stored, piece).not.toContain(piece);
    expect(sot(['scan', '--format', 'json', join(dir, '.sot-cache')]).stdout).not.toContain('"ruleId"');
  });

  it('a run that searches for a knownEnv value does not reuse analyses made without it (nor the reverse)', () => {
    const value = 'svc-relay-7731.corp.internal';
    const dir = tempDir('known-env');
    writeFiles(dir, {
      '.sotrc.json': JSON.stringify({ leaks: { knownEnv: ['MY_SVC_HOST'] } }),
      '.sot/A-ISSUES.md': `${cleanIssues('A Issues', ['CTO-WORK-001'])}\nThe relay ${value} answered.\n`,
    });
    const lint = (env: Record<string, string | undefined>, cache = true) =>
      sot(['lint', ...(cache ? ['--cache'] : []), '--format', 'json', '--today', TODAY], { cwd: dir, env: { MY_SVC_HOST: undefined, ...env } });
    const leakCount = (r: ReturnType<typeof lint>) => (JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[]).flatMap((x) => x.messages).filter((m) => m.ruleId === 'no-endpoint-leak').length;
    expect(leakCount(lint({}))).toBe(0); // not searched for: ordinary text, cached as such
    const withValue = lint({ MY_SVC_HOST: value });
    expect(leakCount(withValue)).toBe(1);
    expect(withValue.stdout).toBe(lint({ MY_SVC_HOST: value }, false).stdout);
    expect(leakCount(lint({}))).toBe(0);
  });

  it('a changed leaks.patternsFile is seen at once: --cache never hides the leak it now detects', () => {
    const dir = tempDir('patterns');
    writeFiles(dir, {
      '.sotrc.yaml': 'leaks:\n  patternsFile: extra-leaks.yaml\n',
      'extra-leaks.yaml': 'hosts:\n  privateSuffixes: [corp]\n',
      '.sot/A-ISSUES.md': `${cleanIssues('A Issues', ['CTO-WORK-001'])}\nThe box gpu7.spark:8000 answered.\n`,
    });
    const leaks = () => (sotJson(['lint', '--cache'], { cwd: dir }).results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'no-endpoint-leak'));
    expect(leaks()).toEqual([]);
    expect(leaks()).toEqual([]); // warm: reused
    // The patterns file now names `spark` a private suffix: the same document holds a leak.
    writeFiles(dir, { 'extra-leaks.yaml': 'hosts:\n  privateSuffixes: [corp, spark]\n' });
    const found = leaks();
    expect(found.map((m) => [m.line, m.message.split(' in ')[0]])).toEqual([[found[0]!.line, 'private-network name with a port']]);
    expect(sotJson(['lint'], { cwd: dir }).results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'no-endpoint-leak')).toEqual(found);
  });

  it('the key covers the content of every file the config names', () => {
    const root = tempDir('named');
    writeFiles(root, { 'p.yaml': 'hosts:\n  privateSuffixes: [corp]\n', 'fm.schema.json': '{"type":"object"}' });
    const cfg = { ...defaultConfig(root), frontmatterSchema: join(root, 'fm.schema.json'), leaks: { ...defaultConfig(root).leaks, patternsFile: 'p.yaml' } };
    expect(filesNamedByConfig(cfg)).toEqual([join(root, 'fm.schema.json'), join(root, 'p.yaml')]);
    const k = cacheKey(cfg, TODAY);
    expect(cacheKey(cfg, TODAY)).toBe(k);
    writeFiles(root, { 'p.yaml': 'hosts:\n  privateSuffixes: [corp, lan]\n' });
    const k2 = cacheKey(cfg, TODAY);
    expect(k2).not.toBe(k);
    writeFiles(root, { 'fm.schema.json': '{"type":"object","required":["title"]}' });
    expect(cacheKey(cfg, TODAY)).not.toBe(k2);
  });

  it("keeps no leaked value's length: a masked context copy and a sealed entry are locked under the document's text", () => {
    // A value in the frontmatter cannot be sealed: the document is kept as a masked copy for context.
    const value = 'http://100.101.102.103:8000/v1';
    const dir = tempDir('no-length');
    writeFiles(dir, {
      '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']),
      '.sot/B-ISSUES.md': cleanIssues('B Issues', ['CTO-WORK-001']).replace('\n---\n', `\nnote: "${value}"\n---\n`),
      '.sot/C-ISSUES.md': `${cleanIssues('C Issues', ['CTO-WORK-003'])}\nThe runtime answered at ${value} during the test.\n`,
    });
    const lintA = () => sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', '.sot/A-ISSUES.md'], { cwd: dir });
    const cold = lintA();
    const warm = lintA();
    expect(JSON.parse(warm.stdout)).toEqual(JSON.parse(cold.stdout));
    expect((JSON.parse(warm.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toEqual(['duplicate-work-item']);
    expect(warm.stderr).toMatch(/^cache: 3 reused/m);
    const entries = readCache(join(dir, '.sot-cache'));
    for (const f of ['B-ISSUES.md', 'C-ISSUES.md']) {
      const e = entries[join(dir, '.sot', f)]!;
      expect(e.locked, f).toBe(true);
      expect(e.body, f).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
    const stored = shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(stored).not.toContain('x'.repeat(value.length));
    expect(stored).not.toContain('100.101.102');
    // Locked under the text: another document of the same length and mtime is not opened with it.
    const b = join(dir, '.sot/B-ISSUES.md');
    const { mtime } = statSync(b);
    writeFileSync(b, readFileSync(b, 'utf8').replace('100.101.102.103', '100.101.102.104'));
    utimesSync(b, mtime, mtime);
    const after = lintA();
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(cold.stdout));
    expect(after.stderr).toMatch(/^cache: 2 reused(?: \([^)]*\))?, 1 analysed/m);
  });

  it('a value split by emphasis is recorded as a leak too (the Markdown-aware scan), in scope and as context: never cached', () => {
    const dir = tempDir('split');
    writeFiles(dir, {
      '.sot/A-ISSUES.md': cleanIssues('A Issues', ['CTO-WORK-001']),
      '.sot/B-ISSUES.md': `${cleanIssues('B Issues', ['CTO-WORK-002'])}\n- Host 1**00.101**.102.103 answered.\n`,
    });
    const stored = () => shardFiles(join(dir, '.sot-cache')).map((f) => readFileSync(f, 'utf8')).join('\n');
    sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '.sot/A-ISSUES.md'], { cwd: dir }); // B as context
    expect(stored()).toContain('B-ISSUES.md');
    expect(stored()).not.toContain('100.101.102');
    const b = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '.sot/B-ISSUES.md'], { cwd: dir }); // B in scope
    expect(b.stdout).toContain('no-endpoint-leak');
    expect(stored()).not.toContain('100.101.102');
    expect(sot(['scan', '--format', 'json', join(dir, '.sot-cache')]).stdout).not.toContain('"ruleId"');
  });
});

describe('--cache: cross-file findings', () => {
  /** A small project whose cross-file rules all report: a cycle, an open blocker, a duplicate, a stale claim, an unknown id. */
  function graphProject(): string {
    const dir = tempDir('cross-file');
    writeFiles(dir, {
      '.sot/A-ISSUES.md': issuesDoc(
        [
          workItem('CTO-WORK-001', 'blocked'),
          workItem('CTO-WORK-002', 'validated', '\nBlocked by:\n\n- `CTO-WORK-001`.\n'),
          workItem('CTO-WORK-003', 'blocked', '\nBlocked by:\n\n- `CTO-WORK-004`.\n'),
          workItem('CTO-WORK-006', 'open'),
        ].join('\n'),
        'A Issues',
      ),
      '.sot/B-ISSUES.md': issuesDoc([workItem('CTO-WORK-004', 'blocked', '\nBlocked by:\n\n- `CTO-WORK-003`.\n'), workItem('CTO-WORK-006', 'open')].join('\n'), 'B Issues'),
      '.sot/C-PRD.md': cleanPrd('C PRD', '`CTO-WORK-001` is validated; see `CTO-WORK-099`.'),
    });
    return dir;
  }
  const warm = (dir: string) => sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing'], { cwd: dir });
  const plain = (dir: string) => sotJson(['lint'], { cwd: dir });
  const reusedFor = (stderr: string) => Number(/^cache: cross-file findings of (\d+) documents? reused$/m.exec(stderr)?.[1]);
  const edit = (dir: string, file: string, change: (text: string) => string) => writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  it('are reused for unchanged documents while nothing they were drawn from changed, and always equal an uncached run', () => {
    const dir = graphProject();
    const cold = warm(dir);
    const expected = plain(dir).results;
    expect(JSON.parse(cold.stdout)).toEqual(expected);
    const reported = new Set(expected.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const id of ['blocked-by-cycle', 'validated-with-open-blocker', 'duplicate-work-item', 'status-claim-conflict', 'unknown-work-item']) expect(reported).toContain(id);
    expect(reusedFor(cold.stderr)).toBe(0);

    // Nothing changed: every document's findings come from the cache, and no workspace rule runs.
    const again = warm(dir);
    expect(JSON.parse(again.stdout)).toEqual(expected);
    expect(reusedFor(again.stderr)).toBe(3);
    expect(phases(again.stderr).filter((p) => p === 'graph' || p === 'rule:blocked-by-cycle')).toEqual([]);

    // Prose appended to C: only C is reported on again.
    edit(dir, '.sot/C-PRD.md', (t) => `${t}\nMore prose, no ids.\n`);
    const prose = warm(dir);
    expect(JSON.parse(prose.stdout)).toEqual(plain(dir).results);
    expect(reusedFor(prose.stderr)).toBe(2);

    // Each of these changes what another document's findings say: everything is computed again.
    const changes: [string, (t: string) => string][] = [
      // One character replaced by a line break: no offset moves, but every line below does.
      ['.sot/A-ISSUES.md', (t) => t.replace('only. Not a Core', 'only.\nNot a Core')],
      // Lines above CTO-WORK-001 move: C's "its definition at A-ISSUES.md:N" follows.
      ['.sot/A-ISSUES.md', (t) => t.replace('# A Issues\n', '# A Issues\n\nA new paragraph.\n\nAnd another.\n')],
      // A status: C's claim no longer conflicts, 002's blocker is no longer open.
      ['.sot/A-ISSUES.md', (t) => t.replace('Status: blocked.', 'Status: validated.')],
      // The cycle is broken from B's side.
      ['.sot/B-ISSUES.md', (t) => t.replace('- `CTO-WORK-003`.', '- `CTO-WORK-001`.')],
      // The unknown id gets defined.
      ['.sot/B-ISSUES.md', (t) => `${t}\n${workItem('CTO-WORK-099', 'open')}`],
    ];
    for (const [file, change] of changes) {
      edit(dir, file, change);
      const run = warm(dir);
      expect(JSON.parse(run.stdout), file).toEqual(plain(dir).results);
      expect(reusedFor(run.stderr)).toBe(0);
    }
    // A deleted document.
    rmSync(join(dir, '.sot/B-ISSUES.md'));
    const gone = warm(dir);
    expect(JSON.parse(gone.stdout)).toEqual(plain(dir).results);
    expect(reusedFor(gone.stderr)).toBe(0);
  });

  it('a pre-commit run of one file reuses what a full run stored, and the reverse', () => {
    const dir = graphProject();
    warm(dir);
    const one = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', '.sot/C-PRD.md'], { cwd: dir });
    expect(JSON.parse(one.stdout)).toEqual(sotJson(['lint', '.sot/C-PRD.md'], { cwd: dir }).results);
    expect(reusedFor(one.stderr)).toBe(1);
    edit(dir, '.sot/C-PRD.md', (t) => `${t}\nMore prose.\n`);
    const edited = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '--timing', '.sot/C-PRD.md'], { cwd: dir });
    expect(JSON.parse(edited.stdout)).toEqual(sotJson(['lint', '.sot/C-PRD.md'], { cwd: dir }).results);
    expect(reusedFor(edited.stderr)).toBe(0);
    const full = warm(dir);
    expect(JSON.parse(full.stdout)).toEqual(plain(dir).results);
    expect(reusedFor(full.stderr)).toBe(3);
  });

  it('the passes evidence-gate names do not depend on the order files were given in: a scoped run, then a full one', () => {
    const dir = tempDir('cross-file-order');
    const pass = '\nValidation evidence:\n\n- Report status: `pass`.\n';
    writeFiles(dir, {
      // A (context) states what CTO-WORK-016 requires; B (named) validates it.
      '.sot/A-ISSUES.md': issuesDoc(`${workItem('CTO-WORK-101', 'blocked', pass)}\nA real Stage 2 pass report is required before unblocking \`CTO-WORK-016\`.\n`, 'A Issues'),
      '.sot/B-ISSUES.md': issuesDoc(workItem('CTO-WORK-016', 'validated', pass), 'B Issues'),
    });
    // B first (named), A as context: B's message lists the passes in path order all the same.
    const scoped = sot(['lint', '--cache', '--format', 'json', '--today', TODAY, '.sot/B-ISSUES.md'], { cwd: dir });
    const full = plain(dir).results;
    expect(JSON.parse(scoped.stdout)).toEqual(full.filter((r) => r.filePath.endsWith('B-ISSUES.md')));
    expect(full.find((r) => r.filePath.endsWith('B-ISSUES.md'))!.messages.map((m) => m.message).join('\n')).toMatch(/the pass at A-ISSUES\.md:\d+ misses .*; the pass at line \d+ misses/);
    const reused = warm(dir);
    expect(JSON.parse(reused.stdout)).toEqual(full);
    expect(reusedFor(reused.stderr)).toBe(1);
  });

  it('a damaged store is ignored; what it stores are the run\'s own messages', () => {
    const dir = graphProject();
    const first = warm(dir);
    const keyDir = readdirSync(join(dir, '.sot-cache'), { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    const stores = readdirSync(join(dir, '.sot-cache', keyDir)).filter((f) => /^x\d+\.jsonl$/.test(f));
    expect(stores.length).toBeGreaterThan(0);
    // Every stored message is one the run printed, for the file it was printed for.
    const printed = new Map((JSON.parse(first.stdout) as JsonResult[]).map((r) => [r.filePath, r.messages]));
    for (const f of stores) {
      const [, ...lines] = readFileSync(join(dir, '.sot-cache', keyDir, f), 'utf8').split('\n').filter(Boolean);
      for (const line of lines) {
        // `["path","hash"]<TAB>messages<TAB>related lists`: each `"related":0` takes the next list.
        const [head, body, related] = line.split('\t');
        const [path] = JSON.parse(head!) as [string];
        const lists = related ? (JSON.parse(related) as unknown[]) : [];
        for (const m of JSON.parse(body!) as { related?: unknown }[]) {
          if (m.related === 0) m.related = lists.shift();
          expect(printed.get(path)).toContainEqual(m);
        }
        expect(lists).toEqual([]);
      }
    }
    for (const f of stores) writeFileSync(join(dir, '.sot-cache', keyDir, f), readFileSync(join(dir, '.sot-cache', keyDir, f), 'utf8').replace(/\t\[/g, '\t[{'));
    const damaged = warm(dir);
    expect(JSON.parse(damaged.stdout)).toEqual(plain(dir).results);
    expect(reusedFor(damaged.stderr)).toBe(0);
  });
});
