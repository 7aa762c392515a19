// Synthetic platform data for bench/scale.ts, inserted by SQL in a few set-based statements:
// doctors with weekly hours and reviews, doctors with many conversations, and long threads.
import type pg from 'pg';

const INSTANCE = '00000000-0000-0000-0000-000000000000';
const FIRST = ['Ada', 'Bola', 'Chen', 'Dara', 'Emeka', 'Farah', 'Gita', 'Hana', 'Ivan', 'Jon'];
const LAST = [
  'Okafor',
  'Mensah',
  'Silva',
  'Novak',
  'Haddad',
  'Tanaka',
  'Rossi',
  'Kowalski',
  'Ibrahim',
  'Lund',
];
const SPECIALTIES = [
  'general-practice',
  'cardiology',
  'dermatology',
  'pediatrics',
  'psychiatry',
  'neurology',
];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Australia/Sydney'];

/**
 * Users `prefix-<from>` … `prefix-<to>` as Auth creates them (the sign-up trigger makes the
 * profile and the role's record). `meta` is a SQL expression of `g` giving raw_user_meta_data.
 */
async function insertUsers(
  db: pg.Client,
  prefix: string,
  from: number,
  to: number,
  meta: string,
  params: unknown[] = [],
): Promise<void> {
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
       raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
     select $1, gen_random_uuid(), 'authenticated', 'authenticated', $2 || '-' || g || '@bench.health-connect.local', now(),
       '{"provider":"email","providers":["email"]}', ${meta}, now(), now(), '', '', '', ''
     from generate_series($3::int, $4::int) g`,
    [INSTANCE, prefix, from, to, ...params],
  );
}

async function userIds(db: pg.Client, prefix: string, from: number, to: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select u.id from auth.users u, generate_series($2::int, $3::int) g
     where u.email = $1 || '-' || g || '@bench.health-connect.local' order by g`,
    [prefix, from, to],
  );
  return rows.map((row) => row.id);
}

/** Patients `prefix-1` … `prefix-count`, created once. */
export async function ensurePatients(db: pg.Client, prefix: string, count: number): Promise<string[]> {
  const have = await userIds(db, prefix, 1, count);
  if (have.length < count) {
    await insertUsers(
      db,
      prefix,
      have.length + 1,
      count,
      `jsonb_build_object('role', 'patient', 'full_name', 'Patient ' || g)`,
    );
  }
  return userIds(db, prefix, 1, count);
}

/**
 * Grows the directory to `total` verified doctors: weekdays 09:00–12:00 and 13:00–17:00 (every
 * third doctor also Saturday mornings), and `g % 4` completed, reviewed visits each.
 */
export async function growDoctors(db: pg.Client, total: number, reviewers: string[]): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from auth.users where email like 'scale-doctor-%'",
  );
  const from = rows[0]!.n + 1;
  if (from > total) return;
  await insertUsers(
    db,
    'scale-doctor',
    from,
    total,
    `jsonb_build_object('role', 'doctor',
       'full_name', 'Dr ' || ($5::text[])[g % 10 + 1] || ' ' || ($6::text[])[(g / 10) % 10 + 1] || ' ' || g,
       'specialization', ($7::text[])[g % 6 + 1], 'time_zone', ($8::text[])[g % 5 + 1],
       'years_of_experience', (g % 40)::text)`,
    [FIRST, LAST, SPECIALTIES, ZONES],
  );
  await db.query('create temp table if not exists new_doctors (id uuid primary key, g int not null)');
  await db.query('truncate new_doctors');
  await db.query(
    `insert into new_doctors
     select u.id, g from generate_series($1::int, $2::int) g
     join auth.users u on u.email = 'scale-doctor-' || g || '@bench.health-connect.local'`,
    [from, total],
  );
  await db.query(`update public.doctors d
    set verification_state = 'verified', verified_at = now(), verified_authority = 'Bench register (GB)',
        slot_minutes = (array[15, 20, 30, 45, 60])[n.g % 5 + 1]
    from new_doctors n where d.id = n.id`);
  await db.query(`insert into public.doctor_availability (doctor_id, weekday, start_time, end_time)
    select n.id, w, t.s, t.e from new_doctors n, generate_series(1, 5) w,
      (values (time '09:00', time '12:00'), (time '13:00', time '17:00')) t(s, e)
    union all
    select n.id, 6, time '09:00', time '12:00' from new_doctors n where n.g % 3 = 0`);
  // Completed visits in the past, one hour apart per doctor, each with a review.
  await db.query(
    `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode, created_at)
     select n.id, ($1::uuid[])[(n.g * 7 + k) % cardinality($1::uuid[]) + 1],
       date_trunc('hour', now()) - make_interval(days => 30 + k), date_trunc('hour', now()) - make_interval(days => 30 + k) + interval '30 minutes',
       'completed', 'video', now() - interval '40 days'
     from new_doctors n, generate_series(1, 3) k where k <= n.g % 4`,
    [reviewers],
  );
  await db.query(`insert into public.reviews (appointment_id, doctor_id, patient_id, rating)
    select a.id, a.doctor_id, a.patient_id, (abs(hashtext(a.id::text)) % 5 + 1)
    from public.appointments a join new_doctors n on n.id = a.doctor_id`);
  await db.query('analyze');
}

/** A verified doctor (no hours) with a completed visit and two messages with each of `patients`. */
export async function doctorWithConversations(
  db: pg.Client,
  name: string,
  patients: string[],
): Promise<string> {
  await insertUsers(
    db,
    `scale-${name}`,
    1,
    1,
    `jsonb_build_object('role', 'doctor', 'full_name', 'Dr ' || $5::text || ' ' || g)`,
    [name],
  );
  const [doctor] = await userIds(db, `scale-${name}`, 1, 1);
  await db.query(
    `update public.doctors set verification_state = 'verified', verified_at = now(), verified_authority = 'Bench' where id = $1`,
    [doctor],
  );
  await db.query(
    `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode, created_at)
     select $1, p, now() - make_interval(days => 10, mins => i::int), now() - make_interval(days => 10, mins => i::int) + interval '20 minutes',
       'completed', 'chat', now() - interval '11 days'
     from unnest($2::uuid[]) with ordinality as t(p, i)`,
    [doctor, patients],
  );
  await db.query(
    `insert into public.messages (sender_id, receiver_id, body, created_at, read_at)
     select p, $1, 'Question ' || i, now() - make_interval(hours => i::int), null from unnest($2::uuid[]) with ordinality as t(p, i)
     union all
     select $1, p, 'Answer ' || i, now() - make_interval(hours => i::int) + interval '1 minute', now() from unnest($2::uuid[]) with ordinality as t(p, i)`,
    [doctor!, patients],
  );
  return doctor!;
}

/** `count` messages, one second apart and alternating sides, between a patient and a doctor, in one statement. */
export async function insertThread(
  db: pg.Client,
  patient: string,
  doctor: string,
  count: number,
): Promise<void> {
  await db.query(
    `insert into public.messages (sender_id, receiver_id, body, created_at, read_at)
     select case when g % 2 = 0 then $1::uuid else $2::uuid end, case when g % 2 = 0 then $2::uuid else $1::uuid end,
       'Message ' || g, timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => g), timestamptz '2026-01-01 00:00:00+00'
     from generate_series(1, $3::int) g`,
    [patient, doctor, count],
  );
}
