/**
 * `npm run lint:deps` (part of `npm test`): the import graph of src/ stays a tree of layers.
 *
 * - No import cycle anywhere in src/. A cycle makes module initialisation order matter (a module
 *   can see another's exports as undefined while both load), keeps the bundler from splitting a
 *   command's code from the rest, and hides which part depends on which.
 * - Rules stand alone: nothing under src/rules/ imports the engine (src/lint/ but the rule types
 *   and quoting: engine.ts and its parts, the registry, the tester). A rule reaches what it needs
 *   through its context and the shared text utilities (src/text/), so a rule can be loaded, tested
 *   and given to a RunContext without the engine's module graph.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle in src/: break it by moving the shared part into a module both can import.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'rules-not-engine',
      severity: 'error',
      comment: 'A rule imports the engine: take what it needs from src/text/ or its context instead.',
      from: { path: '^src/rules/' },
      to: { path: '^src/lint/', pathNot: '^src/lint/(types|quote)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.cts', '.mts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
