import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database } from '../../tests/helpers/clients.ts';
import { createUser, everyDay, type TestUser, type WeeklyHours } from '../../tests/helpers/users.ts';
import { setVerification } from './fixtures.ts';

interface Listed {
  id: string;
  full_name: string;
  rating_avg: number | null;
  years_of_experience: number;
  next_slot: string | null;
  total_count: number;
}

type SearchArgs = { search?: string; sort_by?: string; page_size?: number; page_offset?: number };

async function search(args: SearchArgs, token?: string) {
  const { data, error, status } = await client(undefined, token).rpc('search_doctors', {
    page_size: 50,
    ...args,
  });
  return { rows: (data ?? []) as Listed[], error, status };
}

async function listed(args: SearchArgs, token?: string): Promise<Listed[]> {
  const { rows, error } = await search(args, token);
  if (error) throw new Error(error.message);
  return rows;
}

async function firstFreeSlot(doctor: string): Promise<string | null> {
  const { data, error } = await client().rpc('available_slots', {
    doctor_id: doctor,
    range_start: new Date().toISOString(),
    range_end: new Date(Date.now() + 60 * 86_400_000).toISOString(),
  });
  if (error) throw new Error(error.message);
  return (data as { starts_at: string }[])[0]?.starts_at ?? null;
}

const instant = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

