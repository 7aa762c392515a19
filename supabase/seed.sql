-- Demo data for local development (`supabase start`, `supabase db reset`, or `npm start`).
-- LOCAL DEMO ACCOUNTS ONLY: every account below shares the public password
-- `HealthConnect!2026` (listed in docs/demo-logins.md). Never load this file into a hosted project.
-- Times are computed from now(), in each doctor's own time zone, so the demo always has
-- past, today's and upcoming appointments.

create temporary table seed_doctors (
  n int primary key, email text, full_name text, specialization text, qualification text,
  years int, time_zone text, modes public.consultation_mode[], slot int, phone text, about text
) on commit drop;

insert into seed_doctors values
  (1, 'dr.ada.cardio@demo.health-connect.local', 'Dr. Ada Okafor', 'cardiology', 'MD, FACC', 14, 'America/New_York', '{video,chat}', 30, '+1 212 555 0101', 'Preventive cardiology, hypertension and heart-failure follow-up.'),
  (2, 'dr.ben.cardio@demo.health-connect.local', 'Dr. Benjamin Hart', 'cardiology', 'MBBS, MRCP (Cardiology)', 9, 'Europe/London', '{video}', 20, '+44 20 7946 0102', 'Arrhythmias, palpitations and cardiac rehabilitation.'),
  (3, 'dr.chiara.derm@demo.health-connect.local', 'Dr. Chiara Rossi', 'dermatology', 'MD, Specialist in Dermatology', 11, 'Europe/Rome', '{video,chat}', 20, '+39 06 5550 103', 'Acne, eczema, psoriasis and mole checks by photo.'),
  (4, 'dr.dev.derm@demo.health-connect.local', 'Dr. Dev Malhotra', 'dermatology', 'MBBS, MD (Dermatology)', 7, 'Asia/Kolkata', '{video,chat}', 15, '+91 22 5550 0104', 'Skin allergies, hair loss and pigmentation.'),
  (5, 'dr.emi.peds@demo.health-connect.local', 'Dr. Emi Tanaka', 'pediatrics', 'MD, PhD (Pediatrics)', 16, 'Asia/Tokyo', '{video}', 30, '+81 3 5550 0105', 'Newborn care, growth, vaccinations and childhood infections.'),
  (6, 'dr.felipe.peds@demo.health-connect.local', 'Dr. Felipe Álvarez', 'pediatrics', 'MD (Pediatrics)', 5, 'America/Mexico_City', '{video,chat}', 30, '+52 55 5550 0106', 'Pediatric nutrition, asthma and sleep.'),
  (7, 'dr.grace.psych@demo.health-connect.local', 'Dr. Grace Mensah', 'psychiatry', 'MBChB, MRCPsych', 12, 'Europe/London', '{video,chat}', 45, '+44 161 555 0107', 'Anxiety, depression and burnout; medication reviews.'),
  (8, 'dr.hiro.psych@demo.health-connect.local', 'Dr. Hiro Sato', 'psychiatry', 'MD (Psychiatry)', 20, 'Asia/Tokyo', '{video,chat}', 60, '+81 6 5550 0108', 'Sleep disorders, ADHD in adults, stress.'),
  (9, 'dr.ingrid.neuro@demo.health-connect.local', 'Dr. Ingrid Larsen', 'neurology', 'MD, PhD (Neurology)', 18, 'Europe/Oslo', '{video,chat}', 30, '+47 22 55 01 09', 'Migraine, epilepsy follow-up and neuropathy.'),
  (10, 'dr.jamal.neuro@demo.health-connect.local', 'Dr. Jamal Wright', 'neurology', 'MD (Neurology)', 8, 'America/Chicago', '{video}', 30, '+1 312 555 0110', 'Headache, dizziness and memory concerns.'),
  (11, 'dr.kavya.gp@demo.health-connect.local', 'Dr. Kavya Iyer', 'general-practice', 'MBBS, MRCGP', 10, 'Asia/Kolkata', '{video,chat}', 15, '+91 80 5550 0111', 'Everyday illnesses, prescriptions and referrals.'),
  (12, 'dr.liam.gp@demo.health-connect.local', 'Dr. Liam O''Brien', 'general-practice', 'MD (Family Medicine)', 6, 'America/New_York', '{video,chat}', 20, '+1 617 555 0112', 'Family medicine for all ages; travel health.'),
  (13, 'dr.maya.endo@demo.health-connect.local', 'Dr. Maya Cohen', 'endocrinology', 'MD (Endocrinology)', 13, 'America/Los_Angeles', '{video,chat}', 30, '+1 415 555 0113', 'Diabetes, thyroid and hormone disorders.'),
  (14, 'dr.nadia.gyn@demo.health-connect.local', 'Dr. Nadia Haddad', 'gynecology', 'MD, FRANZCOG', 15, 'Australia/Sydney', '{video,chat}', 30, '+61 2 5550 0114', 'Menstrual health, contraception and menopause.'),
  -- Not verified: 15 waits in the admin's review queue, 16 was rejected and must resubmit.
  (15, 'dr.noor.derm@demo.health-connect.local', 'Dr. Noor Rahman', 'dermatology', 'MD (Dermatology)', 4, 'Asia/Dubai', '{video,chat}', 20, '+971 4 555 0115', 'Teledermatology for rashes, acne and skin checks.'),
  (16, 'dr.oscar.gp@demo.health-connect.local', 'Dr. Oscar Lind', 'general-practice', 'MD', 3, 'Europe/Stockholm', '{video,chat}', 15, '+46 8 555 0116', 'Colds, infections and repeat prescriptions.');

