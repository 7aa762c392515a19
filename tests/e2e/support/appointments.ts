import type pg from 'pg';
import { createDoctor, createUser, type E2eUser } from './fixtures.ts';

/**
 * An appointment written straight into the database, as if it had been booked (and, for other
 * statuses, handled) earlier, so a test can start from any point of its life.
 */
export async function insertAppointment(
  db: pg.Client,
  options: {
    doctorId: string;
    patientId: string;
    startsAt: Date;
    minutes?: number;
    status?: 'pending' | 'scheduled' | 'completed' | 'cancelled';
    mode?: 'video' | 'chat';
    reason?: string;
  },
): Promise<string> {
  const endsAt = new Date(options.startsAt.getTime() + (options.minutes ?? 30) * 60_000);
  const { rows } = await db.query<{ id: string }>(
    `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode, reason)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      options.doctorId,
      options.patientId,
      options.startsAt.toISOString(),
      endsAt.toISOString(),
      options.status ?? 'pending',
      options.mode ?? 'video',
      options.reason ?? 'Check-up',
    ],
  );
  return rows[0]!.id;
}

/** A new doctor (working every day) and a new patient, with one appointment between them. */
export async function newVisit(
  db: pg.Client,
  options: Omit<Parameters<typeof insertAppointment>[1], 'doctorId' | 'patientId'>,
): Promise<{ doctor: E2eUser; patient: E2eUser; visit: string }> {
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  const visit = await insertAppointment(db, { doctorId: doctor.id, patientId: patient.id, ...options });
  return { doctor, patient, visit };
}

/** The next whole half hour at least `hours` from now (slots start on the half hour). */
export function halfHourFromNow(hours: number): Date {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCSeconds(0, 0);
  at.setUTCMinutes(at.getUTCMinutes() < 30 ? 30 : 60);
  return at;
}
