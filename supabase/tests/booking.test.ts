import { FunctionsHttpError } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database } from '../../tests/helpers/clients.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../../tests/helpers/users.ts';

interface Slot {
  starts_at: string;
  ends_at: string;
}

async function slots(doctor: TestUser, days: number, token?: string): Promise<Slot[]> {
  const { data, error } = await client(undefined, token).rpc('available_slots', {
    doctor_id: doctor.id,
    range_start: new Date().toISOString(),
    range_end: new Date(Date.now() + days * 86_400_000).toISOString(),
  });
  if (error) throw new Error(error.message);
  return data as Slot[];
}

async function book(token: string, body: unknown) {
  const { data, error, response } = await client(undefined, token).functions.invoke('book-appointment', {
    body: body as Record<string, unknown>,
  });
  if (error instanceof FunctionsHttpError) {
    const res = error.context as Response;
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  if (error) throw error;
  return { status: response?.status ?? 0, body: data as Record<string, unknown> };
}

describe('available_slots and the book-appointment function', () => {
  let db: pg.Client;
  let doctor: TestUser;
  let patient: TestUser;

  beforeAll(async () => {
    db = await database();
    doctor = await createDoctor(db, {
      timeZone: 'America/New_York',
      modes: ['video'],
      hours: everyDay('09:00', '17:00'),
    });
    patient = await createUser(db, 'patient');
  });

  afterAll(async () => {
    await db.end();
  });

  it('offers the doctor’s working hours as instants on the slot grid, after the notice period', async () => {
    const offered = await slots(doctor, 3, patient.token);
    expect(offered.length).toBeGreaterThan(16);
    const soonest = Date.now() + 60 * 60_000;
    for (const slot of offered) {
      const start = new Date(slot.starts_at);
      expect(start.getTime()).toBeGreaterThanOrEqual(soonest - 1000);
      expect(new Date(slot.ends_at).getTime() - start.getTime()).toBe(30 * 60_000);
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(start);
      expect(local >= '09:00' && local <= '16:30').toBe(true);
      expect(local.endsWith(':00') || local.endsWith(':30')).toBe(true);
    }
  });

  it('books a free slot for a patient: 201 with the pending appointment, and the slot disappears', async () => {
    const [slot] = await slots(doctor, 3, patient.token);
    const result = await book(patient.token, {
      doctor_id: doctor.id,
      starts_at: slot!.starts_at,
      mode: 'video',
      reason: 'Chest pain when climbing stairs',
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      doctor_id: doctor.id,
      patient_id: patient.id,
      status: 'pending',
      mode: 'video',
    });
    expect(new Date(result.body.starts_at as string).getTime()).toBe(new Date(slot!.starts_at).getTime());
    const after = await slots(doctor, 3, patient.token);
    expect(after.map((s) => s.starts_at)).not.toContain(slot!.starts_at);
  });

  it('gives exactly one of 50 patients racing for the same slot the booking; the rest get 409', async () => {
    const racers: TestUser[] = [];
    for (let i = 0; i < 50; i++) racers.push(await createUser(db, 'patient'));
    const offered = await slots(doctor, 3);
    const target = offered[5]!;
    const results = await Promise.all(
      racers.map((racer) =>
        book(racer.token, {
          doctor_id: doctor.id,
          starts_at: target.starts_at,
          mode: 'video',
          reason: 'Race check',
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ code: 'slot_taken' });
    const { rows } = await db.query(
      'select count(*)::int as n from public.appointments where doctor_id = $1 and starts_at = $2',
      [doctor.id, target.starts_at],
    );
    expect(rows[0].n).toBe(1);
  });

  it('returns the same appointment when the same request is retried with its idempotency key', async () => {
    const someone = await createUser(db, 'patient');
    const target = (await slots(doctor, 3, someone.token))[8]!;
    const request = {
      doctor_id: doctor.id,
      starts_at: target.starts_at,
      mode: 'video',
      reason: 'Follow-up',
      idempotency_key: `retry-${randomUUID()}`,
    };
    const [first, second] = await Promise.all([book(someone.token, request), book(someone.token, request)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    const { rows } = await db.query(
      'select count(*)::int as n from public.appointments where patient_id = $1',
      [someone.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses an idempotency key reused with a different body: 422 idempotency_key_reused, nothing written', async () => {
    const someone = await createUser(db, 'patient');
    const [target, other] = (await slots(doctor, 3, someone.token)).slice(9, 11);
    const request = {
      doctor_id: doctor.id,
      starts_at: target!.starts_at,
      mode: 'video',
      reason: 'Follow-up',
      idempotency_key: `reuse-${randomUUID()}`,
    };
    expect((await book(someone.token, request)).status).toBe(201);
    for (const changed of [
      { starts_at: other!.starts_at },
      { reason: 'Something else entirely' },
      { doctor_id: patient.id },
    ]) {
      const reused = await book(someone.token, { ...request, ...changed });
      expect(reused).toEqual({
        status: 422,
        body: {
          code: 'idempotency_key_reused',
          message:
            'This idempotency key was already used for a different booking. Start a new booking to book another time.',
        },
      });
    }
    // The same body (the reason's surrounding spaces do not make it another request) still replays.
    const again = await book(someone.token, { ...request, reason: ' Follow-up ' });
    expect(again.status).toBe(200);
    const { rows } = await db.query<{ starts_at: Date }>(
      'select starts_at from public.appointments where patient_id = $1',
      [someone.id],
    );
    expect(rows.map((row) => row.starts_at.toISOString())).toEqual([
      new Date(target!.starts_at).toISOString(),
    ]);
  });

  describe('bad input gets a clear 4xx and writes nothing', () => {
    let before: number;
    let good: Slot;

    beforeAll(async () => {
      good = (await slots(doctor, 3, patient.token))[12]!;
      before = (await db.query('select count(*)::int as n from public.appointments')).rows[0].n;
    });

    afterAll(async () => {
      const after = (await db.query('select count(*)::int as n from public.appointments')).rows[0].n;
      expect(after).toBe(before);
    });

    const base = () => ({
      doctor_id: doctor.id,
      starts_at: good.starts_at,
      mode: 'video',
      reason: 'Headache',
    });

    it('missing and malformed fields → 422 with a message per field', async () => {
      const missing = await book(patient.token, {});
      expect(missing.status).toBe(422);
      expect(Object.keys(missing.body.fields as object).sort()).toEqual([
        'doctor_id',
        'mode',
        'reason',
        'starts_at',
      ]);
      const malformed = await book(patient.token, {
        ...base(),
        doctor_id: 'not-a-uuid',
        starts_at: '2030-01-01 09:00',
      });
      expect(malformed.status).toBe(422);
      expect(malformed.body.fields).toMatchObject({
        doctor_id: 'Choose a doctor',
        starts_at: expect.stringContaining('time zone'),
      });
      const extra = await book(patient.token, { ...base(), status: 'scheduled' });
      expect(extra.status).toBe(422);
    });

    it('a reason of 10,000 characters → 422; a 1 MB body → 413', async () => {
      const long = await book(patient.token, { ...base(), reason: 'x'.repeat(10_000) });
      expect(long.status).toBe(422);
      expect(long.body.fields).toMatchObject({ reason: expect.stringContaining('500') });
      const huge = await book(patient.token, { ...base(), padding: 'y'.repeat(1024 * 1024) });
      expect(huge.status).toBe(413);
    });

    it('a doctor that does not exist → 404', async () => {
      const result = await book(patient.token, { ...base(), doctor_id: randomUUID() });
      expect(result.status).toBe(404);
      expect(result.body.code).toBe('doctor_not_found');
    });

    it('off the grid, in the past, too soon, beyond the horizon → 422 explaining why', async () => {
      const offGrid = new Date(new Date(good.starts_at).getTime() + 7 * 60_000).toISOString();
      const past = new Date(Date.now() - 86_400_000).toISOString();
      const tooSoon = new Date(Date.now() + 10 * 60_000).toISOString();
      const far = new Date(Date.now() + 90 * 86_400_000).toISOString();
      const expectations: [string, RegExp][] = [
        [offGrid, /not one of the doctor's open slots/],
        [past, /already passed/],
        [tooSoon, /at least 60 minutes ahead/],
        [far, /at most 60 days ahead/],
      ];
      for (const [startsAt, message] of expectations) {
        const result = await book(patient.token, { ...base(), starts_at: startsAt });
        expect(result.status, startsAt).toBe(422);
        expect(result.body.message).toMatch(message);
      }
    });

    it('a mode the doctor does not offer → 422', async () => {
      const result = await book(patient.token, { ...base(), mode: 'chat' });
      expect(result.status).toBe(422);
      expect(result.body.message).toMatch(/does not offer chat/);
    });

    it('a doctor calling it → 403; an anonymous caller → 401', async () => {
      const asDoctor = await book(doctor.token, base());
      expect(asDoctor.status).toBe(403);
      const { error } = await client().functions.invoke('book-appointment', { body: base() });
      expect(((error as FunctionsHttpError).context as Response).status).toBe(401);
    });
  });
});

describe('slots across daylight-saving changes', () => {
  let db: pg.Client;
  let doctor: TestUser;

  beforeAll(async () => {
    db = await database();
    // Sunday early hours, when New York's clocks change.
    doctor = await createDoctor(db, {
      timeZone: 'America/New_York',
      hours: [{ weekday: 0, start: '00:00', end: '05:00' }],
    });
  });

  afterAll(async () => {
    await db.end();
  });

  async function grid(day: string): Promise<string[]> {
    const { rows } = await db.query<{ starts_at: Date }>(
      `select starts_at from public.schedule_slots($1, ($2::date - 1)::timestamptz, ($2::date + 2)::timestamptz) order by 1`,
      [doctor.id, day],
    );
    return rows.map((row) => row.starts_at.toISOString());
  }

  it('never offers a start in the hour skipped at the March change', async () => {
    const starts = await grid('2027-03-14');
    const local = starts.map((iso) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(iso)),
    );
    expect(local).not.toContain('02:00');
    expect(local).not.toContain('02:30');
    // 00:00 … 04:30 local minus the two skipped starts.
    expect(starts).toHaveLength(8);
    expect(new Set(starts).size).toBe(starts.length);
    // Seen from Tokyo the same instants fall on Sunday afternoon.
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(
        new Date(starts[0]!),
      ),
    ).toBe('14');
  });

  it('keeps slots whole and distinct at the November change', async () => {
    const starts = (await grid('2027-11-07')).map((iso) => new Date(iso).getTime());
    expect(starts.length).toBeGreaterThanOrEqual(9);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(30 * 60_000);
  });
});
