#!/usr/bin/env node
// Run state belongs to a run context, not to module globals (issue 21). Lists every module-level
// binding in src/ that is there to change — a `let`/`var`, or a `const` made with
// `new Map/Set/WeakMap/WeakSet` (a cache or a registry) — and fails on any that
// scripts/module-state-allowlist.txt does not name with a reason. Tables written as literals
// (rule definitions, patterns) and UPPER_CASE constant tables are data and not listed.
//
//   node scripts/check-module-state.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowFile = join(root, 'scripts/module-state-allowlist.txt');
const allowed = new Map();
for (const line of readFileSync(allowFile, 'utf8').split('\n')) {
  const m = /^([^\s#]+)\s+(\S+)\s+--\s+(.+)$/.exec(line.trim());
  if (m) allowed.set(`${m[1]} ${m[2]}`, m[3]);
  else if (line.trim() && !line.trim().startsWith('#')) {
    console.error(`${relative(root, allowFile)}: cannot read "${line}" (want: FILE NAME -- reason)`);
    process.exit(2);
  }
}

const files = readdirSync(join(root, 'src'), { recursive: true }).filter((f) => /\.(c|m)?ts$/.test(f) && !f.endsWith('.d.ts')).map((f) => join(root, 'src', f));
const STATEFUL = /^new (?:Map|Set|WeakMap|WeakSet)\b/;
const found = [];
for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  for (const stmt of source.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    const isConst = (stmt.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of stmt.declarationList.declarations) {
      const init = d.initializer?.getText(source) ?? '';
      const name = d.name.getText(source);
      // An UPPER_CASE const is a constant table by this codebase's convention (a Set of ports).
      const stateful = !isConst || (STATEFUL.test(init) && !/^[A-Z][A-Z0-9_]*$/.test(name));
      if (!stateful) continue;
      const rel = relative(root, file);
      const { line } = source.getLineAndCharacterOfPosition(d.getStart(source));
      found.push({ key: `${rel} ${name}`, where: `${rel}:${line + 1}`, name });
    }
  }
}
const bad = found.filter((f) => !allowed.has(f.key));
const stale = [...allowed.keys()].filter((k) => !found.some((f) => f.key === k));
for (const f of bad) console.error(`${f.where}: module-level \`${f.name}\` can hold state between runs; keep it in the run context (RunContext, RunMemos) or name it with a reason in scripts/module-state-allowlist.txt`);
for (const k of stale) console.error(`scripts/module-state-allowlist.txt: \`${k}\` is no longer there; remove the line`);
if (bad.length || stale.length) process.exit(1);
console.log(`module state: ${found.length} module-level bindings, each allowed with a reason`);
