// The first step of `npm test` (and of `.ci/run`, before it cuts the network): everything the
// tests need that `npm install` cannot bring (Chromium, setpriv, pgTAP for the embedded Postgres,
// the Edge Functions' imports in Deno's cache). On Debian or Ubuntu as root it installs what is
// missing with apt-get; anywhere else it stops at once with one sentence per missing tool, naming
// the package and the command. Prints nothing when all is there.
//
//   node scripts/prerequisites.ts [--ci] [--no-install]
//     --ci          also the tools .ci/run uses to run the tests with loopback networking only
//     --no-install  never install, only say what is missing
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath, onPath } from '../tests/helpers/chromium.ts';

export interface Tool {
  /** What a person calls it. */
  name: string;
  /** The executable's path or its name on PATH. */
  command: string;
  /** The Debian package that provides it. */
  debian: string;
  /** What needs it, for the sentence. */
  neededBy: string;
  /** The environment variable that points at another build, if there is one. */
  override?: string;
}

export function requiredTools(ci: boolean): Tool[] {
  const tools: Tool[] = [
    {
      name: 'Chromium',
      command: chromiumPath(),
      debian: 'chromium',
      neededBy: 'the end-to-end tests',
      override: 'CHROMIUM_PATH',
    },
    {
      name: 'setpriv',
      command: 'setpriv',
      debian: 'util-linux',
      neededBy: 'the local stack, which ties each service to its lifetime',
    },
  ];
  if (ci) {
    tools.push(
      { name: 'unshare', command: 'unshare', debian: 'util-linux', neededBy: 'CI, to run the tests offline' },
      { name: 'ip', command: 'ip', debian: 'iproute2', neededBy: 'CI, to bring up loopback offline' },
    );
  }
  return tools;
}

function present(tool: Tool): boolean {
  if (!tool.command.includes('/')) return onPath(tool.command) !== undefined;
  try {
    accessSync(tool.command, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** One sentence a person can act on. */
export function missingSentence(tool: Tool): string {
  const chosen = tool.override ? process.env[tool.override] : undefined;
  if (tool.override && chosen) {
    return `${tool.override} is set to ${chosen}, which is not an executable file: point it at a ${tool.name} binary, or unset it to use Debian's ${tool.debian} package.`;
  }
  const elsewhere = tool.override ? `, or set ${tool.override} to a ${tool.name} binary` : '';
  return `npm test needs ${tool.name} for ${tool.neededBy} and cannot find it: install it with \`sudo apt-get install ${tool.debian}\` (Debian or Ubuntu package "${tool.debian}")${elsewhere}.`;
}

/** apt-get can install for us: Debian or a derivative, as root, and not told otherwise. */
function canInstall(noInstall: boolean): boolean {
  return !noInstall && process.getuid?.() === 0 && existsSync('/etc/debian_version') && !!onPath('apt-get');
}

function install(packages: string[]): boolean {
  console.log(`Installing ${packages.join(', ')} from Debian's packages (apt-get), once for this machine…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) return false;
  const result = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  return result.status === 0;
}

/** Downloads (or, offline, finds in the cache) the Edge Functions' npm: and jsr: imports. */
async function prepareFunctions(): Promise<string | undefined> {
  const { prepareFunctions: prepare } = await import('../stack/cli/prepare.ts');
  const { REPO_DIR } = await import('../stack/config/instance.ts');
  try {
    prepare(join(REPO_DIR, 'supabase'), { quiet: true });
    return undefined;
  } catch {
    return "The Edge Functions' imports are not in Deno's cache and could not be downloaded: run `npm run stack -- prepare` once with network access.";
  }
}

/** pgTAP inside the embedded Postgres, for the `supabase test db`-style tests in supabase/tests. */
async function pgTap(noInstall: boolean): Promise<string | undefined> {
  const { hasPgTap, installPgTap, EXTENSION_DIR } = await import('../stack/postgres/extensions.ts');
  if (hasPgTap()) return undefined;
  if (canInstall(noInstall)) {
    console.log(
      "Copying pgTAP's extension files from Debian's postgresql-15-pgtap into the embedded Postgres…",
    );
    const problem = installPgTap();
    if (!problem) return undefined;
    return `npm test needs pgTAP in the embedded Postgres and could not install it: ${problem}`;
  }
  return `npm test needs pgTAP in the embedded Postgres: run \`npm run prerequisites\` as root on Debian or Ubuntu, or copy pgtap.control and pgtap--*.sql from a pgTAP build into ${EXTENSION_DIR}.`;
}

/** Returns the sentences for what is still missing (none when everything is there). */
export async function ensurePrerequisites(options: { ci: boolean; noInstall: boolean }): Promise<string[]> {
  let missing = requiredTools(options.ci).filter((tool) => !present(tool));
  const installable = missing.filter((tool) => !(tool.override && process.env[tool.override]));
  if (installable.length > 0 && canInstall(options.noInstall)) {
    install([...new Set(installable.map((tool) => tool.debian))]);
    missing = requiredTools(options.ci).filter((tool) => !present(tool));
  }
  const problems = missing.map(missingSentence);
  const tap = await pgTap(options.noInstall);
  if (tap) problems.push(tap);
  const functions = await prepareFunctions();
  if (functions) problems.push(functions);
  return problems;
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      ci: { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
    },
  });
  const problems = await ensurePrerequisites({ ci: values.ci, noInstall: values['no-install'] });
  for (const problem of problems) console.error(problem);
  process.exit(problems.length === 0 ? 0 : 1);
}
