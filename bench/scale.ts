// How the directory, slots and chat lists grow with the platform: synthetic doctors (hours,
// reviews), doctors with many conversations and long threads, inserted by SQL into a fresh
// stack; p50 of 15 calls through PostgREST with supabase-js, as the app makes them.
// `node bench/scale.ts --doctors 14,1000 --conversations 10,500 --messages 1000,100000` for a quick run.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chatApi } from '../src/lib/chat/api.ts';
import type { Database } from '../src/lib/database.types.ts';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { userToken } from '../tests/helpers/clients.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';
import { doctorWithConversations, ensurePatients, growDoctors, insertThread } from './scale-seed.ts';

const RUNS = 15;

export interface ScaleOptions {
  doctors: number[];
  conversations: number[];
  messages: number[];
  /** Print each row as it is measured (a full run takes a while). */
  progress?: boolean;
}

export const DEFAULT_SCALE: ScaleOptions = {
  doctors: [14, 1000, 10_000, 50_000],
  conversations: [10, 500, 5000],
  messages: [1000, 100_000, 1_000_000],
};

type Client = SupabaseClient<Database>;
type Row = { work: string; size: string; p50_ms: number | string; rows: number | string };

/**
 * p50 of RUNS calls after two warm-ups; "HTTP <status>" when the call fails (then only three
 * tries, so a statement timeout does not hold the run for minutes).
 */
async function timed(
  call: () => Promise<{ rows: number; status?: number }>,
): Promise<[number | string, number | string]> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    if (result.status !== undefined) {
      if (i >= 2) return [`HTTP ${result.status}`, '-'];
      continue;
    }
    rows = result.rows;
    if (i >= 2) samples.push(ms);
  }
  return [round(percentile(samples, 50), 1), rows];
}

function rpcResult(response: { data: unknown; error: unknown; status: number }) {
  if (response.error) return { rows: 0, status: response.status };
  return { rows: Array.isArray(response.data) ? response.data.length : 1 };
}

async function directory(anon: Client, size: number): Promise<Row[]> {
  const rows: Row[] = [];
  const search = (args: Database['public']['Functions']['search_doctors']['Args']) => async () =>
    rpcResult(await anon.rpc('search_doctors', { page_size: 12, page_offset: 0, ...args }));
  const cases: [string, Database['public']['Functions']['search_doctors']['Args']][] = [
    ['search_doctors, sort by rating', { sort_by: 'rating' }],
    ['search_doctors, sort by next available', { sort_by: 'next_available' }],
    ['search_doctors, name "okafor", by rating', { sort_by: 'rating', search: 'okafor' }],
    ['search_doctors, by rating, page 40', { sort_by: 'rating', page_offset: 480 }],
  ];
  for (const [work, args] of cases) {
    const [p50, count] = await timed(search(args));
    rows.push({ work, size: `${size} doctors`, p50_ms: p50, rows: count });
  }
  return rows;
}

async function slots(anon: Client, db: pg.Client, size: number): Promise<Row> {
  const { rows } = await db.query<{ id: string }>(
    "select u.id from auth.users u where u.email = 'scale-doctor-1@bench.health-connect.local'",
  );
  const range = {
    range_start: new Date().toISOString(),
    range_end: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  const [p50, count] = await timed(async () =>
    rpcResult(await anon.rpc('available_slots', { doctor_id: rows[0]!.id, ...range })),
  );
  return { work: 'available_slots, one doctor, 30 days', size: `${size} doctors`, p50_ms: p50, rows: count };
}

export async function benchScale(options: ScaleOptions = DEFAULT_SCALE): Promise<Row[]> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags], undefined, stack.env);
  if (started.code !== 0) throw new Error(started.stderr);
  const db = new pg.Client({ connectionString: stack.dbUrl() });
  await db.connect();
  const make = (token?: string): Client =>
    createClient<Database>(stack.apiUrl, PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
    });
  const anon = make();
  const table: Row[] = [];
  const push = (...rows: Row[]) => {
    table.push(...rows);
    if (options.progress) for (const row of rows) console.log(Object.values(row).join(' | '));
  };
  try {
    const reviewers = await ensurePatients(db, 'scale-reviewer', 100);
    for (const size of options.doctors) {
      await growDoctors(db, size, reviewers);
      push(...(await directory(anon, size)), await slots(anon, db, size));
    }

    const patients = await ensurePatients(db, 'scale-patient', Math.max(...options.conversations));
    for (const count of options.conversations) {
      const doctor = await doctorWithConversations(db, `Conversations ${count}`, patients.slice(0, count));
      await db.query('analyze');
      const chat = chatApi(make(userToken(doctor)));
      const [p50, rows] = await timed(async () => ({ rows: (await chat.conversations()).items.length }));
      push({
        work: 'my_conversations (first page)',
        size: `${count} conversations`,
        p50_ms: p50,
        rows,
      });
    }

    for (const [i, count] of options.messages.entries()) {
      const doctor = await doctorWithConversations(db, `Thread ${count}`, [patients[i]!]);
      await insertThread(db, patients[i]!, doctor, count);
      await db.query('analyze public.messages');
      const key = [patients[i]!, doctor].sort().join('_');
      const middle = await db.query<{ created_at: string; id: string }>(
        `select to_json(created_at)#>>'{}' as created_at, id from public.messages where conversation_key = $1
         order by created_at desc, id desc offset $2 limit 1`,
        [key, Math.floor(count / 2)],
      );
      const chat = chatApi(make(userToken(patients[i])));
      const [p50, rows] = await timed(async () => ({
        rows: (await chat.page(patients[i]!, doctor, middle.rows[0]!)).length,
      }));
      push({ work: 'chat: older page mid-thread', size: `${count} messages`, p50_ms: p50, rows });
    }
    return table;
  } finally {
    await db.end();
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

function sizes(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback;
  const list = value.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`not a list of sizes: ${value}`);
  return list;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { doctors: { type: 'string' }, conversations: { type: 'string' }, messages: { type: 'string' } },
  });
  console.table(
    await benchScale({
      doctors: sizes(values.doctors, DEFAULT_SCALE.doctors),
      conversations: sizes(values.conversations, DEFAULT_SCALE.conversations),
      messages: sizes(values.messages, DEFAULT_SCALE.messages),
      progress: true,
    }),
  );
  process.exit(0);
}
