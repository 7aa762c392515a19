import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import pg from 'pg';
import type { InstancePaths } from './instance.ts';
import type { ProjectConfig } from './project.ts';

/**
 * What the stack hands a Node service (auth, realtime, storage) at start. Each service
 * listens on its own unix socket; the gateway routes to it.
 */
export interface ServiceContext {
  /** Unix socket to listen on (HTTP and, for realtime, WebSocket upgrades). */
  socket: string;
  apiPort: number;
  dbPort: number;
  /** Port of the local mail outbox (the CLI's Mailpit on 54324); used by auth. */
  mailPort: number;
  dataDir: string;
  paths: InstancePaths;
  supabaseDir: string;
  project: ProjectConfig;
  /** Writes a line to the stack's log. */
  log(line: string): void;
}

export interface RunningService {
  /**
   * Shutdown, first phase: refuse new work and say goodbye to connected clients while the
   * gateway still carries the goodbye. Every service is drained before any is stopped.
   */
  drain?(): Promise<void>;
  stop(): Promise<void>;
}

/** The contract of `stack/<service>/index.ts`. */
export type StartService = (context: ServiceContext) => Promise<RunningService>;

/** A connection pool as one of the database roles Supabase's services use (local password). */
export function servicePool(context: ServiceContext, user: string, max = 8): pg.Pool {
  return new pg.Pool({
    host: '127.0.0.1',
    port: context.dbPort,
    user,
    password: 'postgres',
    database: 'postgres',
    max,
  });
}

/** Listens on a unix socket, replacing a stale socket file left by a crash. */
export async function listenOnSocket(server: Server, socket: string): Promise<void> {
  rmSync(socket, { force: true });
  await new Promise<void>((done) => server.listen(socket, done));
}

/** Stops accepting, ends open connections, and resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
