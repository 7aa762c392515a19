import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { userToken } from './clients.ts';

export interface TestUser {
  id: string;
  email: string;
  /** An access token for this user, shaped as Auth issues them. */
  token: string;
}

/**
 * Creates a user the way Auth does (a row in auth.users), so the app's sign-up trigger builds
 * the profile and the patient or doctor record. No password: tests act through tokens.
 */
export async function createUser(
  db: pg.Client,
  role: 'patient' | 'doctor',
  meta: Record<string, unknown> = {},
): Promise<TestUser> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@test.health-connect.local`;
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
       raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, now(),
       '{"provider":"email","providers":["email"]}', $3, now(), now(), '', '', '', '')`,
    [id, email, JSON.stringify({ role, full_name: `Test ${role} ${id.slice(0, 4)}`, ...meta })],
  );
  // Test doctors are verified, so they are listed and bookable as before verification existed.
  if (role === 'doctor') {
    await db.query(
      `update public.doctors set verification_state = 'verified', verified_at = now(),
         verified_authority = 'General Medical Council (GB)' where id = $1`,
      [id],
    );
  }
  return { id, email, token: userToken(id, { email }) };
}

export interface WeeklyHours {
  weekday: number;
  start: string;
  end: string;
}

/** A doctor with a time zone, slot length, modes and weekly hours. */
export async function createDoctor(
  db: pg.Client,
  options: { timeZone: string; slotMinutes?: number; modes?: ('video' | 'chat')[]; hours: WeeklyHours[] },
): Promise<TestUser> {
  const doctor = await createUser(db, 'doctor', {
    specialization: 'cardiology',
    time_zone: options.timeZone,
  });
  await db.query(
    `update public.doctors set slot_minutes = $2, consultation_modes = $3::public.consultation_mode[] where id = $1`,
    [doctor.id, options.slotMinutes ?? 30, `{${(options.modes ?? ['video', 'chat']).join(',')}}`],
  );
  for (const hours of options.hours) {
    await db.query(
      'insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, $2, $3, $4)',
      [doctor.id, hours.weekday, hours.start, hours.end],
    );
  }
  return doctor;
}

/** Every weekday, the same hours. */
export function everyDay(start: string, end: string): WeeklyHours[] {
  return [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start, end }));
}