-- Each doctor's licence as checked (or, for 15 and 16, as submitted) and the review's outcome.
create temporary table seed_licences (
  n int primary key, registration_number text, authority text, country text, year int,
  state public.verification_state, days_ago int, reason text
) on commit drop;

insert into seed_licences values
  (1, 'NY-289341', 'New York State Education Department', 'US', 2011, 'verified', 50, null),
  (2, 'GMC 7012345', 'General Medical Council', 'GB', 2016, 'verified', 50, null),
  (3, 'RM-45521', 'Ordine dei Medici di Roma', 'IT', 2013, 'verified', 49, null),
  (4, 'MMC-2017-08812', 'Maharashtra Medical Council', 'IN', 2017, 'verified', 49, null),
  (5, 'JMC-310482', 'Ministry of Health, Labour and Welfare', 'JP', 2009, 'verified', 48, null),
  (6, 'CED-10293847', 'Secretaría de Educación Pública', 'MX', 2019, 'verified', 48, null),
  (7, 'GMC 6154321', 'General Medical Council', 'GB', 2012, 'verified', 47, null),
  (8, 'JMC-198822', 'Ministry of Health, Labour and Welfare', 'JP', 2005, 'verified', 47, null),
  (9, 'HPR-9012876', 'Norwegian Directorate of Health', 'NO', 2007, 'verified', 46, null),
  (10, 'IL-036-145882', 'Illinois Department of Financial and Professional Regulation', 'US', 2017, 'verified', 46, null),
  (11, 'KMC-88231', 'Karnataka Medical Council', 'IN', 2015, 'verified', 45, null),
  (12, 'MA-271553', 'Massachusetts Board of Registration in Medicine', 'US', 2019, 'verified', 45, null),
  (13, 'CA-A139442', 'Medical Board of California', 'US', 2012, 'verified', 44, null),
  (14, 'MED0001738291', 'Australian Health Practitioner Regulation Agency', 'AU', 2010, 'verified', 44, null),
  (15, 'DHA-P-0098123', 'Dubai Health Authority', 'AE', 2021, 'pending_review', 2, null),
  (16, 'SE-550912', 'Socialstyrelsen', 'SE', 2022, 'rejected', 6,
    'The registration number is not in the Socialstyrelsen register. Please upload a scan of your licence that shows it.');

