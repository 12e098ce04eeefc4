import { chmod, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import { git, GitError } from '../git/git.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot init [--hook] [--no-config] [--force]

Sets a project up for sot-lint:
  - writes a starter .sotrc.yaml (every setting commented, with its default);
  - with --hook, also installs a plain git pre-commit hook that runs
    \`sot lint --staged --cache\` (what is being committed, not the working tree).

An existing file or hook is never replaced unless --force is given; what was
kept is reported. Exit 1 when --hook could not install the hook because another
pre-commit hook is there; an existing config is fine (the project is set up).

Options:
      --hook        install .git/hooks/pre-commit (wherever git keeps hooks)
      --no-config   do not write .sotrc.yaml (with --hook: the hook only)
      --force       replace an existing .sotrc.yaml or pre-commit hook
  -h, --help        show this help
`;

export const STARTER_CONFIG = `# sot-lint configuration: the README of sot-lint explains every setting.
# Validated against schemas/config.schema.json; a mistake stops \`sot lint\` with exit 2.
# Every setting below is commented out and shows its default.

# The project's SOT documents, relative to this file.
# include: ["**/.sot/**/*.md"]

# Files never linted (node_modules and .git are always ignored).
# ignores: ["archive/**"]

# Severity per rule: off | warn | error. \`sot lint --help\` and the README list the rules.
# rules:
#   duplicate-list-item: warn
#   filename-title: warn

# Work-item ids (a regular expression without anchors or capture groups).
# workItemIdPattern: "CTO-WORK-[0-9]{3,}"

# Allowed \`Status:\` values of a work item.
# statuses: [proposed, open, in-progress, blocked, validated, deferred, superseded]

# Ids defined outside the linted documents: references to them are not "unknown".
# externalItems: [CTO-WORK-016, CTO-WORK-020]

# A JSON Schema (relative to this file) that replaces the bundled frontmatter schema; the file
# must exist (e.g. frontmatterSchema: schemas/my-frontmatter.schema.json).

# Endpoint-leak detection: public hosts allowed in URLs, and the environment variables whose
# runtime values must never be written down.
# leaks:
#   allowedHosts: [github.com, .github.com]
#   knownEnv: [CTO_HARNESS_CASE_LOCAL_BASE_URL]
`;

const HOOK_MARK = '# sot-lint pre-commit hook (installed by `sot init --hook`)';

/** The hook: finds sot in the project, then on PATH, then where it was installed from. */
export function hookScript(fallbackBin: string): string {
  return `#!/bin/sh
${HOOK_MARK}
# Lints the staged versions of the SOT documents being committed; the graph is built from the
# documents as they are in the index; unchanged documents come from the cache (looked up by their
# blob hash). Bypass once with \`git commit --no-verify\`.
if [ -x ./node_modules/.bin/sot ]; then
  exec ./node_modules/.bin/sot lint --staged --cache
elif command -v sot >/dev/null 2>&1; then
  exec sot lint --staged --cache
elif [ -f ${shellQuote(fallbackBin)} ]; then
  exec node ${shellQuote(fallbackBin)} lint --staged --cache
fi
echo "sot-lint pre-commit hook: sot not found; install it (npm install --save-dev sot-lint) or remove .git/hooks/pre-commit" >&2
exit 1
`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export async function initCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args: argv,
      allowPositionals: false,
      options: {
        hook: { type: 'boolean', default: false },
        'no-config': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
  );
  const v = parsed.values;
  if (v.help) return printHelp(HELP);
  const cwd = process.cwd();
  let hookKept = false;
  const say = (s: string) => process.stdout.write(`${s}\n`);

  if (!v['no-config']) {
    const target = join(cwd, '.sotrc.yaml');
    const other = CONFIG_FILE_NAMES.map((n) => join(cwd, n)).find((p) => p !== target && existsSync(p));
    if (other && !v.force) {
      say(`kept ${relative(cwd, other)}: this project already has a config (no .sotrc.yaml written)`);
    } else if ((await write(target, STARTER_CONFIG, v.force!)) === 'written') {
      say('wrote .sotrc.yaml');
    } else {
      say('kept .sotrc.yaml: it exists (use --force to replace it)');
    }
  }

  if (v.hook) {
    let hooksDir: string;
    try {
      // Honours core.hooksPath and linked worktrees.
      hooksDir = resolve(cwd, (await git(['rev-parse', '--git-path', 'hooks'], { cwd })).toString('utf8').trim());
    } catch (e) {
      throw new UsageError(`--hook needs a git repository: ${e instanceof GitError ? e.message : String(e)}`);
    }
    const hook = join(hooksDir, 'pre-commit');
    const here = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));
    const script = hookScript(here('sot.cjs'));
    const current = await readFile(hook, 'utf8').catch(() => undefined);
    // Exactly what this install wrote before the program moved to sot.cjs: ours to replace, no --force needed.
    const previous = current === hookScript(here('bin.js'));
    if (current === script) say(`kept ${relative(cwd, hook)}: the sot-lint hook is already installed`);
    else {
      await mkdir(dirname(hook), { recursive: true });
      if ((await write(hook, script, v.force! || previous, 0o755)) === 'written') {
        await chmod(hook, 0o755);
        say(`wrote ${relative(cwd, hook)}${previous ? ' (over the hook an earlier version wrote)' : ''}: commits now run \`sot lint --staged --cache\``);
      } else {
        hookKept = true;
        say(`kept ${relative(cwd, hook)}: a pre-commit hook exists${current?.includes(HOOK_MARK) ? ' (an older sot-lint hook)' : ''}; use --force to replace it`);
      }
    }
  }
  return hookKept ? 1 : 0;
}

/** Atomic write; without `force`, an existing file is kept (checked atomically, by hard link). */
async function write(path: string, text: string, force: boolean, mode?: number): Promise<'written' | 'kept'> {
  try {
    await writeFileAtomic(path, text, { overwrite: force, mode });
    return 'written';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
    throw e;
  }
}
