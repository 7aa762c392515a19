// book-appointment latency at 1 and 20 concurrent callers, and available_slots over 30 days,
// against a fresh stack. Each booking takes a distinct free slot, so every call does the full
// path: JWT check, validation, slot check in the database, insert.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../tests/helpers/users.ts';
import { percentile, round } from './lib.ts';

function post(url: string, token: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      apikey: PUBLISHABLE_KEY,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

async function freeSlots(apiUrl: string, doctor: TestUser, token: string): Promise<string[]> {
  const res = await post(`${apiUrl}/rest/v1/rpc/available_slots`, token, {
    doctor_id: doctor.id,
    range_start: new Date().toISOString(),
    range_end: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  return ((await res.json()) as { starts_at: string }[]).map((slot) => slot.starts_at);
}

async function bookOnce(apiUrl: string, token: string, doctor: TestUser, startsAt: string): Promise<number> {
  const started = performance.now();
  const res = await post(`${apiUrl}/functions/v1/book-appointment`, token, {
    doctor_id: doctor.id,
    starts_at: startsAt,
    mode: 'video',
    reason: 'Benchmark visit',
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`booking answered ${res.status}`);
  return performance.now() - started;
}

export async function benchBooking(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  const db = new pg.Client({ connectionString: stack.dbUrl() });
  await db.connect();
  try {
    const doctor = await createDoctor(db, {
      timeZone: 'America/New_York',
      slotMinutes: 15,
      hours: everyDay('00:00', '23:45'),
    });
    const patients: TestUser[] = [];
    for (let i = 0; i < 450; i++) patients.push(await createUser(db, 'patient'));
    const slots = await freeSlots(stack.apiUrl, doctor, patients[0]!.token);
    let next = 0;
    const take = () => ({ patient: patients[next]!, slot: slots[next++]! });

    for (let i = 0; i < 10; i++) {
      const { patient, slot } = take();
      await bookOnce(stack.apiUrl, patient.token, doctor, slot);
    }
    const serial: number[] = [];
    for (let i = 0; i < 100; i++) {
      const { patient, slot } = take();
      serial.push(await bookOnce(stack.apiUrl, patient.token, doctor, slot));
    }
    // One unmeasured concurrent round opens the connection pools (Deno → gateway → PostgREST → Postgres).
    const warm = Array.from({ length: 20 }, take);
    await Promise.all(warm.map(({ patient, slot }) => bookOnce(stack.apiUrl, patient.token, doctor, slot)));
    const concurrent: number[] = [];
    for (let round = 0; round < 15; round++) {
      const batch = Array.from({ length: 20 }, take);
      concurrent.push(
        ...(await Promise.all(
          batch.map(({ patient, slot }) => bookOnce(stack.apiUrl, patient.token, doctor, slot)),
        )),
      );
    }
    const slotTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await freeSlots(stack.apiUrl, doctor, patients[0]!.token);
      slotTimes.push(performance.now() - t);
    }
    return {
      book_1_p50_ms: round(percentile(serial, 50), 1),
      book_1_p99_ms: round(percentile(serial, 99), 1),
      book_20_p50_ms: round(percentile(concurrent, 50), 1),
      book_20_p99_ms: round(percentile(concurrent, 99), 1),
      available_slots_30d_p50_ms: round(percentile(slotTimes, 50), 1),
      slots_in_30d: slots.length,
    };
  } finally {
    await db.end();
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchBooking());
