import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stopChild, type Child } from '../config/child-process.ts';
import { REPO_DIR, instancePaths, type StackOptions } from '../config/instance.ts';
import { loadProjectConfig } from '../config/project.ts';
import type { RunningService, StartService } from '../config/service.ts';
import { startFunctions, type FunctionsService } from '../functions/index.ts';
import { bodyLimits } from '../gateway/body-limit.ts';
import { startGateway, type Gateway } from '../gateway/index.ts';
import { bootstrap } from '../postgres/bootstrap.ts';
import {
  initCluster,
  isInitialised,
  startCluster,
  stopCluster,
  stopStaleCluster,
} from '../postgres/cluster.ts';
import { migrate } from '../postgres/migrate.ts';
import { startRest, stopRest } from '../rest/index.ts';
import { seedBuckets } from './seed-buckets.ts';
import { clearState, writeState, type StackState } from './state.ts';

/** Deno's module cache, shared by every instance so `npm:` imports are fetched once. */
export const DENO_DIR = join(REPO_DIR, 'node_modules', '.cache', 'deno');

/**
 * The Node services behind the gateway, in start order. A service whose folder is not part of
 * this checkout is simply not started, and the gateway answers 503 naming it.
 */
const NODE_SERVICES = ['auth', 'storage', 'realtime'] as const;

async function loadService(name: string): Promise<StartService | undefined> {
  const entry = join(import.meta.dirname, '..', name, 'index.ts');
  if (!existsSync(entry)) return undefined;
  const module = (await import(entry)) as { start: StartService };
  return module.start;
}

export interface Reporter {
  progress(line: string): void;
}

