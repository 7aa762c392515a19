import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import {
  as,
  asRoleInRollback,
  conversationKey,
  createAppointment,
  createUser,
  succeeds,
} from './fixtures.ts';

const PHONE = '+44 20 7946 0958';
const DOB = '1980-04-02';

/**
 * Medical data and phone numbers follow care (supabase/migrations/20260305000200_care_based_access.sql),
 * asserted like an attacker would try: REST select, embeds, RPC and views, as everyone around.
 */
describe('access follows care, not history', () => {
  let db: pg.Client;
  let doctor = '';
  let otherDoctor = '';
  /** Scheduled visit with the doctor. */
  let patient = '';
  /** No appointment with the doctor at all. */
  let otherPatient = '';
  /** Only a request the doctor declined. */
  let declined = '';
  /** Only a cancelled appointment. */
  let cancelled = '';
  /** A visit completed 10 days ago (inside the follow-up time). */
  let recent = '';
  /** A visit completed 100 days ago (after the follow-up time). */
  let former = '';

  beforeAll(async () => {
    db = await database();
    doctor = await createUser(db, 'doctor');
    otherDoctor = await createUser(db, 'doctor');
    patient = await createUser(db, 'patient');
    otherPatient = await createUser(db, 'patient');
    declined = await createUser(db, 'patient');
    cancelled = await createUser(db, 'patient');
    recent = await createUser(db, 'patient');
    former = await createUser(db, 'patient');
    await createAppointment(db, { doctor, patient, startsInHours: 30 });
    const refused = await createAppointment(db, {
      doctor,
      patient: declined,
      startsInHours: 40,
      status: 'pending',
    });
    await db.query(
      `update public.appointments set status = 'cancelled', cancelled_by = doctor_id, cancellation_reason = 'full'
       where id = $1`,
      [refused],
    );
    await createAppointment(db, { doctor, patient: cancelled, startsInHours: 50, status: 'cancelled' });
    await createAppointment(db, { doctor, patient: recent, startsInHours: -240, status: 'completed' });
    await createAppointment(db, { doctor, patient: former, startsInHours: -2400, status: 'completed' });
    await db.query(`update public.profiles set phone = $1`, [PHONE]);
    await db.query(`update public.patients set date_of_birth = $1, allergies = 'penicillin'`, [DOB]);
    await db.query(
      `insert into public.messages (sender_id, receiver_id, body) values ($1, $2, 'before the visit')`,
      [former, doctor],
    );
  });
  afterAll(async () => {
    await db.end();
  });

  /** Every way the API might hand out `owner`'s phone number; the names of those that did. */
  async function phoneLeaks(api: SupabaseClient, owner: string): Promise<string[]> {
    const found = (value: unknown) => JSON.stringify(value ?? null).includes(PHONE);
    const probes: Record<string, PromiseLike<{ data: unknown }>> = {
      'profiles select': api.from('profiles').select('id, phone').eq('id', owner),
      'profiles select *': api.from('profiles').select('*').eq('id', owner),
      'appointments → doctor profile': api
        .from('appointments')
        .select('id, doctor:doctors(profile:profiles(phone))')
        .eq('doctor_id', owner),
      'appointments → patient profile': api
        .from('appointments')
        .select('id, patient:patients(profile:profiles(phone))')
        .eq('patient_id', owner),
      'doctors → profile': api.from('doctors').select('id, profiles(phone)').eq('id', owner),
      'messages → sender': api.from('messages').select('id, sender:profiles!sender_id(phone)'),
      'doctor_directory view': api.from('doctor_directory').select('*').eq('id', owner),
      'search_doctors rpc': api.rpc('search_doctors', { page_size: 50 }),
      'my_conversations rpc': api.rpc('my_conversations'),
      'contact_phone rpc': api.rpc('contact_phone', { person: owner }),
    };
    const leaks: string[] = [];
    for (const [name, probe] of Object.entries(probes)) if (found((await probe).data)) leaks.push(name);
    return leaks;
  }

  it("a doctor's phone: the doctor and their patients with an open appointment, through contact_phone only", async () => {
    expect(await phoneLeaks(as(doctor), doctor)).toEqual(['contact_phone rpc']);
    expect(await phoneLeaks(as(patient), doctor)).toEqual(['contact_phone rpc']);
    for (const stranger of [null, otherPatient, otherDoctor, declined, cancelled, recent, former]) {
      expect({ stranger, leaks: await phoneLeaks(as(stranger), doctor) }).toEqual({ stranger, leaks: [] });
    }
  });

  it("a patient's phone: the patient and the doctor of their open appointment", async () => {
    expect(await phoneLeaks(as(patient), patient)).toEqual(['contact_phone rpc']);
    expect(await phoneLeaks(as(doctor), patient)).toEqual(['contact_phone rpc']);
    expect(await phoneLeaks(as(doctor), recent)).toEqual([]);
    for (const stranger of [null, otherPatient, otherDoctor]) {
      expect(await phoneLeaks(as(stranger), patient)).toEqual([]);
    }
  });

  it('no view in public has a phone column', async () => {
    const { rows } = await db.query(
      `select c.table_name from information_schema.columns c join information_schema.views v
         on v.table_schema = c.table_schema and v.table_name = c.table_name
       where c.table_schema = 'public' and c.column_name like '%phone%'`,
    );
    expect(rows).toEqual([]);
  });

  /** Every way the API might hand out `owner`'s date of birth to `reader`; the names of those that did. */
  async function medicalLeaks(reader: string | null, owner: string): Promise<string[]> {
    const api = as(reader);
    const found = (value: unknown) => JSON.stringify(value ?? null).includes(DOB);
    const probes: Record<string, PromiseLike<{ data: unknown }>> = {
      'patients select': api.from('patients').select('id, date_of_birth, allergies').eq('id', owner),
      'appointments → patient': api
        .from('appointments')
        .select('id, patient:patients(date_of_birth, allergies)')
        .eq('patient_id', owner),
      'messages → patient': api
        .from('messages')
        .select('id, receiver:profiles!receiver_id(patients(date_of_birth))'),
    };
    const leaks: string[] = [];
    for (const [name, probe] of Object.entries(probes)) if (found((await probe).data)) leaks.push(name);
    const care = await api.rpc('in_care_with', { other: owner });
    if (care.data === true) leaks.push('in_care_with rpc');
    return leaks;
  }

  it('a doctor reads the medical profile of patients in care: open visits and visits completed within 90 days', async () => {
    expect(await medicalLeaks(doctor, patient)).toEqual([
      'patients select',
      'appointments → patient',
      'in_care_with rpc',
    ]);
    expect(await medicalLeaks(doctor, recent)).toEqual([
      'patients select',
      'appointments → patient',
      'in_care_with rpc',
    ]);
    expect(await medicalLeaks(patient, patient)).toEqual(['patients select', 'appointments → patient']);
  });

  it('not after a declined or cancelled request, nor long after the last visit, nor as a stranger', async () => {
    for (const owner of [declined, cancelled, former]) {
      expect({ owner, leaks: await medicalLeaks(doctor, owner) }).toEqual({ owner, leaks: [] });
    }
    for (const stranger of [null, otherPatient, otherDoctor]) {
      expect(await medicalLeaks(stranger, patient)).toEqual([]);
    }
  });

  it('the appointment row and the name stay visible to its two people after a declined request', async () => {
    const rows = await as(doctor)
      .from('appointments')
      .select('status, patient:patients(profile:profiles(full_name))')
      .eq('patient_id', declined);
    expect(rows.error).toBeNull();
    expect(rows.data).toEqual([{ status: 'cancelled', patient: null }]);
    const name = await as(doctor).from('profiles').select('full_name').eq('id', declined);
    expect(name.data).toHaveLength(1);
  });

  it('new messages follow care; history stays readable by both', async () => {
    const send = (from: string, to: string) =>
      as(from).from('messages').insert({ id: randomUUID(), receiver_id: to, body: 'still there?' });
    for (const outsider of [declined, cancelled, former]) {
      const { error } = await send(outsider, doctor);
      expect(error?.code).toBe('42501');
      expect((await send(doctor, outsider)).error?.code).toBe('42501');
    }
    expect((await send(recent, doctor)).error).toBeNull();
    expect((await send(doctor, recent)).error).toBeNull();
    const history = await as(former).from('messages').select('body').eq('receiver_id', doctor);
    expect(history.data).toEqual([{ body: 'before the visit' }]);
    expect((await as(doctor).from('messages').select('body').eq('sender_id', former)).data).toHaveLength(1);
  });

  it('the conversations list: care ever had or messages exchanged, not a declined or cancelled request', async () => {
    const list = await as(doctor).rpc('my_conversations');
    expect(list.error).toBeNull();
    const others = ((list.data ?? []) as Array<{ other_id: string }>).map((row) => row.other_id);
    expect(others).toEqual(expect.arrayContaining([patient, recent, former]));
    expect(others).not.toContain(declined);
    expect(others).not.toContain(cancelled);
    expect(((await as(declined).rpc('my_conversations')).data ?? []).length).toBe(0);
  });

  it('chat pictures and typing follow care for writing; old pictures stay readable', async () => {
    const folder = conversationKey(former, doctor);
    const canUpload = (who: string, key: string) =>
      asRoleInRollback(db, who, (c) =>
        succeeds(() =>
          c.query(`insert into storage.objects (bucket_id, name, owner_id) values ('chat-images', $1, $2)`, [
            `${key}/${randomUUID()}.png`,
            who,
          ]),
        ),
      );
    expect(await canUpload(former, folder)).toBe(false);
    expect(await canUpload(doctor, conversationKey(declined, doctor))).toBe(false);
    expect(await canUpload(recent, conversationKey(recent, doctor))).toBe(true);
    const canRead = await asRoleInRollback(
      db,
      former,
      async (c) =>
        (
          await c.query(`select 1 from storage.objects where bucket_id = 'chat-images' and name = $1`, [
            `${folder}/old.png`,
          ])
        ).rowCount === 1,
      (c) =>
        c.query(`insert into storage.objects (bucket_id, name, owner_id) values ('chat-images', $1, $2)`, [
          `${folder}/old.png`,
          doctor,
        ]),
    );
    expect(canRead).toBe(true);
    const typing = async (who: string, other: string) => {
      await db.query(`select set_config('request.jwt.claims', $1, false)`, [
        JSON.stringify({ sub: who, role: 'authenticated' }),
      ]);
      const { rows } = await db.query('select public.can_use_typing_topic($1) as ok', [
        `typing:${conversationKey(who, other)}`,
      ]);
      return rows[0].ok as boolean;
    };
    expect(await typing(former, doctor)).toBe(false);
    expect(await typing(recent, doctor)).toBe(true);
    await db.query(`select set_config('request.jwt.claims', '', false)`);
  });
});