create temporary table seed_patients (
  n int primary key, email text, full_name text, date_of_birth date, gender public.gender,
  blood_group public.blood_group, allergies text, contact_name text, contact_phone text, contact_relation text, phone text
) on commit drop;

insert into seed_patients values
  (1, 'patient1@demo.health-connect.local', 'Priya Sharma', '1988-04-12', 'female', 'B+', 'Penicillin', 'Arjun Sharma', '+91 98 5550 0201', 'Husband', '+91 98 5550 0301'),
  (2, 'patient2@demo.health-connect.local', 'Tom Becker', '1975-11-03', 'male', 'O-', null, 'Lena Becker', '+49 30 5550 0202', 'Wife', '+49 30 5550 0302'),
  (3, 'patient3@demo.health-connect.local', 'Aiko Yamamoto', '1995-07-21', 'female', 'A+', 'Peanuts, latex', 'Kenji Yamamoto', '+81 90 5550 0203', 'Brother', '+81 90 5550 0303'),
  (4, 'patient4@demo.health-connect.local', 'Carlos Mendes', '1960-02-28', 'male', 'AB+', 'Sulfonamides', 'Ana Mendes', '+55 11 5550 0204', 'Daughter', '+55 11 5550 0304'),
  (5, 'patient5@demo.health-connect.local', 'Sam Okoye', '2001-09-15', 'non_binary', 'O+', null, 'Grace Okoye', '+234 1 555 0205', 'Mother', '+234 1 555 0305'),
  (6, 'patient6@demo.health-connect.local', 'Emma Walsh', '1983-12-01', 'female', 'A-', 'Ibuprofen', 'Conor Walsh', '+353 1 555 0206', 'Partner', '+353 1 555 0306');

create temporary table seed_users on commit drop as
select 'ad510000-0000-4000-8000-000000000001'::uuid as id, 'admin@demo.health-connect.local' as email,
       -- Signs up as a patient (the only way in); public.make_admin below turns it into the admin.
       jsonb_build_object('role', 'patient', 'full_name', 'Alex Admin') as meta,
       now() - interval '90 days' as joined
