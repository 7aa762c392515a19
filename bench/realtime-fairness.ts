// Realtime fairness: a patient's chat delivery (postgres changes on public.messages, filtered
// to them, RLS-checked) while another signed-in user holds 500 unfiltered subscriptions to the
// same table (5 sockets × 100 channels, Realtime's channel cap). Target: p99 < 200 ms.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { userToken } from '../tests/helpers/clients.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { createUser } from '../tests/helpers/users.ts';
import { percentile, round } from './lib.ts';

const NOISY_SOCKETS = 5;
const CHANNELS_PER_SOCKET = 100;
const MESSAGES = 30;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

function subscribe(channel: RealtimeChannel): Promise<void> {
  return new Promise((done, fail) =>
    channel.subscribe((status, error) => {
      if (String(status) === 'SUBSCRIBED') done();
      else if (String(status) !== 'CLOSED') fail(error ?? new Error(String(status)));
    }),
  );
}

async function connect(apiUrl: string, token: string, clients: SupabaseClient[]): Promise<SupabaseClient> {
  const client = createClient(apiUrl, PUBLISHABLE_KEY, { accessToken: () => Promise.resolve(token) });
  clients.push(client);
  await client.realtime.setAuth(); // the first join must not race the token
  return client;
}

/** Sends MESSAGES messages doctor → patient, spaced or all at once; returns delivery latencies. */
async function deliveries(
  db: pg.Pool,
  received: Map<string, number>,
  doctor: string,
  patient: string,
  spacedMs: number,
) {
  const sent = new Map<string, number>();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const body = `bench ${spacedMs} ${i} ${Math.random()}`;
    sent.set(body, performance.now());
    const send = db.query('insert into public.messages (sender_id, receiver_id, body) values ($1, $2, $3)', [
      doctor,
      patient,
      body,
    ]);
    sends.push(send);
    if (spacedMs) {
      await send;
      await pause(spacedMs);
    }
  }
  await Promise.all(sends);
  const deadline = performance.now() + 15_000;
  while ([...sent.keys()].some((body) => !received.has(body)) && performance.now() < deadline)
    await pause(20);
  return [...sent].filter(([body]) => received.has(body)).map(([body, at]) => received.get(body)! - at);
}

export async function benchRealtimeFairness(): Promise<Record<string, number>[]> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  const db = new pg.Pool({ connectionString: stack.dbUrl(), max: 8 });
  const clients: SupabaseClient[] = [];
  try {
    const owner = new pg.Client({ connectionString: stack.dbUrl() });
    await owner.connect();
    const [doctor, patient, noisy] = [
      await createUser(owner, 'doctor', { specialization: 'cardiology' }),
      await createUser(owner, 'patient'),
      await createUser(owner, 'patient'),
    ];
    await owner.end();
    await db.query(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + interval '1 day', now() + interval '1 day 30 minutes', 'scheduled', 'chat')`,
      [doctor.id, patient.id],
    );
    const received = new Map<string, number>();
    const chat = (await connect(stack.apiUrl, patient.token, clients))
      .channel('bench-chat')
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `receiver_id=eq.${patient.id}` },
        (payload) => received.set((payload.new as { body: string }).body, performance.now()),
      );
    await subscribe(chat);

    const rows: Record<string, number>[] = [];
    const measure = async (label: string, subscriptions: number) => {
      const spaced = await deliveries(db, received, doctor.id, patient.id, 100);
      const burst = await deliveries(db, received, doctor.id, patient.id, 0);
      rows.push({
        [label]: subscriptions,
        spaced_p50_ms: round(percentile(spaced, 50), 1),
        spaced_p99_ms: round(percentile(spaced, 99), 1),
        burst_p50_ms: round(percentile(burst, 50), 1),
        burst_p99_ms: round(percentile(burst, 99), 1),
        delivered: spaced.length + burst.length,
      });
    };
    await measure('other_user_subscriptions', 0);
    const noisyToken = userToken(noisy.id);
    for (let s = 0; s < NOISY_SOCKETS; s++) {
      const client = await connect(stack.apiUrl, noisyToken, clients);
      for (let c = 0; c < CHANNELS_PER_SOCKET; c++) {
        const channel = client
          .channel(`noise-${s}-${c}`)
          .on('postgres_changes', { event: '*', schema: 'public', table: 'messages' }, () => undefined);
        await subscribe(channel);
      }
    }
    await measure('other_user_subscriptions', NOISY_SOCKETS * CHANNELS_PER_SOCKET);
    return rows;
  } finally {
    await Promise.all(clients.map((client) => client.removeAllChannels()));
    await db.end();
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.table(await benchRealtimeFairness());
  process.exit(0);
}
