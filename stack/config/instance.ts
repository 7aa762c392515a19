import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEFAULT_API_PORT = 54321;
export const DEFAULT_DB_PORT = 54322;
export const DEFAULT_MAIL_PORT = 54324;

/** Where this repository lives; `stack/` is one level below it. */
export const REPO_DIR = resolve(import.meta.dirname, '..', '..');

/** Options that tell one stack instance from another, so a test stack runs beside a dev stack. */
export interface StackOptions {
  apiPort: number;
  dbPort: number;
  /** The local mail outbox (Mailpit's port under `supabase start`). */
  mailPort: number;
  /** Instance directory: database files, logs, sockets, state. */
  dataDir: string;
  /** The Supabase CLI project to serve (migrations, seed, functions, config.toml). */
  supabaseDir: string;
}

export function defaultOptions(): StackOptions {
  return {
    apiPort: DEFAULT_API_PORT,
    dbPort: DEFAULT_DB_PORT,
    mailPort: DEFAULT_MAIL_PORT,
    dataDir: join(REPO_DIR, '.stack', 'default'),
    supabaseDir: join(REPO_DIR, 'supabase'),
  };
}

/** Paths inside an instance directory. */
export interface InstancePaths {
  pgData: string;
  logs: string;
  state: string;
  storage: string;
  /** Unix sockets of the internal services; kept short because sun_path holds 107 bytes. */
  run: string;
}

export function instancePaths(dataDir: string): InstancePaths {
  const dir = resolve(dataDir);
  const preferred = join(dir, 'run');
  const run =
    preferred.length < 80
      ? preferred
      : join(tmpdir(), `hc-stack-${createHash('sha1').update(dir).digest('hex').slice(0, 12)}`);
  return {
    pgData: join(dir, 'postgres'),
    logs: join(dir, 'logs'),
    state: join(dir, 'stack.json'),
    storage: join(dir, 'storage'),
    run,
  };
}

/** Connection URL for a database role; local passwords are the CLI's public `postgres`. */
export function databaseUrl(port: number, role = 'postgres'): string {
  return `postgresql://${role}:postgres@127.0.0.1:${port}/postgres`;
}
