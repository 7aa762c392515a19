import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { SERVICE_JWKS, verifyJwt } from '../config/jwt.ts';
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../config/keys.ts';
import { loadProjectConfig } from '../config/project.ts';
import { closeServer, listenOnSocket } from '../config/service.ts';
import { BootError, WorkerPool } from './workers.ts';

export interface FunctionsOptions {
  supabaseDir: string;
  socket: string;
  runDir: string;
  logsDir: string;
  denoDir: string;
  apiPort: number;
  dbPort: number;
}

export interface FunctionsService {
  server: Server;
  stop(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** User secrets from `supabase/functions/.env`, as `supabase functions serve` loads them (Node's `.env` parser). */
function readSecrets(functionsDir: string): Record<string, string> {
  const file = join(functionsDir, '.env');
  if (!existsSync(file)) return {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (value !== undefined && !name.startsWith('SUPABASE_')) secrets[name] = value;
  }
  return secrets;
}

/**
 * The Edge Functions service: edge-runtime's main worker in miniature (compat doc §6.2).
 * Checks `verify_jwt` per function, then forwards the original request to the function's worker.
 */
export async function startFunctions(options: FunctionsOptions): Promise<FunctionsService> {
  const functionsDir = join(options.supabaseDir, 'functions');
  const env: Record<string, string> = {
    ...readSecrets(functionsDir),
    SUPABASE_URL: `http://127.0.0.1:${options.apiPort}`,
    SUPABASE_ANON_KEY: ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    SUPABASE_DB_URL: `postgresql://postgres:postgres@127.0.0.1:${options.dbPort}/postgres`,
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: PUBLISHABLE_KEY }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET_KEY }),
    // What `supabase functions serve` gives edge-runtime (supabase/cli `internal/functions/serve/serve.go`).
    SUPABASE_JWKS: JSON.stringify(SERVICE_JWKS),
  };
  const pool = new WorkerPool({
    runDir: options.runDir,
    logsDir: options.logsDir,
    denoDir: options.denoDir,
    env,
  });
  const config = cachedConfig(options.supabaseDir);

  let watcher: FSWatcher | undefined;
  if (existsSync(functionsDir)) {
    watcher = watch(functionsDir, { recursive: true }, (_event, file) => {
      const top = file?.split('/')[0];
      // A change in a shared folder (`_shared`) or the secrets file can affect every function.
      void pool.reload(top && !top.startsWith('_') && top !== '.env' ? top : undefined);
    });
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        json(res, 500, {
          code: 'Internal Server Error',
          message: 'Request failed due to an internal server error',
        });
      } else res.destroy(error as Error);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://functions');
    if (url.pathname === '/_internal/health') return json(res, 200, { message: 'ok' });
    const name = url.pathname.split('/')[1] ?? '';
    const entry = join(functionsDir, name, 'index.ts');
    const settings = config().functions[name];
    if (!NAME.test(name) || !existsSync(entry) || settings?.enabled === false) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Function not found');
      return;
    }
    if ((settings?.verifyJwt ?? true) && req.method !== 'OPTIONS') {
      const header = req.headers.authorization;
      const token = header?.match(/^Bearer (.+)$/i)?.[1];
      if (!token) return json(res, 401, { msg: 'Error: Missing authorization header' });
      if (!(await verifyJwt(token)).ok) return json(res, 401, { msg: 'Invalid JWT' });
    }
    let socket: string;
    try {
      socket = await pool.socketFor(name, entry);
    } catch (error) {
      if (error instanceof BootError) {
        console.error(`function ${name} failed to boot:\n${error.message}`);
        return json(res, 503, { code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' });
      }
      throw error;
    }
    forward(req, res, socket);
  }

  await listenOnSocket(server, options.socket);
  return {
    server,
    async stop() {
      watcher?.close();
      await closeServer(server);
      await pool.stop();
    },
  };
}

function forward(req: IncomingMessage, res: ServerResponse, socket: string): void {
  let answered = false;
  const upstream = request(
    { socketPath: socket, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      answered = true;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    // A function may answer (say 413) without reading the whole body; its answer stands.
    if (answered) return void req.unpipe(upstream).resume();
    json(res, 500, { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' });
  });
  req.pipe(upstream);
}

/** config.toml read again only when it changes, so `verify_jwt` edits apply without a restart. */
function cachedConfig(supabaseDir: string) {
  const file = join(supabaseDir, 'config.toml');
  let mtime = -1;
  let value = loadProjectConfig(supabaseDir);
  return () => {
    const current = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (current !== mtime) {
      mtime = current;
      value = loadProjectConfig(supabaseDir);
    }
    return value;
  };
}
