// `npm start`: a local Supabase and the app against it. With a Docker daemon that answers, the
// real one (`supabase start`, the pinned CLI); otherwise, or when that fails, the Docker-free
// `stack/`. Both serve the same ports and keys, so the app's settings are the same either way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_DIR, DEFAULT_API_PORT, defaultOptions, instancePaths } from '../stack/config/instance.ts';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { liveState } from '../stack/cli/state.ts';
import { dockerDaemon } from './docker.ts';

const APP_PORT = Number(process.env.PORT ?? 5173);
const stackCli = join(REPO_DIR, 'stack', 'cli', 'main.ts');
const require = createRequire(import.meta.url);
const supabaseCli = join(dirname(require.resolve('supabase/package.json')), 'dist', 'supabase.js');

const supabase = (args: string[]) =>
  spawnSync(process.execPath, [supabaseCli, ...args], { stdio: 'inherit', cwd: REPO_DIR }).status;

/** Starts a local Supabase; returns how to stop it, or undefined when it was already running. */
function startBackend(): (() => void) | undefined {
  if (liveState(instancePaths(defaultOptions().dataDir).state) !== undefined) {
    console.log('Using the local stack that is already running (npm run stack -- stop ends it).');
    return undefined;
  }
  const docker = dockerDaemon();
  if (docker.answers) {
    console.log(`Starting the real local Supabase with \`supabase start\`: ${docker.reason}.`);
    if (supabase(['start']) === 0) return () => supabase(['stop']);
    console.error(
      '`supabase start` failed (its output is above); stopping what it started and using stack/ instead.',
    );
    supabase(['stop', '--no-backup']);
  } else {
    console.log(
      `Starting the Docker-free local stack (stack/): ${docker.reason}, so \`supabase start\` cannot run.`,
    );
  }
  const started = spawnSync(process.execPath, [stackCli, 'start'], { stdio: 'inherit' });
  if (started.status !== 0) process.exit(started.status ?? 1);
  return () => spawnSync(process.execPath, [stackCli, 'stop'], { stdio: 'inherit' });
}

const stopBackend = startBackend();

// `.env` wins when present (e.g. pointing at a hosted project).
const env = existsSync(join(REPO_DIR, '.env'))
  ? process.env
  : {
      ...process.env,
      PUBLIC_SUPABASE_URL: `http://127.0.0.1:${DEFAULT_API_PORT}`,
      PUBLIC_SUPABASE_ANON_KEY: PUBLISHABLE_KEY,
    };

console.log(`\nHealth-Connect: http://127.0.0.1:${APP_PORT}  (Ctrl-C to stop)\n`);
const app = spawn('npx', ['vite', 'dev', '--host', '127.0.0.1', '--port', String(APP_PORT), '--strictPort'], {
  stdio: 'inherit',
  env,
});

const shutdown = () => {
  app.kill('SIGTERM');
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
app.on('exit', (code) => {
  if (stopBackend) {
    console.log('Stopping the local Supabase this command started…');
    stopBackend();
  }
  process.exit(code ?? 0);
});
