import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_CLOSES_AFTER_MS, CALL_OPENS_BEFORE_MS } from '../../src/lib/call/window.ts';
import { client, database, PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../../tests/helpers/users.ts';

/**
 * Video calls: record_call_event stamps the call log only for a participant of a scheduled video
 * appointment inside its call window, and only the two participants can join `call:<id>`.
 */
describe('video calls', () => {
  let db: pg.Client;
  let stranger: TestUser;
  const clients: SupabaseClient[] = [];

  beforeAll(async () => {
    db = await database();
    stranger = await createUser(db, 'patient');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.removeAllChannels()));
    await db.end();
  });

  interface Visit {
    id: string;
    doctor: TestUser;
    patient: TestUser;
  }

  /**
   * An appointment of a fresh doctor and patient starting `startsInMinutes` from now, so no
   * two cases' times can overlap (the exclusion constraints would refuse them).
   */
  async function appointment(
    startsInMinutes: number,
    options: { status?: string; mode?: 'video' | 'chat'; minutes?: number } = {},
  ): Promise<Visit> {
    const doctor = await createDoctor(db, { timeZone: 'UTC', hours: everyDay('00:00', '23:30') });
    const patient = await createUser(db, 'patient');
    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + $3 * interval '1 minute', now() + ($3 + $4) * interval '1 minute', $5, $6)
       returning id`,
      [
        doctor.id,
        patient.id,
        startsInMinutes,
        options.minutes ?? 30,
        options.status ?? 'scheduled',
        options.mode ?? 'video',
      ],
    );
    return { id: rows[0]!.id, doctor, patient };
  }

  const record = (user: TestUser, id: string, event: string) =>
    client(undefined, user.token).rpc('record_call_event', { appointment_id: id, event });

  async function log(id: string) {
    const { rows } = await db.query<{
      call_started_at: Date | null;
      call_answered_at: Date | null;
      call_ended_at: Date | null;
    }>('select call_started_at, call_answered_at, call_ended_at from public.appointments where id = $1', [
      id,
    ]);
    return rows[0]!;
  }

  it('the app and the database agree on the call window', async () => {
    const { rows } = await db.query<{ before: number; after: number }>(
      `select extract(epoch from public.call_opens_before()) * 1000 as before,
              extract(epoch from public.call_closes_after()) * 1000 as after`,
    );
    expect(Number(rows[0]!.before)).toBe(CALL_OPENS_BEFORE_MS);
    expect(Number(rows[0]!.after)).toBe(CALL_CLOSES_AFTER_MS);
  });

  it('stamps started, answered and ended for the two participants', async () => {
    const { id, doctor, patient } = await appointment(-5);
    expect((await record(doctor, id, 'started')).error).toBeNull();
    const started = await log(id);
    expect(started.call_started_at).toBeInstanceOf(Date);
    expect(started.call_answered_at).toBeNull();
    // Glare: the other side's "started" a moment later keeps the first stamp.
    expect((await record(patient, id, 'started')).error).toBeNull();
    expect((await log(id)).call_started_at).toEqual(started.call_started_at);
    const answered = await record(patient, id, 'answered');
    expect(answered.error).toBeNull();
    expect(answered.data?.[0]?.call_answered_at).toBeTruthy();
    expect((await record(doctor, id, 'ended')).error).toBeNull();
    const ended = await log(id);
    expect(ended.call_ended_at!.getTime()).toBeGreaterThanOrEqual(ended.call_answered_at!.getTime());
    // The second side's "ended" does not move the end.
    await record(patient, id, 'ended');
    expect((await log(id)).call_ended_at).toEqual(ended.call_ended_at);
    // Calling again after an answered call keeps that call's log until the new ring is answered.
    await record(patient, id, 'started');
    expect(await log(id)).toEqual(ended);
  });

  it('keeps an answered call when a later ring is declined or missed, and reopens it when one is answered', async () => {
    const { id, doctor, patient } = await appointment(-5);
    await record(doctor, id, 'started');
    await record(patient, id, 'answered');
    await record(doctor, id, 'ended');
    const answered = await log(id);
    expect(answered.call_answered_at).toBeInstanceOf(Date);
    // A ring the patient declines (or lets ring out): both sides stamp "ended".
    expect((await record(doctor, id, 'started')).error).toBeNull();
    expect((await record(patient, id, 'ended')).error).toBeNull();
    await record(doctor, id, 'ended');
    expect(await log(id)).toEqual(answered);
    // A later ring that is answered continues the visit: same first answer, a later end.
    await record(patient, id, 'started');
    expect((await record(doctor, id, 'answered')).error).toBeNull();
    expect((await log(id)).call_ended_at).toBeNull();
    await record(patient, id, 'ended');
    const resumed = await log(id);
    expect(resumed.call_answered_at).toEqual(answered.call_answered_at);
    expect(resumed.call_ended_at!.getTime()).toBeGreaterThanOrEqual(answered.call_ended_at!.getTime());
  });

  it('a ring after an unanswered call still opens a new log', async () => {
    const { id, doctor, patient } = await appointment(-5);
    await record(doctor, id, 'started');
    await record(patient, id, 'ended');
    const missed = await log(id);
    expect(missed).toMatchObject({ call_answered_at: null });
    expect(missed.call_ended_at).toBeInstanceOf(Date);
    await record(doctor, id, 'started');
    expect(await log(id)).toMatchObject({ call_answered_at: null, call_ended_at: null });
  });

  it('refuses someone who is not a participant, and an unknown appointment, alike', async () => {
    const { id } = await appointment(0);
    const refused = await record(stranger, id, 'started');
    expect(refused.error?.code).toBe('42501');
    expect(refused.error?.message).toBe('Only the patient or the doctor of this appointment can call.');
    const unknown = await record(stranger, crypto.randomUUID(), 'started');
    expect(unknown.error?.message).toBe(refused.error?.message);
    const anon = await client().rpc('record_call_event', { appointment_id: id, event: 'started' });
    expect(anon.error).not.toBeNull();
    expect((await log(id)).call_started_at).toBeNull();
  });

  it('refuses chat appointments, even inside the window', async () => {
    const { id, patient } = await appointment(-1, { mode: 'chat' });
    const result = await record(patient, id, 'started');
    expect(result.error?.message).toBe('This is a chat consultation, not a video call.');
    expect((await log(id)).call_started_at).toBeNull();
  });

  it('refuses appointments that are not scheduled', async () => {
    for (const status of ['pending', 'completed', 'cancelled']) {
      const { id, doctor } = await appointment(-1, { status });
      const result = await record(doctor, id, 'started');
      expect(result.error?.message).toBe(`Only scheduled appointments can be called; this one is ${status}.`);
    }
  });

  it('refuses calls outside the window: before 10 minutes ahead, after 30 minutes past the end', async () => {
    const early = await appointment(11);
    const result = await record(early.patient, early.id, 'started');
    expect(result.error?.message).toMatch(
      /^Calls for this appointment are possible from \d{4}-\d\d-\d\d \d\d:\d\d UTC until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    const justOpen = await appointment(9);
    expect((await record(justOpen.patient, justOpen.id, 'started')).error).toBeNull();
    // Ended 31 minutes ago: closed. Ended 29 minutes ago: still open.
    const late = await appointment(-91, { minutes: 60 });
    expect((await record(late.doctor, late.id, 'started')).error?.message).toMatch(
      /^Calls for this appointment are possible/,
    );
    const stillOpen = await appointment(-89, { minutes: 60 });
    expect((await record(stillOpen.doctor, stillOpen.id, 'started')).error).toBeNull();
    // A call that runs past the window still gets its end stamped, but no new call starts.
    await db.query(
      `update public.appointments set starts_at = now() - interval '3 hours', ends_at = now() - interval '2 hours'
       where id = $1`,
      [stillOpen.id],
    );
    expect((await record(stillOpen.doctor, stillOpen.id, 'ended')).error).toBeNull();
    expect((await log(stillOpen.id)).call_ended_at).toBeInstanceOf(Date);
    expect((await record(stillOpen.doctor, stillOpen.id, 'started')).error?.message).toMatch(
      /^Calls for this appointment/,
    );
  });

  it('refuses an unknown event and never lets the API update the call columns directly', async () => {
    const { id, doctor, patient } = await appointment(-1);
    expect((await record(doctor, id, 'exploded')).error?.message).toMatch(/Unknown call event exploded/);
    const direct = await client(undefined, patient.token)
      .from('appointments')
      .update({ call_started_at: new Date().toISOString() })
      .eq('id', id);
    expect(direct.error?.code).toBe('42501');
    expect((await log(id)).call_started_at).toBeNull();
  });

  describe('the private channel call:<id>', () => {
    function connect(user: TestUser): SupabaseClient {
      const supabase = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
      clients.push(supabase);
      void supabase.realtime.setAuth(user.token);
      return supabase;
    }

    function join(channel: RealtimeChannel): Promise<{ status: string; error?: Error }> {
      return new Promise((done) =>
        channel.subscribe((status, error) => {
          if (String(status) !== 'CLOSED') done({ status: String(status), error });
        }),
      );
    }

    it('admits the patient and the doctor, who exchange signals, and refuses a third user', async () => {
      const { id, doctor, patient } = await appointment(-1);
      const topic = `call:${id}`;
      const config = { config: { private: true, broadcast: { self: false, ack: true } } };
      const received: unknown[] = [];
      const doctorChannel = connect(doctor).channel(topic, config);
      doctorChannel.on('broadcast', { event: 'signal' }, ({ payload }) => received.push(payload));
      const patientChannel = connect(patient).channel(topic, config);
      expect((await join(doctorChannel)).status).toBe('SUBSCRIBED');
      expect((await join(patientChannel)).status).toBe('SUBSCRIBED');

      const leaked: unknown[] = [];
      const strangerChannel = connect(stranger).channel(topic, config);
      strangerChannel.on('broadcast', { event: 'signal' }, ({ payload }) => leaked.push(payload));
      const refused = await join(strangerChannel);
      expect(refused.status).toBe('CHANNEL_ERROR');
      expect(refused.error?.message).toMatch(/Unauthorized/);

      const ring = { type: 'ring', callId: 'c1' };
      expect(await patientChannel.send({ type: 'broadcast', event: 'signal', payload: ring })).toBe('ok');
      await new Promise((done) => setTimeout(done, 400));
      expect(received).toEqual([ring]);
      expect(leaked).toEqual([]);
    });

    it('stays closed to the participants outside a scheduled video appointment’s call window', async () => {
      const config = { config: { private: true } };
      for (const { id, patient } of [
        await appointment(11),
        await appointment(-61),
        await appointment(-1, { mode: 'chat' }),
        await appointment(-1, { status: 'pending' }),
      ]) {
        const refused = await join(connect(patient).channel(`call:${id}`, config));
        expect(refused.status).toBe('CHANNEL_ERROR');
      }
    });
  });
});
