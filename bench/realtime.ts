// Realtime: broadcast fan-out (1 sender → 100 subscribers) against a bare Socket.IO server on
// the same machine in the same run, and Postgres-changes delivery to 100 RLS-checked subscribers.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { userToken } from '../tests/helpers/clients.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const SUBSCRIBERS = 100;
const MESSAGES = 50;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

function summary(prefix: string, latencies: number[], seconds: number): Record<string, number> {
  return {
    [`${prefix}_p50_ms`]: round(percentile(latencies, 50), 2),
    [`${prefix}_p99_ms`]: round(percentile(latencies, 99), 2),
    [`${prefix}_deliveries_per_s`]: round(latencies.length / seconds, 0),
  };
}

async function subscribe(channel: RealtimeChannel): Promise<void> {
  await new Promise((done) => channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)));
}

async function realtimeFanOut(apiUrl: string): Promise<number[]> {
  const latencies: number[] = [];
  const clients: SupabaseClient[] = [];
  const make = () => {
    const client = createClient(apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    clients.push(client);
    return client;
  };
  const topic = `bench-${randomUUID()}`;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const channel = make().channel(topic);
    channel.on('broadcast', { event: 'tick' }, ({ payload }) =>
      latencies.push(performance.now() - (payload as { t: number }).t),
    );
    await subscribe(channel);
  }
  const sender = make().channel(topic);
  await subscribe(sender);
  for (let i = 0; i < MESSAGES; i++) {
    await sender.send({ type: 'broadcast', event: 'tick', payload: { t: performance.now() } });
    await pause(20);
  }
  await pause(500);
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  return latencies;
}

async function socketIoFanOut(): Promise<number[]> {
  const http = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => {
    void socket.join('room');
    socket.on('tick', (payload: unknown) => socket.to('room').emit('tick', payload));
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const port = (http.address() as { port: number }).port;
  const latencies: number[] = [];
  const sockets: Socket[] = [];
  const connect = () =>
    new Promise<Socket>((done) => {
      const socket = connectSocketIo(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
      sockets.push(socket);
      socket.on('connect', () => done(socket));
    });
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const socket = await connect();
    socket.on('tick', (payload: { t: number }) => latencies.push(performance.now() - payload.t));
  }
  const sender = await connect();
  await pause(200);
  for (let i = 0; i < MESSAGES; i++) {
    sender.emit('tick', { t: performance.now() });
    await pause(20);
  }
  await pause(500);
  for (const socket of sockets) socket.disconnect();
  await server.close();
  return latencies;
}

async function changesLatency(apiUrl: string, dbUrl: string): Promise<number[]> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await db.query(`create table public.bench_events (id bigint generated always as identity primary key, sent double precision not null);
    alter table public.bench_events enable row level security;
    create policy "signed-in users read" on public.bench_events for select to authenticated using (auth.uid() is not null);
    grant select on public.bench_events to authenticated;
    alter publication supabase_realtime add table public.bench_events;`);
  const latencies: number[] = [];
  const clients: SupabaseClient[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient(apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    clients.push(client);
    await client.realtime.setAuth(userToken());
    const channel = client
      .channel(`changes-${i}`)
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'bench_events' }, (payload) =>
        latencies.push(performance.now() - Number((payload.new as { sent: number }).sent)),
      );
    await subscribe(channel);
  }
  for (let i = 0; i < 20; i++) {
    await db.query('insert into public.bench_events (sent) values ($1)', [performance.now()]);
    await pause(250);
  }
  await pause(2000);
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await db.end();
  return latencies;
}

export async function benchRealtime(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  try {
    const realtime = await realtimeFanOut(stack.apiUrl);
    const socketIo = await socketIoFanOut();
    // Deliveries per second while sending: MESSAGES messages 20 ms apart.
    const sendingSeconds = (MESSAGES * 20) / 1000;
    const changes = await changesLatency(stack.apiUrl, stack.dbUrl());
    return {
      ...summary('broadcast', realtime, sendingSeconds),
      ...summary('socketio', socketIo, sendingSeconds),
      broadcast_p50_vs_socketio: round(percentile(realtime, 50) / percentile(socketIo, 50), 2),
      broadcast_deliveries: realtime.length,
      changes_p50_ms: round(percentile(changes, 50), 2),
      changes_p99_ms: round(percentile(changes, 99), 2),
      changes_deliveries: changes.length,
    };
  } finally {
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.table(await benchRealtime());
  process.exit(0);
}