describe('search_doctors at scale: order, stored next slot, verified only, bad input', () => {
  let db: pg.Client;
  // Every doctor here carries this token in their name, so searches see only this file's doctors.
  const token = `Zq${randomUUID().slice(0, 8)}`;

  async function doctor(name: string, hours: WeeklyHours[], extra: Record<string, unknown> = {}) {
    const user = await createUser(db, 'doctor', {
      full_name: `Dr ${token} ${name}`,
      time_zone: 'UTC',
      ...extra,
    });
    for (const h of hours) {
      await db.query(
        'insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, $2, $3, $4)',
        [user.id, h.weekday, h.start, h.end],
      );
    }
    return user;
  }

  async function stored(id: string): Promise<string | null> {
    const row = (await listed({ search: token })).find((d) => d.id === id);
    return instant(row?.next_slot);
  }

  beforeAll(async () => {
    db = await database();
  });
  afterAll(async () => {
    await db.end();
  });

  it('orders by rating, experience, name and soonest availability, each page a slice of one order', async () => {
    const a = await doctor('Anna', everyDay('09:00', '17:00'), { years_of_experience: 3 });
    const b = await doctor('Boris', [], { years_of_experience: 30 });
    const c = await doctor('Cleo', everyDay('00:00', '23:30'), { years_of_experience: 12 });
    // Anna is away today and tomorrow, so Cleo is free sooner whatever the time of day.
    await db.query(
      `insert into public.doctor_availability_exceptions (doctor_id, date, kind)
       select $1, (now() at time zone 'UTC')::date + day, 'day_off' from generate_series(0, 1) day`,
      [a.id],
    );
    await db.query('update public.doctors set rating_avg = $2, rating_count = $3 where id = $1', [
      a.id,
      4.2,
      5,
    ]);
    await db.query('update public.doctors set rating_avg = $2, rating_count = $3 where id = $1', [
      c.id,
      4.9,
      2,
    ]);

    const ids = async (sort_by: string) => (await listed({ search: token, sort_by })).map((d) => d.id);
    expect(await ids('rating')).toEqual([c.id, a.id, b.id]);
    expect(await ids('experience')).toEqual([b.id, c.id, a.id]);
    expect(await ids('name')).toEqual([a.id, b.id, c.id]);
    // Boris has no hours: last, with no slot. Cleo works around the clock and is in: free soonest.
    const soonest = await listed({ search: token, sort_by: 'next_available' });
    expect(soonest.map((d) => d.id)).toEqual([c.id, a.id, b.id]);
    expect(soonest[2]!.next_slot).toBeNull();
    expect(soonest.every((d) => d.total_count === 3)).toBe(true);

    const second = await listed({ search: token, sort_by: 'rating', page_size: 1, page_offset: 1 });
    expect(second.map((d) => d.id)).toEqual([a.id]);
    expect(second[0]!.total_count).toBe(3);
  });

  it('lists a page in the order of the slots it shows when many stored slots go stale at once', async () => {
    // Doctor k is away for the next k days, so their first free slot is k days out.
    const docs: TestUser[] = [];
    for (let k = 0; k < 6; k++) {
      const doc = await doctor(`Stale ${k}`, everyDay('00:00', '23:30'));
      for (let day = 0; day < k; day++) {
        await db.query(
          `insert into public.doctor_availability_exceptions (doctor_id, date, kind)
           values ($1, (now() at time zone 'UTC')::date + $2::int, 'day_off')`,
          [doc.id, day],
        );
      }
      docs.push(doc);
    }
    // Time passes a slot boundary: every stored slot is overtaken, the latest doctor's stored
    // earliest. A search refreshes only a few stale slots; the rest it recomputes for the page.
    for (const [k, doc] of docs.entries()) {
      await db.query(
        `update public.doctor_next_slots set next_slot = now() - make_interval(hours => $2) where doctor_id = $1`,
        [doc.id, k + 1],
      );
    }
    const ids = new Set(docs.map((d) => d.id));
    const page = (await listed({ search: token, sort_by: 'next_available' })).filter((d) => ids.has(d.id));
    expect(page.map((d) => d.id)).toEqual(docs.map((d) => d.id));
    const slots = page.map((d) => Date.parse(d.next_slot!));
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
  });

  it('keeps the stored next slot in step with bookings, cancellations, hours, days off and the time zone', async () => {
    const doc = await doctor('Dana', everyDay('00:00', '23:30'));
    const patient = await createUser(db, 'patient');
    const first = await firstFreeSlot(doc.id);
    expect(first).not.toBeNull();
    expect(await stored(doc.id)).toBe(instant(first));

    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, $3, $3::timestamptz + interval '30 minutes', 'pending', 'video') returning id`,
      [doc.id, patient.id, first],
    );
    const afterBooking = await firstFreeSlot(doc.id);
    expect(afterBooking).not.toBe(first);
    expect(await stored(doc.id)).toBe(instant(afterBooking));

    await db.query(
      `update public.appointments set status = 'cancelled', cancelled_at = now() where id = $1`,
      [rows[0]!.id],
    );
    expect(await stored(doc.id)).toBe(instant(first));

    // Hours change: only Wednesdays 14:00–15:00.
    await db.query('delete from public.doctor_availability where doctor_id = $1', [doc.id]);
    await db.query(
      `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, 3, '14:00', '15:00')`,
      [doc.id],
    );
    const wednesday = await firstFreeSlot(doc.id);
    expect(new Date(wednesday!).getUTCDay()).toBe(3);
    expect(await stored(doc.id)).toBe(instant(wednesday));

    // That Wednesday off: the next one.
    await db.query(
      `insert into public.doctor_availability_exceptions (doctor_id, date, kind) values ($1, $2::timestamptz::date, 'day_off')`,
      [doc.id, wednesday],
    );
    const nextWeek = await firstFreeSlot(doc.id);
    expect(new Date(nextWeek!).getTime() - new Date(wednesday!).getTime()).toBe(7 * 86_400_000);
    expect(await stored(doc.id)).toBe(instant(nextWeek));

    // The same wall-clock hours in another zone are other instants.
    await db.query(`update public.doctors set time_zone = 'Asia/Kolkata' where id = $1`, [doc.id]);
    const inKolkata = await firstFreeSlot(doc.id);
    expect(inKolkata).not.toBe(nextWeek);
    expect(await stored(doc.id)).toBe(instant(inKolkata));

    await db.query('update public.doctors set slot_minutes = 20 where id = $1', [doc.id]);
    expect(await stored(doc.id)).toBe(instant(await firstFreeSlot(doc.id)));
  });

  it('recomputes a next slot that time has overtaken instead of showing it', async () => {
    const doc = await doctor('Emil', everyDay('00:00', '23:30'));
    await db.query(
      `update public.doctor_next_slots set next_slot = now() - interval '3 hours' where doctor_id = $1`,
      [doc.id],
    );
    expect(await stored(doc.id)).toBe(instant(await firstFreeSlot(doc.id)));
    const { rows } = await db.query<{ fresh: boolean }>(
      `select next_slot >= now() as fresh from public.doctor_next_slots where doctor_id = $1`,
      [doc.id],
    );
    expect(rows[0]!.fresh).toBe(true);
  });

  it('lists verified, active doctors only, whoever asks', async () => {
    const verified = await doctor('Faye', everyDay('09:00', '17:00'));
    const hidden: TestUser[] = [];
    for (const state of ['unverified', 'pending_review', 'rejected', 'suspended'] as const) {
      const user = await doctor(`Hidden ${state}`, everyDay('09:00', '17:00'));
      await setVerification(db, user.id, state);
      hidden.push(user);
    }
    const inactive = await doctor('Hidden inactive', everyDay('09:00', '17:00'));
    await db.query('update public.doctors set is_active = false where id = $1', [inactive.id]);
    // A patient of the suspended doctor may still read that doctor's row; the directory does not list it.
    const patient = await createUser(db, 'patient');
    await db.query(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() - interval '3 days', now() - interval '3 days' + interval '30 minutes', 'completed', 'video')`,
      [hidden[3]!.id, patient.id],
    );
    for (const caller of [undefined, patient.token, hidden[0]!.token]) {
      const names = (await listed({ search: `${token} Hidden` }, caller)).map((d) => d.full_name);
      expect(names).toEqual([]);
      expect((await listed({ search: `${token} Faye` }, caller)).map((d) => d.id)).toEqual([verified.id]);
    }
  });

  it('counts up to 1,000 matches, and far enough to know whether the page has a next one', async () => {
    const crowd = `${token}crowd`;
    await db.query(
      `insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
         raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
       select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
         $1 || g || '@tests.health-connect.local', now(), '{}', jsonb_build_object('role', 'doctor', 'full_name', 'Dr ' || $1 || ' ' || g),
         now(), now(), '', '', '', ''
       from generate_series(1, 1005) g`,
      [crowd],
    );
    await db.query(
      `update public.doctors d set verification_state = 'verified', verified_at = now()
       from public.profiles p where p.id = d.id and p.full_name like 'Dr ' || $1 || ' %'`,
      [crowd],
    );
    const first = await listed({ search: crowd, page_size: 12 });
    expect(first).toHaveLength(12);
    expect(first[0]!.total_count).toBe(1001);
    const last = await listed({ search: crowd, page_size: 12, page_offset: 996 });
    expect(last).toHaveLength(9);
    expect(last[0]!.total_count).toBe(1005);
  }, 60_000);

  it('answers bad input with a 400 and a sentence, and reads wildcards and regex characters literally', async () => {
    const literal = await doctor('100%_sure (.*)', []);
    await doctor('100x sure', []);
    expect((await listed({ search: `${token} 100%_` })).map((d) => d.id)).toEqual([literal.id]);
    expect((await listed({ search: `${token} 100%_sure (.*)` })).map((d) => d.id)).toEqual([literal.id]);
    for (const text of ['%', '_', '.*', '[a-z]+', '\\', "'; select 1; --"]) {
      expect((await listed({ search: `${token}${text}` })).map((d) => d.id)).toEqual([]);
    }

    const long = await search({ search: 'a'.repeat(10_000) });
    expect(long.status).toBe(400);
    expect(long.error?.message).toBe('Search by at most 100 characters of a name.');
    const far = await search({ page_offset: 10_001 });
    expect(far.status).toBe(400);
    expect(far.error?.message).toMatch(/first 10,000 doctors/);
    expect((await search({ page_size: 0 })).status).toBe(400);
    const sort = await search({ sort_by: 'price; drop table public.doctors' });
    expect(sort.status).toBe(400);
    expect(sort.error?.message).toBe('Sort by one of rating, next_available, experience or name.');
    // Past the end: an empty page, not an error.
    expect(await listed({ search: token, page_offset: 9_990 })).toEqual([]);
  });
});
