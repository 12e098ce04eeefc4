import { chmod, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES } from '../config/config.js';
import { writeFileAtomic } from '../files/atomic.js';
import { git, GitError } from '../git/git.js';
import { parseCommandArgs, printHelp } from './args.js';
import { UsageError } from './errors.js';

const HELP = `Usage: sot init [--hook] [--validate-cto-child] [--no-config] [--force]

Sets a project up for sot-lint:
  - writes a starter .sotrc.yaml (every setting commented, with its default);
  - with --hook, also installs a plain git pre-commit hook that runs
    \`sot lint --staged --cache\` (what is being committed, not the working tree);
  - with --validate-cto-child, also writes tools/validate_cto_child.py (Python
    standard library only): the old validator's command line, so that
    \`python3 tools/validate_cto_child.py [ARGS…]\` runs this repository's
    \`sot lint [ARGS…]\` (node_modules/.bin/sot, else \`sot\` on PATH; never npx)
    and exits with its code; exit 2 saying so when sot-lint is not installed.

Files are written in the current folder (run it at the repository root). An
existing file or hook is never replaced unless --force is given; what was kept
is reported. Exit 1 when the hook or tools/validate_cto_child.py could not be
written because a different one is there; an existing config is fine (the
project is set up).

Options:
      --hook                install .git/hooks/pre-commit (wherever git keeps hooks)
      --validate-cto-child  write tools/validate_cto_child.py, running sot lint
      --no-config           do not write .sotrc.yaml (only the hook or the script)
      --force               replace an existing .sotrc.yaml, hook or script
  -h, --help                show this help
`;

/** Where \`--validate-cto-child\` writes the old validator's replacement (the path every PRD names). */
export const VALIDATE_CTO_CHILD_PATH = 'tools/validate_cto_child.py';

/** tools/validate_cto_child.py: runs the repository's \`sot lint\` with its arguments (Python 3, standard library only). */
export const VALIDATE_CTO_CHILD_SCRIPT = String.raw`#!/usr/bin/env python3
# Written by 'sot init --validate-cto-child' (sot-lint). The old validator's command line, kept so
# that every PRD's Validation section and every CI job that runs 'python3 tools/validate_cto_child.py'
# runs sot-lint unchanged: this runs the repository's own 'sot lint' with the arguments it is given
# and exits with its code (0 valid, 1 findings, 2 usage, config or internal failure).
#
# It starts the sot installed in this repository (node_modules/.bin/sot, looked for from the folder
# that holds tools/ upward), else a 'sot' on PATH; never 'npx', which would fetch whatever package
# the registry has under that name. Python standard library only.
# Regenerate with 'sot init --validate-cto-child --force'.
import os
import shutil
import subprocess
import sys

NAME = "validate_cto_child.py"


def find_sot(root):
    """The repository's sot (node_modules/.bin, from root upward), else the one on PATH, else None."""
    names = ["sot.cmd", "sot"] if os.name == "nt" else ["sot"]
    folder = root
    while True:
        for name in names:
            candidate = os.path.join(folder, "node_modules", ".bin", name)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return shutil.which("sot")
        folder = parent


def needs_node(path):
    """True when the file is a script run by node (npm's bin links are)."""
    try:
        with open(os.path.realpath(path), "rb") as f:
            first = f.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"node" in first


def fail(message):
    sys.stderr.write(NAME + ": " + message + "\n")
    return 2


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sot = find_sot(root)
    if sot is None:
        return fail(
            "sot-lint is not installed: there is no node_modules/.bin/sot in " + root +
            " or a folder above it, and no 'sot' on PATH. Install it in this repository"
            " (npm install --save-dev sot-lint; in CI, npm ci) and run this again."
        )
    if needs_node(sot) and shutil.which("node") is None:
        return fail("found " + sot + ", but 'node' is not on PATH: sot-lint needs Node.js 20 or later.")
    command = [sot, "lint"] + argv
    try:
        if os.name != "nt":
            os.execv(sot, command)  # the same process: exit code, signals and stdin are sot's own
        return subprocess.call(command)
    except OSError as e:
        return fail("could not start " + sot + ": " + str(e))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
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
        'validate-cto-child': { type: 'boolean', default: false },
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
  let scriptKept = false;
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
  if (v['validate-cto-child']) {
    const target = join(cwd, VALIDATE_CTO_CHILD_PATH);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === VALIDATE_CTO_CHILD_SCRIPT) say(`kept ${VALIDATE_CTO_CHILD_PATH}: it is already this version's script`);
    else {
      await mkdir(dirname(target), { recursive: true });
      if ((await write(target, VALIDATE_CTO_CHILD_SCRIPT, v.force!, 0o755)) === 'written') {
        if (current === undefined) await chmod(target, 0o755);
        say(`wrote ${VALIDATE_CTO_CHILD_PATH}${current === undefined ? '' : ' (replacing the file that was there)'}: \`python3 ${VALIDATE_CTO_CHILD_PATH} [ARGS…]\` now runs \`sot lint [ARGS…]\``);
      } else {
        scriptKept = true;
        say(`kept ${VALIDATE_CTO_CHILD_PATH}: a different file exists (the old validator?); use --force to replace it`);
      }
    }
  }
  return hookKept || scriptKept ? 1 : 0;
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
