import { createClient, type RealtimeChannel } from '@supabase/supabase-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database, PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../../tests/helpers/users.ts';

/** Both parties of an appointment see its status change live; nobody else does. */
describe('live appointment status', () => {
  let db: pg.Client;
  let doctor: TestUser;
  let patient: TestUser;
  let stranger: TestUser;
  const channels: RealtimeChannel[] = [];

  beforeAll(async () => {
    db = await database();
    doctor = await createDoctor(db, { timeZone: 'Asia/Kolkata', hours: everyDay('00:00', '23:30') });
    patient = await createUser(db, 'patient');
    stranger = await createUser(db, 'patient');
  });

  afterAll(async () => {
    await Promise.all(channels.map((channel) => channel.unsubscribe()));
    await db.end();
  });

  async function watch(user: TestUser): Promise<string[]> {
    const statuses: string[] = [];
    const supabase = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    await supabase.realtime.setAuth(user.token);
    const channel = supabase
      .channel(`appointments-${user.id}`)
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'appointments' }, (payload) =>
        statuses.push(String((payload.new as { status: string }).status)),
      );
    channels.push(channel);
    await new Promise((done) => channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)));
    return statuses;
  }

  it('shows the doctor’s confirmation to patient and doctor without a reload', async () => {
    const { data: slots } = await client(undefined, patient.token).rpc('available_slots', {
      doctor_id: doctor.id,
      range_start: new Date().toISOString(),
      range_end: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    const { data: booked, error } = await client(undefined, patient.token).rpc('request_appointment', {
      doctor_id: doctor.id,
      starts_at: (slots as { starts_at: string }[])[0]!.starts_at,
      mode: 'video',
      reason: 'Live status check',
    });
    expect(error).toBeNull();
    const appointment = (booked as { appointment: { id: string } }).appointment;
    const [forPatient, forDoctor, forStranger] = await Promise.all([
      watch(patient),
      watch(doctor),
      watch(stranger),
    ]);
    expect(
      (await client(undefined, doctor.token).rpc('confirm_appointment', { appointment_id: appointment.id }))
        .error,
    ).toBeNull();
    await new Promise((done) => setTimeout(done, 800));
    expect(forPatient).toEqual(['scheduled']);
    expect(forDoctor).toEqual(['scheduled']);
    expect(forStranger).toEqual([]);
  });
});
