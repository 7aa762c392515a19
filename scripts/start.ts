// `npm start`: the local Supabase stack (started if it is not running) and the app against it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR, DEFAULT_API_PORT, defaultOptions, instancePaths } from '../stack/config/instance.ts';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { liveState } from '../stack/cli/state.ts';

const APP_PORT = Number(process.env.PORT ?? 5173);
const cli = join(REPO_DIR, 'stack', 'cli', 'main.ts');
const alreadyRunning = liveState(instancePaths(defaultOptions().dataDir).state) !== undefined;

if (!alreadyRunning) {
  const started = spawnSync(process.execPath, [cli, 'start'], { stdio: 'inherit' });
  if (started.status !== 0) process.exit(started.status ?? 1);
}

// `.env` wins when present (e.g. pointing at `supabase start` or a hosted project).
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
  if (!alreadyRunning) {
    console.log('Stopping the local stack this command started…');
    spawnSync(process.execPath, [cli, 'stop'], { stdio: 'inherit' });
  }
  process.exit(code ?? 0);
});
