#!/usr/bin/env node
// Converts rules' examples to the explicit form (docs/rules-authoring.md): each example's file is
// written out as the text that is linted (no builder, no hidden preamble), and each not-ok example
// lists every message of the rule exactly (`errors`) and, for a fix, the text after it (`output`).
// Mechanical: the built rules (dist/) give the texts and the messages; an example in the earlier
// form (`expect`: lines and a part of the message) is converted only when the rule still gives
// what it expects, so a conversion never hides a changed behaviour.
//
// Usage: npm run build && node scripts/convert-rule-examples.mjs [rule-id …]   (default: every rule)
//        then check the diff, remove helpers the examples no longer use, and `npm run docs:rules`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { allRules } = await load('lint/registry.js');
const { examplePath, runExample } = await load('lint/rule-tester.js');

const only = process.argv.slice(2);
let failed = false;
for (const rule of allRules()) {
  if (only.length && !only.includes(rule.meta.id)) continue;
  const file = join(root, 'src', 'rules', `${rule.meta.id}.ts`);
  const source = readFileSync(file, 'utf8');
  const problems = [];
  const code = examplesCode(rule, problems);
  if (problems.length) {
    failed = true;
    process.stderr.write(`${rule.meta.id}: not converted:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    continue;
  }
  const updated = dropUnusedBuilderImports(replaceExamples(source, code, file));
  if (updated !== source) {
    writeFileSync(file, updated);
    process.stdout.write(`${rule.meta.id}: converted\n`);
  } else process.stdout.write(`${rule.meta.id}: unchanged\n`);
}
process.exitCode = failed ? 1 : 0;

/** The `examples` object of `rule`, as source code in the explicit form. */
function examplesCode(rule, problems) {
  const workspace = rule.meta.scope === 'workspace';
  const one = (ex, ok) => {
    const outcome = runExample(rule, ex);
    if (ok && outcome.errors.length) problems.push(`ok example "${ex.name}" gives ${JSON.stringify(outcome.errors)}`);
    if (!ok) {
      if (ex.errors) {
        if (JSON.stringify(ex.errors) !== JSON.stringify(outcome.errors)) problems.push(`"${ex.name}" gives ${JSON.stringify(outcome.errors)}, not its errors`);
      } else if (!looseHolds(ex, outcome, workspace)) problems.push(`"${ex.name}" gives ${JSON.stringify(outcome.errors)}, not what its expect says`);
      if (!outcome.errors.length) problems.push(`not-ok example "${ex.name}" gives no message`);
    }
    const fields = [`name: ${str(ex.name)}`];
    if (workspace) {
      fields.push(`files: {\n${Object.entries(ex.files).map(([name, text]) => `${str(name)}: ${text_(text)},`).join('\n')}\n}`);
      if (ex.config) fields.push(`config: ${JSON.stringify(ex.config)}`);
    } else {
      fields.push(`path: ${str(examplePath(rule, ex))}`, `text: ${text_(ex.text)}`);
    }
    if (ex.options) fields.push(`options: ${JSON.stringify(ex.options)}`);
    if (!ok) {
      fields.push(`errors: [\n${outcome.errors.map((e) => `${str(e)},`).join('\n')}\n]`);
      if (outcome.output !== undefined) fields.push(`output: ${text_(outcome.output)}`);
    }
    return `{\n${fields.map((f) => `${f},`).join('\n')}\n}`;
  };
  const list = (xs, ok) => `[\n${xs.map((x) => `${one(x, ok)},`).join('\n')}\n]`;
  return `{\nok: ${list(rule.examples.ok, true)},\nnotOk: ${list(rule.examples.notOk, false)},\n}`;
}

/** The earlier form's check (test/rule-examples.test.ts `checkLoose`). */
function looseHolds(ex, outcome, workspace) {
  const expected = ex.expect ?? [];
  const key = (m) => `${workspace ? `${m.file}:` : ''}${m.line}`;
  const got = outcome.messages;
  if (JSON.stringify(got.map(key).sort()) !== JSON.stringify(expected.map(key).sort())) return false;
  return expected.every((e) => got.some((g) => key(g) === key(e) && (e.column === undefined || g.column === e.column) && (!e.message || g.message.includes(e.message))));
}

function str(s) {
  return s.includes("'") || s.includes('\\') ? JSON.stringify(s) : `'${s}'`;
}

/** A file's text as a template literal, line breaks kept, so the source shows the file as it is linted. */
function text_(t) {
  // Characters a template literal would not show as they are (CR, tabs, other controls, invisible
  // and lone surrogate characters): a JSON string, escaped and exact.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]|[\uD800-\uDFFF]/.test(t)) return JSON.stringify(t);
  return `\`${t.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

/** `source` with the rule object's `examples` property value replaced by `code`, indented to its place. */
function replaceExamples(source, code, file) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  let target;
  const visit = (node) => {
    if (target) return;
    if (ts.isPropertyAssignment(node) && node.name.getText(sf) === 'examples' && ts.isObjectLiteralExpression(node.initializer)) target = node.initializer;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!target) throw new Error(`${file}: no \`examples: { … }\` property`);
  return source.slice(0, target.getStart(sf)) + indent(code, '  ') + source.slice(target.getEnd());
}

/** Indents the code's structure (2 spaces a level), leaving the inside of template literals as they are. */
function indent(code, base) {
  const out = [];
  let depth = 0;
  let inTemplate = false;
  for (const line of code.split('\n')) {
    if (inTemplate) {
      out.push(line);
    } else {
      const closing = /^[\]}]/.test(line) ? 1 : 0;
      out.push(`${line ? base + '  '.repeat(Math.max(0, depth - closing)) : ''}${line}`);
    }
    // Track brackets and template literals outside strings.
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inTemplate) {
        if (c === '\\') i++;
        else if (c === '`') inTemplate = false;
        continue;
      }
      if (c === "'" || c === '"') {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
      } else if (c === '`') inTemplate = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
    }
  }
  return out.join('\n').trimStart();
}

/** Removes names imported from ./example-docs.js that the module no longer uses (and the import when none is left). */
function dropUnusedBuilderImports(source) {
  return source.replace(/^import \{([^}]*)\} from '\.\/example-docs\.js';\n/m, (all, names) => {
    const rest = source.replace(all, '');
    const used = names.split(',').map((n) => n.trim()).filter((n) => n && new RegExp(`\\b${n}\\(`).test(rest));
    return used.length ? `import { ${used.join(', ')} } from './example-docs.js';\n` : '';
  });
}
