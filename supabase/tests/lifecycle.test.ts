import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database } from '../../tests/helpers/clients.ts';
import { createDoctor, createUser, everyDay, type TestUser } from '../../tests/helpers/users.ts';

type Status = 'pending' | 'scheduled' | 'completed' | 'cancelled' | 'rescheduled';
type Action = 'confirm' | 'decline' | 'cancel' | 'reschedule' | 'complete';
type Actor = 'doctor' | 'patient' | 'stranger';

/** One row per case: an appointment in `from`, an action by `actor`, allowed or refused. */
const MATRIX: [Status, 'future' | 'past', Action, Actor, boolean][] = [
  ['pending', 'future', 'confirm', 'doctor', true],
  ['pending', 'future', 'confirm', 'patient', false],
  ['pending', 'future', 'decline', 'doctor', true],
  ['pending', 'future', 'decline', 'patient', false],
  ['pending', 'future', 'cancel', 'patient', true],
  ['pending', 'future', 'cancel', 'doctor', true],
  ['pending', 'future', 'cancel', 'stranger', false],
  ['pending', 'future', 'reschedule', 'patient', true],
  ['pending', 'future', 'complete', 'doctor', false],
  ['scheduled', 'future', 'confirm', 'doctor', false],
  ['scheduled', 'future', 'decline', 'doctor', false],
  ['scheduled', 'future', 'cancel', 'patient', true],
  ['scheduled', 'future', 'reschedule', 'doctor', true],
  ['scheduled', 'future', 'reschedule', 'stranger', false],
  ['scheduled', 'future', 'complete', 'doctor', false],
  ['scheduled', 'past', 'complete', 'doctor', true],
  ['scheduled', 'past', 'complete', 'patient', false],
  ['scheduled', 'past', 'cancel', 'patient', false],
  ['completed', 'past', 'cancel', 'patient', false],
  ['completed', 'past', 'confirm', 'doctor', false],
  ['completed', 'past', 'complete', 'doctor', false],
  ['cancelled', 'future', 'confirm', 'doctor', false],
  ['cancelled', 'future', 'cancel', 'doctor', false],
  ['cancelled', 'future', 'reschedule', 'patient', false],
  ['rescheduled', 'future', 'confirm', 'doctor', false],
  ['rescheduled', 'future', 'cancel', 'patient', false],
];

const RESULT_STATUS: Record<Action, Status> = {
  confirm: 'scheduled',
  decline: 'cancelled',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
  complete: 'completed',
};

describe('appointment lifecycle', () => {
  let db: pg.Client;
  let doctor: TestUser;
  let patient: TestUser;
  let stranger: TestUser;
  let slotIndex = 0;
  let freeSlots: string[] = [];

  beforeAll(async () => {
    db = await database();
    doctor = await createDoctor(db, { timeZone: 'Europe/London', hours: everyDay('06:00', '22:00') });
    patient = await createUser(db, 'patient');
    stranger = await createUser(db, 'patient');
    const { data } = await client(undefined, patient.token).rpc('available_slots', {
      doctor_id: doctor.id,
      range_start: new Date().toISOString(),
      range_end: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    });
    freeSlots = (data as { starts_at: string }[]).map((slot) => slot.starts_at);
  });

  afterAll(async () => {
    await db.end();
  });

  /** An appointment put straight into a state, as the database owner. */
  async function appointmentIn(status: Status, when: 'future' | 'past'): Promise<string> {
    const start =
      when === 'past'
        ? new Date(Date.now() - (2 + slotIndex++) * 3_600_000).toISOString()
        : freeSlots[slotIndex++ * 2]!;
    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, $3, $3::timestamptz + interval '30 minutes', $4, 'video') returning id`,
      [doctor.id, patient.id, start, status],
    );
    return rows[0]!.id;
  }

  function act(action: Action, actor: Actor, id: string) {
    const token = { doctor: doctor.token, patient: patient.token, stranger: stranger.token }[actor];
    const rpc = client(undefined, token);
    switch (action) {
      case 'confirm':
        return rpc.rpc('confirm_appointment', { appointment_id: id });
      case 'decline':
        return rpc.rpc('decline_appointment', { appointment_id: id, reason: 'Fully booked that week' });
      case 'cancel':
        return rpc.rpc('cancel_appointment', { appointment_id: id, reason: 'Feeling better' });
      case 'reschedule':
        return rpc.rpc('reschedule_appointment', {
          appointment_id: id,
          starts_at: freeSlots[slotIndex++ * 2]!,
        });
      case 'complete':
        return rpc.rpc('complete_appointment', { appointment_id: id });
    }
  }

  const statusOf = async (id: string) =>
    (await db.query<{ status: Status }>('select status from public.appointments where id = $1', [id]))
      .rows[0]!.status;

  it.each(MATRIX)('%s (%s): %s by %s → allowed %s', async (from, when, action, actor, allowed) => {
    const id = await appointmentIn(from, when);
    const { error } = await act(action, actor, id);
    if (allowed) {
      expect(error).toBeNull();
      expect(await statusOf(id)).toBe(RESULT_STATUS[action]);
    } else {
      expect(error).not.toBeNull();
      expect(error!.message.length).toBeGreaterThan(5);
      expect(await statusOf(id)).toBe(from);
    }
  });

  it('records who cancelled and why', async () => {
    const id = await appointmentIn('scheduled', 'future');
    await act('cancel', 'patient', id);
    const { rows } = await db.query(
      'select cancelled_by, cancellation_reason from public.appointments where id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ cancelled_by: patient.id, cancellation_reason: 'Feeling better' });
  });

  it('reschedules in one step: the old visit is marked and the new one links back to it', async () => {
    const id = await appointmentIn('scheduled', 'future');
    const { data, error } = await act('reschedule', 'patient', id);
    expect(error).toBeNull();
    const moved = data as { id: string; status: Status; rescheduled_from: string };
    expect(moved).toMatchObject({ status: 'pending', rescheduled_from: id });
    expect(await statusOf(id)).toBe('rescheduled');
  });

  it('refuses a reschedule to a taken slot and leaves the original untouched', async () => {
    const taken = await appointmentIn('scheduled', 'future');
    const { rows } = await db.query<{ starts_at: Date }>(
      'select starts_at from public.appointments where id = $1',
      [taken],
    );
    const id = await appointmentIn('pending', 'future');
    const { error } = await client(undefined, patient.token).rpc('reschedule_appointment', {
      appointment_id: id,
      starts_at: rows[0]!.starts_at.toISOString(),
    });
    expect(error?.code).toBe('23P01');
    expect(await statusOf(id)).toBe('pending');
  });

  it('refuses a decline or cancel without a reason', async () => {
    const id = await appointmentIn('pending', 'future');
    const { error } = await client(undefined, doctor.token).rpc('decline_appointment', {
      appointment_id: id,
      reason: ' ',
    });
    expect(error?.message).toMatch(/reason/);
    expect(await statusOf(id)).toBe('pending');
  });

  it.each(['pending', 'scheduled', 'completed', 'cancelled'] as Status[])(
    'refuses a direct status update of a %s appointment, by either party',
    async (from) => {
      const id = await appointmentIn(from, from === 'completed' ? 'past' : 'future');
      for (const token of [patient.token, doctor.token]) {
        const { error } = await client(undefined, token)
          .from('appointments')
          .update({ status: from === 'pending' ? 'scheduled' : 'pending' })
          .eq('id', id);
        expect(error?.code).toBe('42501');
      }
      expect(await statusOf(id)).toBe(from);
    },
  );
});
