import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import { as, createAppointment, createUser } from './fixtures.ts';

/** Bad input is refused by the database with a message a caller can act on, and nothing is written. */
describe('bad input', () => {
  let db: pg.Client;
  let patient = '';
  let doctor = '';
  let otherPatient = '';

  beforeAll(async () => {
    db = await database();
    patient = await createUser(db, 'patient');
    otherPatient = await createUser(db, 'patient');
    doctor = await createUser(db, 'doctor');
    await createAppointment(db, { doctor, patient, startsInHours: 30 });
  });
  afterAll(async () => {
    await db.end();
  });

  const count = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0].n as number;

  it('invalid enum values', async () => {
    const blood = await as(patient)
      .from('patients')
      .update({ blood_group: 'Z+' as never })
      .eq('id', patient);
    expect(blood.error?.code).toBe('22P02');
    expect(blood.error?.message).toBe('invalid input value for enum blood_group: "Z+"');
    const kind = await as(doctor)
      .from('doctor_availability_exceptions')
      .insert({ date: '2030-01-01', kind: 'holiday' as never });
    expect(kind.error?.message).toBe('invalid input value for enum availability_exception_kind: "holiday"');
    const mode = await as(doctor)
      .from('doctors')
      .update({ consultation_modes: ['phone'] as never })
      .eq('id', doctor);
    expect(mode.error?.message).toBe('invalid input value for enum consultation_mode: "phone"');
    expect(
      await count(
        'select count(*)::int as n from public.patients where id = $1 and blood_group is not null',
        [patient],
      ),
    ).toBe(0);
  });

  it('times with no time zone', async () => {
    for (const value of ['2030-01-01T10:00:00', '2030-01-01 10:00', 'tomorrow at 10']) {
      const { error } = await as(patient).rpc('parse_instant', { value, field: 'starts_at' });
      expect(error?.code).toBe('22007');
      expect(error?.message).toMatch(/starts_at must be an ISO 8601 time with a time zone offset/);
    }
    const ok = await as(patient).rpc('parse_instant', {
      value: '2030-01-01T10:00:00+05:30',
      field: 'starts_at',
    });
    expect(new Date(ok.data as string).toISOString()).toBe('2030-01-01T04:30:00.000Z');
    const zone = await as(doctor).from('doctors').update({ time_zone: 'UTC+3' }).eq('id', doctor);
    expect(zone.error?.code).toBe('23514');
    expect(zone.error?.message).toBe(
      'The time zone "UTC+3" is not known. Pick one from the list, e.g. Europe/London.',
    );
  });

  it('ends before starts', async () => {
    const hours = await as(doctor)
      .from('doctor_availability')
      .insert({ weekday: 2, start_time: '17:00', end_time: '09:00' });
    expect(hours.error?.code).toBe('23514');
    expect(hours.error?.message).toMatch(/availability_ends_after_start/);
    await expect(
      db.query(
        `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, mode)
      values ($1, $2, '2030-01-01T10:00Z', '2030-01-01T09:00Z', 'video')`,
        [doctor, otherPatient],
      ),
    ).rejects.toThrow(/appointment_ends_after_start/);
    expect(
      await count('select count(*)::int as n from public.doctor_availability where doctor_id = $1', [doctor]),
    ).toBe(0);
  });

  it('text over length limits', async () => {
    const name = await as(patient)
      .from('profiles')
      .update({ full_name: 'x'.repeat(121) })
      .eq('id', patient);
    expect(name.error?.message).toMatch(/profile_full_name_length/);
    const body = await as(patient)
      .from('messages')
      .insert({ receiver_id: doctor, body: 'x'.repeat(4001) });
    expect(body.error?.message).toMatch(/message_body_length/);
    const allergies = await as(patient)
      .from('patients')
      .update({ allergies: 'x'.repeat(1001) })
      .eq('id', patient);
    expect(allergies.error?.message).toMatch(/patient_allergies_length/);
    const comment = await as(patient)
      .from('appointments')
      .update({ patient_comment: 'x'.repeat(1001) })
      .eq('patient_id', patient);
    expect(comment.error?.message).toMatch(/appointment_patient_comment_length/);
    expect(
      await count('select count(*)::int as n from public.messages where sender_id = $1', [patient]),
    ).toBe(0);
  });

  it('malformed UUIDs', async () => {
    const { error } = await as(patient).from('messages').insert({ receiver_id: 'not-a-uuid', body: 'hi' });
    expect(error?.code).toBe('22P02');
    expect(error?.message).toBe('invalid input syntax for type uuid: "not-a-uuid"');
    const read = await as(patient).from('appointments').select('id').eq('doctor_id', '1234');
    expect(read.error?.code).toBe('22P02');
  });

  it('another user’s id in sender_id or patient_id', async () => {
    const forged = await as(otherPatient)
      .from('messages')
      .insert({ sender_id: patient, receiver_id: doctor, body: 'it is me' });
    expect(forged.error?.code).toBe('42501');
    expect(forged.error?.message).toBe('sender_id must be your own user id');
    const booking = await as(otherPatient).from('appointments').insert({
      patient_id: patient,
      doctor_id: doctor,
      starts_at: '2030-01-01T10:00:00Z',
      ends_at: '2030-01-01T10:30:00Z',
      mode: 'video',
    });
    expect(booking.error?.code).toBe('42501');
    expect(booking.error?.message).toMatch(/permission denied for table appointments/);
    expect(
      await count('select count(*)::int as n from public.messages where sender_id = $1', [patient]),
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from public.appointments where patient_id = $1 and starts_at = '2030-01-01T10:00:00Z'`,
        [patient],
      ),
    ).toBe(0);
  });

  it('impossible medical data', async () => {
    const future = await as(patient)
      .from('patients')
      .update({ date_of_birth: '2999-01-01' })
      .eq('id', patient);
    expect(future.error?.message).toMatch(/patient_date_of_birth_not_in_future/);
    const phone = await as(patient)
      .from('patients')
      .update({ emergency_contact_phone: 'call me maybe' })
      .eq('id', patient);
    expect(phone.error?.message).toMatch(/patient_emergency_contact_phone_format/);
    const avatar = await as(patient)
      .from('profiles')
      .update({ avatar_path: `${doctor}/face.png` })
      .eq('id', patient);
    expect(avatar.error?.message).toMatch(/profile_avatar_in_own_folder/);
  });
});
