import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import { as, createAppointment, createUser } from './fixtures.ts';

describe('sign-up trigger: profiles and roles', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await database();
  });
  afterAll(async () => {
    await db.end();
  });

  it('a doctor’s sign-up metadata fills the doctor record', async () => {
    const id = await createUser(db, 'doctor', {
      full_name: 'Dr. Test',
      specialization: 'neurology',
      qualification: 'MD',
      years_of_experience: 7,
      time_zone: 'Asia/Tokyo',
    });
    const { rows } = await db.query(
      `select p.role, p.full_name, d.specialization, d.qualification, d.years_of_experience, d.time_zone
      from public.profiles p join public.doctors d using (id) where id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({
      role: 'doctor',
      full_name: 'Dr. Test',
      specialization: 'neurology',
      qualification: 'MD',
      years_of_experience: 7,
      time_zone: 'Asia/Tokyo',
    });
  });

  it('a patient gets an empty medical profile and no doctor record', async () => {
    const id = await createUser(db, 'patient');
    const { rows } = await db.query(
      `select (select count(*)::int from public.patients where id = $1) as patients,
      (select count(*)::int from public.doctors where id = $1) as doctors`,
      [id],
    );
    expect(rows[0]).toEqual({ patients: 1, doctors: 0 });
  });

  it('refuses a sign-up without a valid role, and writes nothing', async () => {
    for (const meta of [{}, { role: 'admin' }, { role: 'Doctor' }]) {
      const email = `norole-${Math.random()}@tests.health-connect.local`;
      await expect(
        db.query(
          `insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), $1, $2)`,
          [email, meta],
        ),
      ).rejects.toThrow(/sign-up needs a role: options.data.role must be "patient" or "doctor"/);
      const left = await db.query('select count(*)::int as n from auth.users where email = $1', [email]);
      expect(left.rows[0].n).toBe(0);
    }
  });

  it('refuses doctor metadata that does not fit', async () => {
    await expect(createUser(db, 'doctor', { years_of_experience: 'lots' })).rejects.toThrow(
      /years_of_experience must be a whole number/,
    );
    await expect(createUser(db, 'doctor', { specialization: 'astrology' })).rejects.toThrow(
      /unknown specialization "astrology"/,
    );
  });

  it('a user cannot change their role, not even through a column they may write', async () => {
    const id = await createUser(db, 'patient');
    const { error } = await as(id).from('profiles').update({ role: 'doctor' }).eq('id', id);
    expect(error?.code).toBe('42501');
    expect(error?.message).toMatch(/permission denied for table profiles/);
    await expect(db.query(`update public.profiles set role = 'doctor' where id = $1`, [id])).rejects.toThrow(
      /role cannot be changed/,
    );
  });
});

describe('constraints that keep the data honest', () => {
  let db: pg.Client;
  let patient = '';
  let otherPatient = '';
  let doctor = '';
  let stranger = '';

  beforeAll(async () => {
    db = await database();
    patient = await createUser(db, 'patient');
    otherPatient = await createUser(db, 'patient');
    doctor = await createUser(db, 'doctor');
    stranger = await createUser(db, 'doctor');
  });
  afterAll(async () => {
    await db.end();
  });

  it('two active appointments of one doctor cannot overlap; cancelled ones free the slot', async () => {
    const first = await createAppointment(db, { doctor, patient, startsInHours: 100, status: 'pending' });
    await expect(
      createAppointment(db, { doctor, patient: otherPatient, startsInHours: 100.25 }),
    ).rejects.toThrow(/appointment_doctor_no_overlap/);
    await db.query(`update public.appointments set status = 'cancelled' where id = $1`, [first]);
    await expect(
      createAppointment(db, { doctor, patient: otherPatient, startsInHours: 100.25 }),
    ).resolves.toBeTruthy();
  });

  it('one patient cannot hold two overlapping active appointments with different doctors', async () => {
    await createAppointment(db, { doctor, patient, startsInHours: 200 });
    await expect(createAppointment(db, { doctor: stranger, patient, startsInHours: 200.1 })).rejects.toThrow(
      /appointment_patient_no_overlap/,
    );
    await expect(
      createAppointment(db, { doctor: stranger, patient, startsInHours: 200.5, status: 'completed' }),
    ).resolves.toBeTruthy();
  });

  it('status moves only along allowed transitions', async () => {
    const done = await createAppointment(db, { doctor, patient, startsInHours: -300, status: 'completed' });
    await expect(
      db.query(`update public.appointments set status = 'pending' where id = $1`, [done]),
    ).rejects.toThrow(/cannot go from completed to pending/);
    const { error } = await as(patient).from('appointments').update({ status: 'completed' }).eq('id', done);
    expect(error?.code).toBe('42501');
  });

  it('ratings must be 1 to 5', async () => {
    for (const rating of [0, 6]) {
      const visit = await createAppointment(db, {
        doctor,
        patient,
        startsInHours: -400 - rating,
        status: 'completed',
      });
      const { error } = await as(patient).from('reviews').insert({ appointment_id: visit, rating });
      expect(error?.code).toBe('23514');
      expect(error?.message).toMatch(/review_rating_1_to_5/);
    }
  });

  it('only a completed appointment can be reviewed, once, by its patient', async () => {
    const upcoming = await createAppointment(db, { doctor, patient, startsInHours: 500 });
    const early = await as(patient).from('reviews').insert({ appointment_id: upcoming, rating: 5 });
    expect(early.error?.message).toMatch(
      /only completed appointments can be reviewed \(this one is scheduled\)/,
    );

    const visit = await createAppointment(db, { doctor, patient, startsInHours: -520, status: 'completed' });
    const byDoctor = await as(doctor).from('reviews').insert({ appointment_id: visit, rating: 5 });
    expect(byDoctor.error?.message).toMatch(/only the patient of an appointment can review it/);
    const first = await as(patient)
      .from('reviews')
      .insert({ appointment_id: visit, rating: 4 })
      .select('doctor_id, patient_id')
      .single();
    expect(first.data).toEqual({ doctor_id: doctor, patient_id: patient });
    const again = await as(patient).from('reviews').insert({ appointment_id: visit, rating: 5 });
    expect(again.error?.code).toBe('23505');

    const rated = await as(null)
      .from('doctor_directory')
      .select('rating_avg, rating_count')
      .eq('id', doctor)
      .single();
    expect(rated.data).toEqual({ rating_avg: 4, rating_count: 1 });
    const reviews = await as(null).rpc('doctor_reviews', { doctor });
    expect(reviews.data).toEqual([expect.objectContaining({ rating: 4 })]);
    expect(reviews.data![0]).not.toHaveProperty('patient_id');
  });

  it('a message to someone without a shared appointment is refused with a reason', async () => {
    const loner = await createUser(db, 'doctor');
    const { error } = await as(patient)
      .from('messages')
      .insert({ sender_id: patient, receiver_id: loner, body: 'hi' });
    expect(error?.code).toBe('42501');
    expect(error?.message).toMatch(/only message a doctor or patient you have an appointment with/);
  });

  it('only the receiver marks a message read; nothing else about it changes', async () => {
    const { data } = await as(doctor)
      .from('messages')
      .insert({ receiver_id: patient, body: 'results are fine' })
      .select('id, sender_id')
      .single();
    expect(data!.sender_id).toBe(doctor);
    const bySender = await as(doctor)
      .from('messages')
      .update({ read_at: new Date().toISOString() })
      .eq('id', data!.id)
      .select('id');
    expect(bySender.data).toEqual([]);
    const edit = await as(patient).from('messages').update({ body: 'changed' }).eq('id', data!.id);
    expect(edit.error?.code).toBe('42501');
    const read = await as(patient)
      .from('messages')
      .update({ read_at: '2000-01-01T00:00:00Z' })
      .eq('id', data!.id)
      .select('read_at')
      .single();
    expect(Date.parse(read.data!.read_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a patient never reads the doctor’s private notes, even on their own appointment', async () => {
    const visit = await createAppointment(db, { doctor, patient, startsInHours: -700, status: 'completed' });
    const note = await as(doctor)
      .from('appointment_notes')
      .insert({ appointment_id: visit, body: 'suspect anxiety' })
      .select('body')
      .single();
    expect(note.data).toEqual({ body: 'suspect anxiety' });
    const { data, error } = await as(patient)
      .from('appointment_notes')
      .select('body')
      .eq('appointment_id', visit);
    expect(error).toBeNull();
    expect(data).toEqual([]);
    const embedded = await as(patient)
      .from('appointments')
      .select('id, appointment_notes(body)')
      .eq('id', visit)
      .single();
    expect(embedded.data?.appointment_notes ?? null).toBeNull();
  });

  it('a doctor cannot edit another doctor', async () => {
    const { data, error } = await as(stranger)
      .from('doctors')
      .update({ about: 'hijacked', years_of_experience: 1 })
      .eq('id', doctor)
      .select('id');
    expect(error).toBeNull();
    expect(data).toEqual([]);
    const rating = await as(doctor).from('doctors').update({ rating_avg: 5 }).eq('id', doctor);
    expect(rating.error?.code).toBe('42501');
  });
});