export interface RunningStack {
  state: StackState;
  /** Resolves with a message when a child crashed and the stack stopped itself. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {}

async function assertPortFree(port: number, what: string, flag: string): Promise<void> {
  await new Promise<void>((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${port} (${what}) is already in use on 127.0.0.1. Stop whatever uses it, or pass ${flag} <port>.`,
            )
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

/**
 * Starts every service in dependency order and returns once all answer. A child that exits
 * unexpectedly is reported by name and the whole stack stops, so nothing is left half-running.
 */
export async function runStack(options: StackOptions, reporter: Reporter): Promise<RunningStack> {
  const paths = instancePaths(options.dataDir);
  const project = loadProjectConfig(options.supabaseDir);
  await assertPortFree(options.apiPort, 'API gateway', '--api-port');
  await assertPortFree(options.dbPort, 'database', '--db-port');
  await assertPortFree(options.mailPort, 'mail outbox', '--mail-port');
  for (const dir of [options.dataDir, paths.logs, paths.run, paths.storage])
    mkdirSync(dir, { recursive: true });

  const state: StackState = {
    pid: process.pid,
    phase: 'starting',
    apiPort: options.apiPort,
    dbPort: options.dbPort,
    dataDir: options.dataDir,
    supabaseDir: options.supabaseDir,
    startedAt: new Date().toISOString(),
    mailPort: options.mailPort,
    sockets: { rest: join(paths.run, 'rest.sock'), functions: join(paths.run, 'functions.sock') },
  };
  writeState(paths.state, state);

  const children: Child[] = [];
  let functions: FunctionsService | undefined;
  const services: RunningService[] = [];
  let gateway: Gateway | undefined;
  let stopping = false;
  let onCrash: (message: string) => void = () => undefined;
  const crashed = new Promise<string>((done) => (onCrash = done));

  /**
   * Drain first (Realtime tells its clients and closes their sockets through the still-open
   * gateway), then everything that only needs the database stops in parallel, and Postgres last.
   */
  const stop = async () => {
    stopping = true;
    // Settled, not all: one service failing to stop must not leave Postgres running.
    const drained = await Promise.allSettled(services.map(async (service) => service.drain?.()));
    const stopped = await Promise.allSettled([
      gateway?.stop(),
      functions?.stop(),
      ...services.map((service) => service.stop()),
      ...children
        .filter((child) => child.name !== 'postgres')
        .map((child) => (child.name === 'rest' ? stopRest(child) : stopChild(child, 'SIGTERM'))),
    ]);
    for (const child of children.filter((c) => c.name === 'postgres')) await stopCluster(child);
    clearState(paths.state);
    const failed = [...drained, ...stopped].find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };

  const watch = (child: Child) => {
    children.push(child);
    void child.exited.then(({ code, signal }) => {
      if (stopping) return;
      const message = `${child.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the stack.\n${child.tail()}`;
      void stop()
        .catch((error: Error) => console.error(`stopping after a crash: ${error.message}`))
        .then(() => onCrash(message));
    });
  };

  try {
    await stopStaleCluster(paths.pgData);
    if (!isInitialised(paths.pgData)) {
      reporter.progress('Initialising database cluster…');
      initCluster(paths.pgData, join(paths.logs, 'postgres.log'));
    }
    watch(
      await startCluster({
        pgData: paths.pgData,
        port: options.dbPort,
        logFile: join(paths.logs, 'postgres.log'),
      }),
    );
    reporter.progress(`Started postgres on 127.0.0.1:${options.dbPort}.`);

    const boot = await bootstrap(options.dbPort);
    reporter.progress(
      boot.applied ? 'Applied the Supabase bootstrap (roles, schemas).' : 'Supabase bootstrap up to date.',
    );

    const migrated = await migrate(
      options.dbPort,
      options.supabaseDir,
      project.db.seedEnabled ? project.db.seedPaths : [],
    );
    reporter.progress(
      `Migrations: ${migrated.applied.length ? `applied ${migrated.applied.join(', ')}` : 'up to date'}` +
        (migrated.seeded.length ? `; seeded ${migrated.seeded.join(', ')}` : '') +
        '.',
    );

    watch(
      await startRest({
        dbPort: options.dbPort,
        socket: state.sockets.rest!,
        logFile: join(paths.logs, 'rest.log'),
        api: project.api,
      }),
    );
    reporter.progress('Started rest (PostgREST 12).');

    functions = await startFunctions({
      supabaseDir: options.supabaseDir,
      socket: state.sockets.functions!,
      runDir: paths.run,
      logsDir: paths.logs,
      denoDir: DENO_DIR,
      apiPort: options.apiPort,
      dbPort: options.dbPort,
    });
    reporter.progress('Started functions (Deno).');

    for (const name of NODE_SERVICES) {
      const start = await loadService(name);
      if (!start) continue;
      const socket = join(paths.run, `${name}.sock`);
      services.push(
        await start({
          socket,
          apiPort: options.apiPort,
          dbPort: options.dbPort,
          mailPort: options.mailPort,
          dataDir: options.dataDir,
          paths,
          supabaseDir: options.supabaseDir,
          project,
          log: (line) => console.log(`[${name}] ${line}`),
        }),
      );
      state.sockets[name] = socket;
      reporter.progress(`Started ${name}.`);
    }

    gateway = await startGateway({
      port: options.apiPort,
      bodyLimits: bodyLimits(project.storage.fileSizeLimit),
      upstreams: {
        rest: state.sockets.rest,
        functions: state.sockets.functions,
        auth: state.sockets.auth,
        storage: state.sockets.storage,
        realtime: state.sockets.realtime,
      },
    });
    reporter.progress(`Started gateway on http://127.0.0.1:${options.apiPort}.`);

    // Like `supabase db reset`: the buckets of config.toml and their files come with a fresh seed.
    if (migrated.seeded.length && Object.keys(project.storage.buckets).length) {
      const files = await seedBuckets(
        `http://127.0.0.1:${options.apiPort}`,
        options.supabaseDir,
        project.storage.buckets,
      );
      reporter.progress(`Seeded storage buckets from config.toml (${files} files).`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  state.phase = 'running';
  writeState(paths.state, state);
  return { state, crashed, stop };
}
