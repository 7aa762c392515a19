import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import { client, userToken } from '../../tests/helpers/clients.ts';

export type Role = 'patient' | 'doctor' | 'admin';
export type VerificationState = 'unverified' | 'pending_review' | 'verified' | 'rejected' | 'suspended';

/**
 * Creates a user the way GoTrue and seed.sql do (a plain INSERT into auth.users), so the
 * on_auth_user_created trigger builds the profile. Returns the new user's id. Doctors are
 * verified unless `verification` says otherwise; an admin signs up as a patient and is then
 * promoted with public.make_admin, as on a hosted project.
 */
export async function createUser(
  db: pg.Client,
  role: Role,
  meta: Record<string, unknown> = {},
  verification: VerificationState = 'verified',
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, confirmation_token,
       recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, now(), '', '', '', '',
       '{"provider":"email","providers":["email"]}', $3, now(), now())`,
    [
      id,
      `${role}-${id}@tests.health-connect.local`,
      { full_name: `${role} ${id.slice(0, 8)}`, ...meta, role: role === 'admin' ? 'patient' : role },
    ],
  );
  if (role === 'admin') {
    await db.query(`select public.make_admin($1)`, [`${role}-${id}@tests.health-connect.local`]);
  }
  if (role === 'doctor') await setVerification(db, id, verification);
  return id;
}

/** Puts a doctor straight into a verification state, as the database owner. */
export async function setVerification(
  db: pg.Client,
  doctor: string,
  state: VerificationState,
): Promise<void> {
  await db.query(
    `update public.doctors set verification_state = $2::public.verification_state,
       verified_at = case when $2::public.verification_state in ('verified', 'suspended') then coalesce(verified_at, now()) end,
       verified_authority = case when $2::public.verification_state in ('verified', 'suspended')
         then 'General Medical Council (GB)' end
     where id = $1`,
    [doctor, state],
  );
}

export interface AppointmentRow {
  doctor: string;
  patient: string;
  status?: string;
  /** Hours from now; negative for the past. Each active appointment needs its own slot. */
  startsInHours: number;
  minutes?: number;
  mode?: 'video' | 'chat';
}

/** Inserts an appointment as the database owner (tests set up states the API cannot create). */
export async function createAppointment(db: pg.Client, row: AppointmentRow): Promise<string> {
  const result = await db.query<{ id: string }>(
    `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
     values ($1, $2, now() + $3 * interval '1 hour', now() + $3 * interval '1 hour' + $4 * interval '1 minute', $5, $6)
     returning id`,
    [
      row.doctor,
      row.patient,
      row.startsInHours,
      row.minutes ?? 30,
      row.status ?? 'scheduled',
      row.mode ?? 'video',
    ],
  );
  return result.rows[0]!.id;
}

/** supabase-js as this user (a GoTrue-shaped token), or as anon when no id is given. */
export function as(userId: string | null): SupabaseClient {
  return userId ? client(undefined, userToken(userId)) : client();
}

/**
 * Runs `work` as the API role of `userId` (anon when null) inside a transaction that is
 * always rolled back, the way Storage and Realtime evaluate RLS. `setup` runs first as owner.
 */
export async function asRoleInRollback<T>(
  db: pg.Client,
  userId: string | null,
  work: (db: pg.Client) => Promise<T>,
  setup?: (db: pg.Client) => Promise<unknown>,
  settings: Record<string, string> = {},
): Promise<T> {
  await db.query('begin');
  try {
    if (setup) await setup(db);
    const role = userId ? 'authenticated' : 'anon';
    await db.query(`set local role ${role}`);
    const claims = userId ? { sub: userId, role } : { role };
    await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    for (const [name, value] of Object.entries(settings)) {
      await db.query('select set_config($1, $2, true)', [name, value]);
    }
    return await work(db);
  } finally {
    await db.query('rollback');
  }
}

/** True when `work` succeeds, false when Postgres refuses it. */
export async function succeeds(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch {
    return false;
  }
}

/** The chat-images folder / messages.conversation_key for two users. */
export function conversationKey(a: string, b: string): string {
  return a < b ? `${a}_${b}` : `${b}_${a}`;
}
