// `npm run supabase -- <args>`: the project's pinned Supabase CLI (the `supabase` devDependency).
// Commands that run containers need a Docker daemon; without one, this says so and names what
// does the same job on `stack/` instead of letting the CLI fail with a Docker error.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dockerDaemon } from './docker.ts';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('supabase/package.json')), 'dist', 'supabase.js');

/** Container commands of CLI 2.117 and what to use on `stack/` instead. */
export const NEEDS_DOCKER: Record<string, string> = {
  start: '`npm run stack -- start` (or `npm start` for the stack and the app)',
  stop: '`npm run stack -- stop`',
  status: '`npm run stack -- status`',
  'db start': '`npm run stack -- start`',
  'db reset': '`npm run stack -- reset`, then `npm run stack -- start`',
  'db dump':
    '`pg_dump postgresql://postgres:postgres@127.0.0.1:54322/postgres` (Debian package postgresql-client)',
  'db diff': 'writing the migration by hand and checking it with `npm run stack -- reset`',
  'db pull': '`supabase migration fetch --local` for the history, or pg_dump for the schema',
  'gen types': '`npm run gen:types` (the same generator, @supabase/postgres-meta, without a container)',
  'functions serve': '`npm run stack -- start`, which serves supabase/functions at /functions/v1',
  'test db': 'the vitest suites in supabase/tests (`npm test`)',
};

/** The container command `args` name (`db reset`, `start` …), if it is one. */
export function containerCommand(args: string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const two = words.slice(0, 2).join(' ');
  if (two in NEEDS_DOCKER) return two;
  if (words[0] && words[0] in NEEDS_DOCKER) return words[0];
  return undefined;
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const command = containerCommand(args);
  // `gen types` with --project-id asks the Management API and needs no container.
  const remote = args.some((arg) => arg.startsWith('--project-id') || arg === '--linked');
  if (command && !remote && !args.includes('--help')) {
    const docker = dockerDaemon();
    if (!docker.answers) {
      console.error(
        `\`supabase ${command}\` runs Docker containers, and ${docker.reason}. On the Docker-free stack use ${NEEDS_DOCKER[command]}.`,
      );
      process.exit(1);
    }
  }
  const result = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
