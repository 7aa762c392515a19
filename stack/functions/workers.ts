import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startChild, stopChild, type Child } from '../config/child-process.ts';

const require = createRequire(import.meta.url);
const DENO = join(dirname(require.resolve('deno/package.json')), 'deno');
const BOOTSTRAP = join(import.meta.dirname, 'runtime', 'bootstrap.js');

/**
 * The function's Deno config, as the Supabase CLI resolves it: the function folder's own
 * deno.json(c), else the one shared by all functions, else a legacy import_map.json.
 */
export function configFlags(functionDir: string): string[] {
  for (const dir of [functionDir, dirname(functionDir)]) {
    for (const name of ['deno.json', 'deno.jsonc']) {
      if (existsSync(join(dir, name))) return [`--config=${join(dir, name)}`];
    }
  }
  for (const dir of [functionDir, dirname(functionDir)]) {
    if (existsSync(join(dir, 'import_map.json')))
      return ['--no-config', `--import-map=${join(dir, 'import_map.json')}`];
  }
  return ['--no-config'];
}

/**
 * Deno's flags for one function: its config, the global npm cache (no node_modules), no
 * lockfile. The repository's package.json is the app's, not the function's: Deno is told to
 * ignore it (DENO_NO_PACKAGE_JSON), as edge-runtime never sees it.
 */
export function denoRunArgs(entry: string, writableDir: string, functionDir: string): string[] {
  return [
    'run',
    ...configFlags(functionDir),
    '--node-modules-dir=none',
    '--no-lock',
    '--allow-net',
    '--allow-env',
    '--allow-read',
    '--allow-sys',
    '--allow-import',
    `--allow-write=${writableDir}`,
    BOOTSTRAP,
    entry,
  ];
}

export const DENO_BINARY = DENO;

/** Trust the system's certificate store too, as npm does, so registry proxies with a local CA work. */
export const DENO_CA_STORE = 'system,mozilla';

export class BootError extends Error {}

interface Worker {
  child: Child;
  socket: string;
}

export interface WorkerPoolOptions {
  runDir: string;
  logsDir: string;
  denoDir: string;
  env: Record<string, string>;
}

/**
 * One Deno process per function, started on first request and stopped when the function's
 * files change, so an edit is picked up by the next request without restarting the stack.
 */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #workers = new Map<string, Promise<Worker>>();

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  /** Returns the socket of a running worker for `name`, booting it if needed. */
  async socketFor(name: string, entry: string): Promise<string> {
    let worker = this.#workers.get(name);
    if (!worker) {
      worker = this.#boot(name, entry);
      this.#workers.set(name, worker);
      worker.catch(() => this.#workers.delete(name));
    }
    return (await worker).socket;
  }

  async #boot(name: string, entry: string): Promise<Worker> {
    const socket = join(this.#options.runDir, `fn-${name}.sock`);
    rmSync(socket, { force: true });
    const child = startChild({
      name: `functions:${name}`,
      command: DENO,
      args: denoRunArgs(pathToFileURL(entry).href, this.#options.runDir, dirname(entry)),
      cwd: dirname(entry),
      env: {
        ...this.#options.env,
        DENO_DIR: this.#options.denoDir,
        NO_COLOR: '1',
        DENO_NO_PACKAGE_JSON: '1',
        DENO_TLS_CA_STORE: DENO_CA_STORE,
        HC_FUNCTION_ENTRY: pathToFileURL(entry).href,
        HC_FUNCTION_SOCKET: socket,
      },
      logFile: join(this.#options.logsDir, `function-${name}.log`),
      deathSignal: 'TERM',
    });
    void child.exited.then(() => {
      void this.#workers.get(name)?.then(
        (worker) => {
          if (worker.child === child) this.#workers.delete(name);
        },
        () => undefined,
      );
    });
    await waitForSocket(child, socket);
    return { child, socket };
  }

  /** Stops the worker of `name` (or every worker), so the next request boots fresh code. */
  async reload(name?: string): Promise<void> {
    const names = name ? [name] : [...this.#workers.keys()];
    await Promise.all(
      names.map(async (key) => {
        const worker = this.#workers.get(key);
        this.#workers.delete(key);
        const running = await worker?.catch(() => undefined);
        if (running) await stopChild(running.child, 'SIGTERM', 3000);
      }),
    );
  }

  async stop(): Promise<void> {
    await this.reload();
  }
}

async function waitForSocket(child: Child, socket: string): Promise<void> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new BootError(child.tail());
    if (existsSync(socket) && (await canConnect(socket))) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  await stopChild(child, 'SIGKILL');
  throw new BootError('the function did not start listening within 60 s');
}

function canConnect(socket: string): Promise<boolean> {
  return new Promise((done) => {
    const connection = connect(socket);
    connection.once('connect', () => {
      connection.destroy();
      done(true);
    });
    connection.once('error', () => done(false));
  });
}
