// Realtime postgres_changes: delivery latency to 100 RLS-checked subscribers (every one sees
// every insert), and to 100 subscribers each filtered to their own conversation while inserts
// arrive at 10/s and 50/s (a filter that excludes a subscriber should cost that subscriber nothing).
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { userToken } from '../tests/helpers/clients.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const SUBSCRIBERS = 100;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function subscribe(channel: RealtimeChannel): Promise<void> {
  await new Promise((done) => channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)));
}

/** 100 clients, each signed in as its own user, listening to INSERTs on `table` (with `filter(i)`). */
async function listeners(
  apiUrl: string,
  table: string,
  users: string[],
  filter: (user: string) => string | undefined,
  latencies: number[],
): Promise<SupabaseClient[]> {
  const clients: SupabaseClient[] = [];
  for (const user of users) {
    const client = createClient(apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    clients.push(client);
    await client.realtime.setAuth(userToken(user));
    const options = filter(user);
    const channel = client
      .channel(`bench-${randomUUID()}`)
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table, ...(options ? { filter: options } : {}) },
        (payload) => latencies.push(performance.now() - Number((payload.new as { sent: number }).sent)),
      );
    await subscribe(channel);
  }
  return clients;
}

function summary(prefix: string, latencies: number[], expected: number): Record<string, number> {
  return {
    [`${prefix}_p50_ms`]: round(percentile(latencies, 50), 1),
    [`${prefix}_p99_ms`]: round(percentile(latencies, 99), 1),
    [`${prefix}_delivered_pct`]: round((100 * latencies.length) / expected, 1),
  };
}

async function everyoneSees(apiUrl: string, db: pg.Client): Promise<Record<string, number>> {
  await db.query(`create table public.bench_changes (id bigint generated always as identity primary key, sent double precision not null);
    alter table public.bench_changes enable row level security;
    create policy "signed-in users read" on public.bench_changes for select to authenticated using (auth.uid() is not null);
    grant select on public.bench_changes to authenticated;
    alter publication supabase_realtime add table public.bench_changes;`);
  const latencies: number[] = [];
  const users = Array.from({ length: SUBSCRIBERS }, () => randomUUID());
  const clients = await listeners(apiUrl, 'bench_changes', users, () => undefined, latencies);
  const inserts = 20;
  for (let i = 0; i < inserts; i++) {
    await db.query('insert into public.bench_changes (sent) values ($1)', [performance.now()]);
    await pause(250);
  }
  await pause(2000);
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  return summary('all_see_100', latencies, inserts * SUBSCRIBERS);
}

async function ownConversation(apiUrl: string, db: pg.Client): Promise<Record<string, number>> {
  await db.query(`create table public.bench_chat (id bigint generated always as identity primary key, conversation uuid not null, sent double precision not null);
    alter table public.bench_chat enable row level security;
    create policy "own conversation" on public.bench_chat for select to authenticated using (conversation = auth.uid());
    grant select on public.bench_chat to authenticated;
    alter publication supabase_realtime add table public.bench_chat;`);
  const users = Array.from({ length: SUBSCRIBERS }, () => randomUUID());
  const latencies: number[] = [];
  const clients = await listeners(
    apiUrl,
    'bench_chat',
    users,
    (user) => `conversation=eq.${user}`,
    latencies,
  );
  const result: Record<string, number> = {};
  for (const rate of [10, 50]) {
    latencies.length = 0;
    const inserts = rate * 5;
    const started = performance.now();
    for (let i = 0; i < inserts; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await pause(wait);
      await db.query('insert into public.bench_chat (conversation, sent) values ($1, $2)', [
        users[i % users.length],
        performance.now(),
      ]);
    }
    await pause(3000);
    Object.assign(result, summary(`own_conversation_${rate}_per_s`, latencies, inserts));
  }
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  return result;
}

export async function benchRealtimeChanges(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  const db = new pg.Client({ connectionString: stack.dbUrl() });
  await db.connect();
  try {
    return { ...(await everyoneSees(stack.apiUrl, db)), ...(await ownConversation(stack.apiUrl, db)) };
  } finally {
    await db.end();
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.table(await benchRealtimeChanges());
  process.exit(0);
}
