// Performance patches to the parser packages, applied by scripts/bundle-vendor.mjs as it bundles
// them, and measured one by one against the stock packages by scripts/bench-parser-patch.mjs
// (figures in BENCHMARKS.md, "The parser patches"). Each edit must match the package source exactly
// as written, the number of times given, or the build fails: a dependency update that moves the
// code fails here, not silently slower. test/vendor-patch.test.ts checks that the patched parser
// gives the stock packages' trees.
import { readFileSync } from 'node:fs';

export const patches = [
  {
    name: 'from-markdown-context',
    // mdast-util-from-markdown's compiler made a fresh copy of its context object (a spread) for
    // every micromark event, only to attach that event's sliceSerialize: about a third of the
    // whole parse on the generated corpus, in allocation and garbage collection. Handlers use
    // `this` during their call only, so one context whose sliceSerialize is set before each call
    // gives the same tree.
    file: /[\\/]mdast-util-from-markdown[\\/]lib[\\/]index\.js$/,
    edits: [
      {
        find: /\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\}/g,
        replace: 'withSlice(events[index][2].sliceSerialize)',
        count: 3,
      },
      {
        find: /(\n(\s*)const listStack = \[\];)/g,
        replace: '$1\n$2const shared = { ...context, sliceSerialize: undefined };\n$2const withSlice = (sliceSerialize) => ((shared.sliceSerialize = sliceSerialize), shared);',
        count: 1,
      },
    ],
  },
  {
    name: 'autolink-literal-precheck',
    // mdast-util-gfm-autolink-literal's transform (remark-gfm) walks the whole tree after every
    // parse with mdast-util-find-and-replace (unist-util-visit-parents: closures and a parents
    // array per node) and runs four regular expressions over every text node, to find the literal
    // URLs and e-mail addresses micromark left as text. Each of the four needs `@` (e-mail,
    // mailto:, xmpp:) or `http://`, `https://`, `www.` (any case) in a text node's value, and a SOT
    // document seldom holds one (the leak rule reports URLs). The patched transform first looks
    // for them in the text nodes with one plain loop, and runs the original only when one is there.
    file: /[\\/]mdast-util-gfm-autolink-literal[\\/]lib[\\/]index\.js$/,
    edits: [
      {
        find: /(\nfunction transformGfmAutolinkLiterals\(tree\) \{\n)(\s*)(findAndReplace\()/g,
        replace: '$1$2if (!sotMayHoldLiteral(tree)) return\n$2$3',
        count: 1,
      },
      {
        find: /(\nfunction transformGfmAutolinkLiterals\(tree\) \{)/g,
        replace: [
          '',
          '// sot-lint patch (scripts/vendor-patches.mjs): whether a text node holds what one of the patterns below needs.',
          'function sotMayHoldLiteral(tree) {',
          '  const stack = [tree]',
          '  while (stack.length > 0) {',
          '    const node = stack.pop()',
          "    if (node.type === 'text') {",
          '      if (/@|https?:\\/\\/|www\\./i.test(node.value)) return true',
          '    } else if (node.children) {',
          '      for (const child of node.children) stack.push(child)',
          '    }',
          '  }',
          '  return false',
          '}$1',
        ].join('\n'),
        count: 1,
      },
    ],
  },
  {
    name: 'table-edit-map-index',
    // micromark-extension-gfm-table collects its edits to the event list of a whole document in
    // an EditMap (a port of markdown-rs's), whose `add` looks for an earlier edit at the same
    // index by scanning every edit so far: a few edits per table cell, so the time grows with the
    // square of the document's table cells (49 KB of tables with 1,000 cells each parsed in 9.7 s,
    // twice that in 41 s). The patched `add` finds that edit through a Map from index to edit: the
    // same edits, in the same order.
    file: /[\\/]micromark-extension-gfm-table[\\/]lib[\\/]edit-map\.js$/,
    edits: [
      {
        find: /(\n  while \(index < editMap\.map\.length\) \{\n    if \(editMap\.map\[index\]\[0\] === at\) \{)/g,
        replace: [
          '',
          '  // sot-lint patch (scripts/vendor-patches.mjs): the edit at `at`, if any, without a scan.',
          '  const sotIndex = (editMap.sotIndex ??= new Map());',
          '  const sotFound = sotIndex.get(at);',
          '  if (sotFound) {',
          '    sotFound[1] += remove;',
          '    sotFound[2].push(...add);',
          '    return;',
          '  }',
          '  index = editMap.map.length;$1',
        ].join('\n'),
        count: 1,
      },
      {
        find: /(\n  editMap\.map\.push\(\[at, remove, add\]\);)/g,
        replace: '\n  sotIndex.set(at, [at, remove, add]);\n  editMap.map.push(sotIndex.get(at));',
        count: 1,
      },
      {
        find: /(\n    \/\/ Truncate everything\.\n    this\.map\.length = 0;)/g,
        replace: '$1\n    this.sotIndex = undefined;',
        count: 1,
      },
    ],
  },
];

/** An esbuild plugin applying the patches named in `names` (default: every patch). */
export function vendorPatchPlugin(names = patches.map((p) => p.name)) {
  const chosen = patches.filter((p) => names.includes(p.name));
  return {
    name: 'sot-vendor-patches',
    setup(build) {
      for (const patch of chosen) {
        build.onLoad({ filter: patch.file }, (args) => {
          let code = readFileSync(args.path, 'utf8');
          for (const edit of patch.edits) {
            const found = code.match(edit.find)?.length ?? 0;
            if (found !== edit.count) throw new Error(`bundle-vendor: patch ${patch.name} for ${args.path} expected ${edit.count} match(es) of ${edit.find}, found ${found}: the package changed; update or drop the patch`);
            code = code.replace(edit.find, edit.replace);
          }
          return { contents: code, loader: 'js' };
        });
      }
    },
  };
}
