import { createClient } from '@supabase/supabase-js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runCli,
  startStack,
  stopStack,
  testStackOptions,
  type TestStack,
} from '../../tests/helpers/stack.ts';
import WebSocket from 'ws';
import { instancePaths } from '../config/instance.ts';
import { PUBLISHABLE_KEY } from '../config/keys.ts';
import { isAlive, readState } from './state.ts';

const MIGRATION_1 = `create table public.visits (
  id bigint generated always as identity primary key,
  note text not null
);
`;
const SEED = `insert into public.visits (note) values ('from seed');\n`;
const BROKEN = `create table public.half_done (id int);
insert into public.visits (note) values ('from broken migration');
create table public.oops (id int,, note text);
`;

async function query<T extends pg.QueryResultRow>(stack: TestStack, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.dbUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function childPids(dataDir: string): number[] {
  const pidFile = readFileSync(join(instancePaths(dataDir).pgData, 'postmaster.pid'), 'utf8');
  return [Number(pidFile.split('\n')[0])];
}

describe('stack lifecycle and migrations', () => {
  let stack: TestStack;
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'hc-lifecycle-'));
    mkdirSync(join(project, 'supabase', 'migrations'), { recursive: true });
    writeFileSync(join(project, 'supabase', 'config.toml'), 'project_id = "lifecycle"\n');
    writeFileSync(join(project, 'supabase', 'migrations', '20260101000000_visits.sql'), MIGRATION_1);
    writeFileSync(join(project, 'supabase', 'seed.sql'), SEED);
    stack = await testStackOptions(join(project, 'supabase'));
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it('applies migrations and the seed once, recorded as the CLI records them', async () => {
    const first = await startStack(stack);
    expect(first.stdout).toContain('applied 20260101000000');
    expect(first.stdout).toMatch(/API URL: http:\/\/127\.0\.0\.1:\d+/);
    const recorded = await query<{ version: string; name: string }>(
      stack,
      'select version, name from supabase_migrations.schema_migrations',
    );
    expect(recorded).toEqual([{ version: '20260101000000', name: 'visits' }]);
    await query(stack, `insert into public.visits (note) values ('written by a user')`);
  });

  it('says so when started twice, and status exits 0 while every service answers', async () => {
    const again = await runCli(['start', ...stack.flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already running');
    const status = await runCli(['status', ...stack.flags]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/postgres\s+running/);
    expect(status.stdout).toMatch(/gateway\s+running/);
  });

  it('keeps data across stop and start without re-applying anything', async () => {
    await stopStack(stack);
    const status = await runCli(['status', ...stack.flags]);
    expect(status.code).not.toBe(0);
    const second = await startStack(stack);
    expect(second.stdout).toContain('Migrations: up to date.');
    const notes = await query<{ note: string }>(stack, 'select note from public.visits order by id');
    expect(notes.map((row) => row.note)).toEqual(['from seed', 'written by a user']);
  });

  it('recovers with data intact after the stack process is killed with SIGKILL', async () => {
    const state = readState(instancePaths(stack.dataDir).state)!;
    const [postmaster] = childPids(stack.dataDir);
    process.kill(state.pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(postmaster!); i++) await new Promise((done) => setTimeout(done, 100));
    expect(isAlive(postmaster!)).toBe(false);
    await startStack(stack);
    const notes = await query<{ note: string }>(stack, 'select note from public.visits order by id');
    expect(notes.map((row) => row.note)).toEqual(['from seed', 'written by a user']);
  });

  it('refuses to start on a port that is already taken, naming the port', async () => {
    const other = await testStackOptions(stack.supabaseDir);
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(other.apiPort, '127.0.0.1', done));
    try {
      const result = await runCli(['start', ...other.flags]);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain(`Port ${other.apiPort}`);
    } finally {
      blocker.close();
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });

  it('stops a broken migration with its file and line, keeping the last good state', async () => {
    await stopStack(stack);
    const brokenFile = join(stack.supabaseDir, 'migrations', '20260102000000_broken.sql');
    writeFileSync(brokenFile, BROKEN);
    const result = await runCli(['start', ...stack.flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('migrations/20260102000000_broken.sql:3');
    expect(result.stderr).toContain('syntax error');

    rmSync(brokenFile);
    await startStack(stack);
    const tables = await query<{ name: string }>(
      stack,
      `select tablename as name from pg_tables where schemaname = 'public' order by 1`,
    );
    expect(tables).toEqual([{ name: 'visits' }]);
    const notes = await query<{ count: string }>(stack, 'select count(*) from public.visits');
    expect(notes[0]!.count).toBe('2');
  });

  it('stops in under 2 s with Realtime clients connected, telling each channel and closing with 1001', async () => {
    await startStack(stack);
    const socketUrl = `ws://127.0.0.1:${stack.apiPort}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=1.0.0`;
    // supabase-js as the app uses it.
    const app = createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    const channel = app.channel('lifecycle-stop');
    const appSystem = new Promise<unknown>((done) => channel.on('system', {}, done));
    await new Promise((done) => channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)));
    // A raw socket, to see the frames and the close code.
    const raw = new WebSocket(socketUrl);
    const frames: { topic: string; event: string; payload: unknown }[] = [];
    raw.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
    const closeCode = new Promise<number>((done) => raw.once('close', done));
    await new Promise((done) => raw.once('open', done));
    raw.send(
      JSON.stringify({ topic: 'realtime:raw-stop', event: 'phx_join', payload: {}, ref: '1', join_ref: '1' }),
    );
    await expect.poll(() => frames.some((f) => f.event === 'phx_reply')).toBe(true);
    // A client that never answers the close: the stack must not wait for it. While Realtime waits,
    // a new connection is refused as restarting.
    const silent: Socket = connect(stack.apiPort, '127.0.0.1');
    silent.write(
      `GET /realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=1.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await new Promise((done) => silent.once('data', done));
    silent.pause();
    const lateStatus = appSystem.then(
      () =>
        new Promise<number>((done) => {
          const late = new WebSocket(socketUrl);
          late.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
          late.once('open', () => done(101));
          late.once('error', () => done(0));
        }),
    );

    const started = performance.now();
    const result = await runCli(['stop', ...stack.flags]);
    const elapsed = performance.now() - started;
    try {
      expect(result.code).toBe(0);
      expect(elapsed).toBeLessThan(2000);
      // supabase/realtime `lib/realtime_web/channels/user_socket.ex` disconnect/1.
      const goodbye = { extension: 'system', status: 'ok', message: 'Server requested disconnect' };
      expect(await appSystem).toEqual(goodbye);
      expect(frames).toContainEqual(
        expect.objectContaining({ topic: 'realtime:raw-stop', event: 'system', payload: goodbye }),
      );
      expect(await closeCode).toBe(1001);
      expect(await lateStatus).toBe(503);
      const log = readFileSync(join(instancePaths(stack.dataDir).logs, 'stack.log'), 'utf8');
      expect(log.trimEnd().split('\n').at(-1)).toMatch(/Stopped\.$/);
    } finally {
      silent.destroy();
      await app.removeAllChannels();
      void app.realtime.disconnect();
    }
  });

  it('reports a crashed child by name and stops the whole stack cleanly', async () => {
    await startStack(stack);
    const state = readState(instancePaths(stack.dataDir).state)!;
    const restSocket = state.sockets.rest!;
    const rest = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .find((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(
            `PGRST_SERVER_UNIX_SOCKET=${restSocket}`,
          );
        } catch {
          return false;
        }
      });
    expect(rest).toBeDefined();
    const [postmaster] = childPids(stack.dataDir);
    process.kill(Number(rest), 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(state.pid); i++) await new Promise((done) => setTimeout(done, 100));
    expect(isAlive(state.pid)).toBe(false);
    expect(isAlive(postmaster!)).toBe(false);
    const log = readFileSync(join(instancePaths(stack.dataDir).logs, 'stack.log'), 'utf8');
    expect(log).toMatch(/rest exited unexpectedly \(SIGKILL\); stopping the stack\./);
    expect((await runCli(['status', ...stack.flags])).code).not.toBe(0);
  });

  it('answers stop when nothing runs', async () => {
    await stopStack(stack);
    const result = await runCli(['stop', ...stack.flags]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('not running');
  });
});
