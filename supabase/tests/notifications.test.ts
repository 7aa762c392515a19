import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database, PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../../tests/helpers/users.ts';

interface Row {
  recipient_id: string;
  kind: string;
  actor_id: string | null;
  appointment_id: string | null;
  payload: Record<string, unknown>;
  email_status: string | null;
}

/**
 * Every lifecycle change writes exactly one notification per recipient (and none for the one
 * who acted); only the recipient reads theirs, and may only mark it read.
 */
describe('notifications', () => {
  let db: pg.Client;
  let doctor: TestUser;
  let patient: TestUser;
  let otherPatient: TestUser;
  let otherDoctor: TestUser;
  let slots: string[] = [];
  let next = 0;
  const clients: SupabaseClient[] = [];

  beforeAll(async () => {
    db = await database();
    doctor = await createDoctor(db, { timeZone: 'Europe/London', hours: everyDay('00:00', '23:30') });
    otherDoctor = await createDoctor(db, { timeZone: 'UTC', hours: everyDay('00:00', '23:30') });
    patient = await createUser(db, 'patient', { full_name: 'Pat Lee' });
    otherPatient = await createUser(db, 'patient');
    await db.query(`update public.profiles set full_name = 'Ann Hart' where id = $1`, [doctor.id]);
    const { data } = await client(undefined, patient.token).rpc('available_slots', {
      doctor_id: doctor.id,
      range_start: new Date(Date.now() + 86_400_000).toISOString(),
      range_end: new Date(Date.now() + 12 * 86_400_000).toISOString(),
    });
    slots = (data as { starts_at: string }[]).map((slot) => slot.starts_at);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.removeAllChannels()));
    await db.end();
  });

  /** Notifications written since `mark` (a row count snapshot), as the owner sees them. */
  async function since(mark: Date): Promise<Row[]> {
    const { rows } = await db.query<Row>(
      `select recipient_id, kind, actor_id, appointment_id, payload, email_status from public.notifications
       where created_at >= $1 and recipient_id = any($2) order by created_at, recipient_id`,
      [mark, [doctor.id, patient.id, otherDoctor.id, otherPatient.id]],
    );
    return rows;
  }

  async function now(): Promise<Date> {
    const { rows } = await db.query<{ now: Date }>('select clock_timestamp() as now');
    return rows[0]!.now;
  }

  async function book(): Promise<string> {
    const { data, error } = await client(undefined, patient.token).rpc('request_appointment', {
      doctor_id: doctor.id,
      starts_at: slots[(next += 2)]!,
      mode: 'video',
      reason: 'Notification check',
    });
    expect(error).toBeNull();
    return (data as { appointment: { id: string } }).appointment.id;
  }

  const as = (user: TestUser) => client(undefined, user.token);

  it('a booking request notifies the doctor once, with the patient’s name and the time', async () => {
    const mark = await now();
    const id = await book();
    const rows = await since(mark);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipient_id: doctor.id,
      kind: 'requested',
      actor_id: patient.id,
      appointment_id: id,
      email_status: 'pending',
      payload: { actor_name: 'Pat Lee' },
    });
    expect(Date.parse(String(rows[0]!.payload.starts_at))).toBe(Date.parse(slots[next]!));
  });

  it('confirm, decline, cancel and reschedule each notify only the other person, once', async () => {
    const confirmed = await book();
    let mark = await now();
    expect((await as(doctor).rpc('confirm_appointment', { appointment_id: confirmed })).error).toBeNull();
    expect(await since(mark)).toMatchObject([
      {
        recipient_id: patient.id,
        kind: 'confirmed',
        actor_id: doctor.id,
        payload: { actor_name: 'Dr. Ann Hart' },
      },
    ]);

    const declined = await book();
    mark = await now();
    expect(
      (await as(doctor).rpc('decline_appointment', { appointment_id: declined, reason: 'Fully booked' }))
        .error,
    ).toBeNull();
    expect(await since(mark)).toMatchObject([
      { recipient_id: patient.id, kind: 'declined', payload: { reason: 'Fully booked' } },
    ]);

    mark = await now();
    expect(
      (await as(patient).rpc('cancel_appointment', { appointment_id: confirmed, reason: 'Feeling better' }))
        .error,
    ).toBeNull();
    expect(await since(mark)).toMatchObject([
      { recipient_id: doctor.id, kind: 'cancelled', actor_id: patient.id },
    ]);

    const moved = await book();
    mark = await now();
    const { data, error } = await as(patient).rpc('reschedule_appointment', {
      appointment_id: moved,
      starts_at: slots[(next += 2)]!,
    });
    expect(error).toBeNull();
    expect(await since(mark)).toMatchObject([
      {
        recipient_id: doctor.id,
        kind: 'rescheduled',
        actor_id: patient.id,
        appointment_id: (data as { id: string }).id,
      },
    ]);
  });

  it('a message notifies its receiver; reading the thread reads the notification', async () => {
    const mark = await now();
    const { data, error } = await as(doctor)
      .from('messages')
      .insert({ receiver_id: patient.id, body: 'Please bring your results' })
      .select('id')
      .single();
    expect(error).toBeNull();
    const rows = await since(mark);
    expect(rows).toMatchObject([{ recipient_id: patient.id, kind: 'message', email_status: null }]);
    expect(JSON.stringify(rows[0]!.payload)).not.toContain('results');
    await as(patient).from('messages').update({ read_at: new Date().toISOString() }).eq('id', data!.id);
    const { rows: unread } = await db.query(
      `select 1 from public.notifications where recipient_id = $1 and kind = 'message' and read_at is null`,
      [patient.id],
    );
    expect(unread).toEqual([]);
  });

  it('a ring nobody answered is a missed call for the person rung, not the caller', async () => {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + interval '2 minutes', now() + interval '32 minutes', 'scheduled', 'video') returning id`,
      [otherDoctor.id, otherPatient.id],
    );
    const id = rows[0]!.id;
    const mark = await now();
    expect(
      (await as(otherDoctor).rpc('record_call_event', { appointment_id: id, event: 'started' })).error,
    ).toBeNull();
    expect(
      (await as(otherDoctor).rpc('record_call_event', { appointment_id: id, event: 'ended' })).error,
    ).toBeNull();
    expect(await since(mark)).toMatchObject([
      { recipient_id: otherPatient.id, kind: 'missed_call', actor_id: otherDoctor.id, appointment_id: id },
    ]);
    // An answered call is no news.
    const answered = await now();
    for (const [user, event] of [
      [otherDoctor, 'started'],
      [otherPatient, 'answered'],
      [otherPatient, 'ended'],
    ] as const) {
      expect((await as(user).rpc('record_call_event', { appointment_id: id, event })).error).toBeNull();
    }
    expect(await since(answered)).toEqual([]);
  });

  it('a verification decision notifies the doctor', async () => {
    await db.query(`update public.doctors set verification_state = 'pending_review' where id = $1`, [
      otherDoctor.id,
    ]);
    const mark = await now();
    await db.query(`update public.doctors set verification_state = 'verified' where id = $1`, [
      otherDoctor.id,
    ]);
    expect(await since(mark)).toMatchObject([
      { recipient_id: otherDoctor.id, kind: 'verification', payload: { decision: 'approved' } },
    ]);
  });

  it('only the recipient reads a notification; others, anon and the API cannot read, write or insert', async () => {
    await book();
    const mine = await as(doctor).from('notifications').select('id, recipient_id, kind');
    expect(mine.error).toBeNull();
    expect(mine.data!.length).toBeGreaterThan(0);
    expect(mine.data!.every((row) => row.recipient_id === doctor.id)).toBe(true);
    const target = mine.data![0]!.id;

    for (const stranger of [otherDoctor, otherPatient, patient]) {
      const seen = await as(stranger).from('notifications').select('id').eq('id', target);
      expect(seen.data).toEqual([]);
      const changed = await as(stranger)
        .from('notifications')
        .update({ read_at: new Date().toISOString() })
        .eq('id', target)
        .select('id');
      expect(changed.data ?? []).toEqual([]);
      expect((await as(stranger).rpc('mark_notifications_read', { ids: [target] })).data).toBe(0);
    }
    const anon = client();
    expect((await anon.from('notifications').select('id')).error).not.toBeNull();
    expect((await anon.rpc('mark_notifications_read', { ids: [target] })).error).not.toBeNull();
    const { rows } = await db.query(`select read_at from public.notifications where id = $1`, [target]);
    expect(rows[0].read_at).toBeNull();

    const forged = await as(patient)
      .from('notifications')
      .insert({ recipient_id: doctor.id, kind: 'confirmed', payload: {} });
    expect(forged.error).not.toBeNull();
    const rewrite = await as(doctor).from('notifications').update({ kind: 'declined' }).eq('id', target);
    expect(rewrite.error).not.toBeNull();
  });

  it('mark_notifications_read marks listed ones, or all, and only the caller’s', async () => {
    const one = await as(doctor).from('notifications').select('id').is('read_at', null).limit(1).single();
    expect((await as(doctor).rpc('mark_notifications_read', { ids: [one.data!.id] })).data).toBe(1);
    await book();
    const all = await as(doctor).rpc('mark_notifications_read', {});
    expect(all.error).toBeNull();
    expect(all.data).toBeGreaterThan(0);
    const left = await as(doctor).from('notifications').select('id').is('read_at', null);
    expect(left.data).toEqual([]);
    const { rows } = await db.query(
      `select count(*)::int as n from public.notifications where recipient_id = $1 and read_at is null`,
      [patient.id],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('preferences have defaults, change per kind and channel, and turn rows off', async () => {
    const { data, error } = await as(otherPatient).rpc('my_notification_preferences');
    expect(error).toBeNull();
    expect(data).toMatchObject({
      confirmed: { in_app: true, email: true, push: true },
      message: { in_app: true, email: false, push: true },
    });
    const set = await as(otherPatient).rpc('set_notification_preferences', {
      preferences: { message: { in_app: false, push: false } },
    });
    expect(set.error).toBeNull();
    expect(set.data).toMatchObject({ message: { in_app: false, email: false, push: false } });
    const mark = await now();
    await as(otherDoctor).from('messages').insert({ receiver_id: otherPatient.id, body: 'Hello again' });
    expect(await since(mark)).toEqual([]);
    // Someone else's settings stay out of sight.
    const peek = await as(patient)
      .from('notification_preferences')
      .select('*')
      .eq('user_id', otherPatient.id);
    expect(peek.data).toEqual([]);
  });

  it('refuses unknown kinds, channels and values with a 400 and a sentence, writing nothing', async () => {
    for (const [preferences, words] of [
      [{ bogus: { email: true } }, /Unknown notification kind "bogus"/],
      [{ message: { sms: true } }, /Unknown channel "sms"/],
      [{ message: { email: 'yes' } }, /must be true or false/],
      [{ message: true }, /must be an object/],
      [[1, 2], /Send the settings as an object/],
    ] as const) {
      const { error, status } = await as(patient).rpc('set_notification_preferences', { preferences });
      expect(status).toBe(400);
      expect(error?.message).toMatch(words);
    }
    const half = await as(patient).rpc('set_notification_preferences', {
      preferences: { confirmed: { email: false }, nope: { email: false } },
    });
    expect(half.status).toBe(400);
    const { data } = await as(patient).rpc('my_notification_preferences');
    expect(data).toMatchObject({ confirmed: { email: true } });
    expect((await client().rpc('set_notification_preferences', { preferences: {} })).error).not.toBeNull();
  });

  it('Realtime delivers a new notification to its recipient only', async () => {
    async function watch(user: TestUser): Promise<string[]> {
      const kinds: string[] = [];
      const supabase = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
      clients.push(supabase);
      await supabase.realtime.setAuth(user.token);
      const channel: RealtimeChannel = supabase
        .channel(`notifications-${user.id}`)
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'notifications' }, (payload) =>
          kinds.push(String((payload.new as { kind: string }).kind)),
        );
      await new Promise((done) =>
        channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)),
      );
      return kinds;
    }
    const [forDoctor, forPatient, forOther] = await Promise.all([
      watch(doctor),
      watch(patient),
      watch(otherDoctor),
    ]);
    const id = await book();
    await as(doctor).rpc('confirm_appointment', { appointment_id: id });
    await expect.poll(() => forPatient).toEqual(['confirmed']);
    await expect.poll(() => forDoctor).toEqual(['requested']);
    expect(forOther).toEqual([]);
  });
});