union all
select ('d0c70000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, email,
       jsonb_build_object('role', 'doctor', 'full_name', full_name, 'specialization', specialization,
         'qualification', qualification, 'years_of_experience', years, 'time_zone', time_zone) as meta,
       -- Sign-ups spread over the last weeks, so the admin's sign-up figures have something to show.
       now() - (case when n > 14 then 10 - n % 10 else 60 - n end) * interval '1 day'
from seed_doctors
union all
select ('9a710000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, email,
       jsonb_build_object('role', 'patient', 'full_name', full_name),
       now() - (45 - 5 * n) * interval '1 day'
from seed_patients;

-- One bcrypt hash for the shared demo password keeps the seed fast.
create temporary table seed_password on commit drop as
select extensions.crypt('HealthConnect!2026', extensions.gen_salt('bf', 10)) as hash;

-- The on_auth_user_created trigger turns each row into a profile plus a doctor or patient record.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
  phone_change, phone_change_token, reauthentication_token,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email, p.hash, now(),
       '', '', '', '', '', '', '', '',
       '{"provider":"email","providers":["email"]}', u.meta, u.joined, u.joined
from seed_users u cross join seed_password p;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', now() - interval '60 days', now() - interval '60 days', now() - interval '60 days'
from seed_users u;

update public.doctors d
set about = s.about, consultation_modes = s.modes, slot_minutes = s.slot
from seed_doctors s
where d.id = ('d0c70000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid;

select public.make_admin('admin@demo.health-connect.local');

insert into public.doctor_licences (doctor_id, registration_number, issuing_authority, country, year_licensed,
  document_path, submitted_at, decided_at, decision_reason)
select ('d0c70000-0000-4000-8000-' || lpad(l.n::text, 12, '0'))::uuid, l.registration_number, l.authority, l.country, l.year,
       ('d0c70000-0000-4000-8000-' || lpad(l.n::text, 12, '0')) || '/licence.pdf',
       now() - l.days_ago * interval '1 day',
       case when l.state <> 'pending_review' then now() - l.days_ago * interval '1 day' + interval '1 day' end,
       l.reason
from seed_licences l;

update public.doctors d
set verification_state = l.state,
    verified_at = case when l.state = 'verified' then now() - l.days_ago * interval '1 day' + interval '1 day' end,
    verified_authority = case when l.state = 'verified' then l.authority || ' (' || l.country || ')' end
from seed_licences l
where d.id = ('d0c70000-0000-4000-8000-' || lpad(l.n::text, 12, '0'))::uuid;

insert into public.admin_actions (admin_id, admin_name, action, target_id, reason, created_at)
select 'ad510000-0000-4000-8000-000000000001', 'Alex Admin',
       case when l.state = 'verified' then 'approve_doctor' else 'reject_doctor' end,
       ('d0c70000-0000-4000-8000-' || lpad(l.n::text, 12, '0'))::uuid, l.reason,
       now() - l.days_ago * interval '1 day' + interval '1 day'
from seed_licences l where l.state in ('verified', 'rejected');

update public.profiles p
set phone = coalesce(
  (select s.phone from seed_doctors s where p.id = ('d0c70000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid),
  (select s.phone from seed_patients s where p.id = ('9a710000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid))
where p.id in (select id from seed_users);

update public.patients pt
set date_of_birth = s.date_of_birth, gender = s.gender, blood_group = s.blood_group, allergies = s.allergies,
    emergency_contact_name = s.contact_name, emergency_contact_phone = s.contact_phone,
    emergency_contact_relation = s.contact_relation
from seed_patients s
where pt.id = ('9a710000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid;

-- Weekly hours: Monday–Friday 09:00–12:00 and 13:00–17:00 local time; odd-numbered doctors
-- also see patients on Saturday mornings.
insert into public.doctor_availability (doctor_id, weekday, start_time, end_time)
select ('d0c70000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid, w.weekday, h.start_time, h.end_time
from seed_doctors s
cross join generate_series(1, 5) as w(weekday)
cross join (values (time '09:00', time '12:00'), (time '13:00', time '17:00')) as h(start_time, end_time)
union all
select ('d0c70000-0000-4000-8000-' || lpad(s.n::text, 12, '0'))::uuid, 6, time '09:00', time '12:00'
from seed_doctors s where s.n % 2 = 1;

insert into public.doctor_availability_exceptions (doctor_id, date, kind, start_time, end_time, note)
select ('d0c70000-0000-4000-8000-' || lpad(e.n::text, 12, '0'))::uuid,
       (now() at time zone s.time_zone)::date + e.day_offset, e.kind::public.availability_exception_kind,
       e.start_time, e.end_time, e.note
from (values
  (1, 14, 'day_off', null::time, null::time, 'Conference'),
  (3, 7, 'day_off', null, null, 'Public holiday'),
  (7, 4, 'extra_hours', time '18:00', time '20:00', 'Evening clinic'),
  (11, 2, 'day_off', time '13:00', time '17:00', 'Hospital rounds'),
  (13, 21, 'day_off', null, null, 'Vacation')
) as e(n, day_offset, kind, start_time, end_time, note)
join seed_doctors s on s.n = e.n;

-- Appointments in every status. `day` is relative to today in the doctor's zone; `local` is
-- the doctor's wall-clock start time.
create temporary table seed_appointments (
  key text primary key, doctor int, patient int, day int, local time, status public.appointment_status,
  mode public.consultation_mode, reason text, comment text, cancel_reason text, cancelled_by_doctor boolean,
  rescheduled_from text
) on commit drop;

insert into seed_appointments values
  ('p1-d1-past', 1, 1, -10, '10:00', 'completed', 'video', 'Chest tightness when climbing stairs', null, null, null, null),
  ('p1-d3-past', 3, 1, -20, '11:00', 'completed', 'chat', 'Rash on forearm', 'Photos attached in chat', null, null, null),
  ('p2-d1-past', 1, 2, -7, '14:00', 'completed', 'video', 'Blood pressure review', null, null, null, null),
  ('p2-d5-past', 5, 2, -15, '09:30', 'completed', 'video', 'Daughter''s persistent cough', null, null, null, null),
  ('p3-d7-past', 7, 3, -5, '15:00', 'completed', 'chat', 'Trouble sleeping before exams', null, null, null, null),
  ('p4-d11-past', 11, 4, -3, '10:00', 'completed', 'video', 'Repeat prescription', null, null, null, null),
  ('p5-d2-past', 2, 5, -12, '16:00', 'completed', 'video', 'Palpitations after coffee', null, null, null, null),
  ('p6-d9-past', 9, 6, -9, '11:00', 'completed', 'chat', 'Migraine follow-up', null, null, null, null),
  ('p3-d2-cancelled', 2, 3, -2, '10:00', 'cancelled', 'video', 'Check-up', null, 'Feeling better, no longer needed', false, null),
  ('p1-d5-cancelled', 5, 1, 4, '09:00', 'cancelled', 'video', 'Vaccination questions', null, 'Doctor at a conference', true, null),
  ('p2-d7-moved', 7, 2, 1, '10:00', 'rescheduled', 'video', 'Low mood', null, null, null, null),
  ('p2-d7-new', 7, 2, 6, '10:00', 'scheduled', 'video', 'Low mood', 'Moved at the patient''s request', null, null, 'p2-d7-moved'),
  ('p1-d1-next', 1, 1, 2, '10:00', 'scheduled', 'video', 'Follow-up on stress test', null, null, null, null),
  ('p4-d3-next', 3, 4, 3, '11:00', 'scheduled', 'chat', 'Dry skin on hands', null, null, null, null),
  ('p5-d11-next', 11, 5, 5, '14:00', 'scheduled', 'video', 'Seasonal allergies', null, null, null, null),
  ('p6-d12-next', 12, 6, 8, '10:00', 'scheduled', 'video', 'Travel vaccinations', null, null, null, null),
  ('p1-d7-pending', 7, 1, 9, '15:00', 'pending', 'chat', 'Work stress', null, null, null, null),
  ('p3-d4-pending', 4, 3, 10, '11:00', 'pending', 'video', 'Hair thinning', null, null, null, null),
  ('p6-d8-pending', 8, 6, 11, '09:00', 'pending', 'chat', 'Insomnia', null, null, null, null),
  ('p5-d13-pending', 13, 5, 12, '10:00', 'pending', 'video', 'Thyroid results', null, null, null, null);

create temporary table seed_appointment_ids on commit drop as
select a.key, gen_random_uuid() as id,
       ('d0c70000-0000-4000-8000-' || lpad(a.doctor::text, 12, '0'))::uuid as doctor_id,
       ('9a710000-0000-4000-8000-' || lpad(a.patient::text, 12, '0'))::uuid as patient_id,
       ((date_trunc('day', now() at time zone s.time_zone) + a.day * interval '1 day' + a.local) at time zone s.time_zone) as starts_at,
       s.slot
from seed_appointments a join seed_doctors s on s.n = a.doctor;

insert into public.appointments (
  id, doctor_id, patient_id, starts_at, ends_at, status, mode, reason, patient_comment,
  cancellation_reason, cancelled_by, cancelled_at, rescheduled_from,
  call_started_at, call_answered_at, call_ended_at, created_at, confirmed_at
)
select i.id, i.doctor_id, i.patient_id, i.starts_at, i.starts_at + i.slot * interval '1 minute', a.status, a.mode,
       a.reason, a.comment, a.cancel_reason,
       case when a.status = 'cancelled' then (case when a.cancelled_by_doctor then i.doctor_id else i.patient_id end) end,
       case when a.status = 'cancelled' then least(now(), i.starts_at) - interval '1 day' end,
       (select m.id from seed_appointment_ids m where m.key = a.rescheduled_from),
       case when a.status = 'completed' and a.mode = 'video' then i.starts_at + interval '1 minute' end,
       case when a.status = 'completed' and a.mode = 'video' then i.starts_at + interval '2 minutes' end,
       case when a.status = 'completed' and a.mode = 'video' then i.starts_at + interval '19 minutes' end,
       least(now(), i.starts_at) - interval '5 days',
       -- Doctors confirm between one and seven hours after the request.
       case when a.status in ('scheduled', 'completed')
         then least(now(), i.starts_at) - interval '5 days' + (1 + abs(hashtext(a.key)) % 7) * interval '1 hour' end
from seed_appointments a join seed_appointment_ids i on i.key = a.key
order by a.rescheduled_from nulls first;

insert into public.appointment_notes (appointment_id, doctor_id, body)
select i.id, i.doctor_id, n.body
from (values
  ('p1-d1-past', 'Exertional chest tightness; ECG normal. Ordered stress test. Consider beta blocker if positive.'),
  ('p2-d1-past', 'BP 148/92 on amlodipine 5 mg. Increase to 10 mg, recheck in 4 weeks.'),
  ('p3-d7-past', 'Sleep-onset insomnia, exam stress. Sleep hygiene advice; CBT-I referral offered.')
) as n(key, body)
join seed_appointment_ids i on i.key = n.key;

insert into public.reviews (appointment_id, rating, comment, created_at)
select i.id, r.rating, r.comment, i.starts_at + interval '1 day'
from (values
  ('p1-d1-past', 5, 'Listened carefully and explained every test.'),
  ('p1-d3-past', 4, 'Quick diagnosis from photos, cream worked.'),
  ('p2-d1-past', 4, 'Thorough, a little rushed at the end.'),
  ('p2-d5-past', 5, 'Wonderful with my daughter.'),
  ('p3-d7-past', 3, 'Helpful advice, connection dropped twice.'),
  ('p5-d2-past', 5, 'Reassuring and clear.'),
  ('p6-d9-past', 4, 'Good follow-up plan for my migraines.')
) as r(key, rating, comment)
join seed_appointment_ids i on i.key = r.key;

-- Conversations: `minutes_ago` counts back from now; the patient speaks first.
insert into public.messages (sender_id, receiver_id, body, created_at, read_at)
select case when m.from_patient then i.patient_id else i.doctor_id end,
       case when m.from_patient then i.doctor_id else i.patient_id end,
       m.body, now() - m.minutes_ago * interval '1 minute',
       case when m.read then now() - m.minutes_ago * interval '1 minute' + interval '2 minutes' end
from (values
  ('p1-d1-next', true, 'Hello doctor, I uploaded the stress test results to my file.', 2880, true),
  ('p1-d1-next', false, 'Thanks Priya, I will go through them before our call.', 2800, true),
  ('p1-d1-next', true, 'Should I keep taking the aspirin until then?', 90, true),
  ('p1-d1-next', false, 'Yes, keep it as prescribed. We will review on the call.', 60, false),
  ('p1-d3-past', true, 'The rash is fading, thank you!', 20000, true),
  ('p1-d3-past', false, 'Great to hear. Keep using the cream for one more week.', 19900, true),
  ('p2-d7-new', true, 'Sorry for moving our appointment, work came up.', 1500, true),
  ('p2-d7-new', false, 'No problem at all, see you then.', 1400, false),
  ('p3-d7-past', true, 'The breathing exercise helps a lot before bed.', 4000, true),
  ('p4-d3-next', true, 'Should I send photos of my hands before the chat?', 300, false),
  ('p6-d12-next', true, 'I travel to Kenya next month, which vaccines do I need?', 45, false)
) as m(key, from_patient, body, minutes_ago, read)
join seed_appointment_ids i on i.key = m.key;
