-- Appointments between a patient and a doctor, and the doctor's private notes on them.
-- Invariants live here: no overlapping active appointments (exclusion constraints), status
-- moves only along allowed transitions (trigger), and the API cannot write status directly.

create table public.appointments (
  id uuid primary key default gen_random_uuid(),
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  patient_id uuid not null references public.patients (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status public.appointment_status not null default 'pending',
  mode public.consultation_mode not null,
  reason text constraint appointment_reason_length check (char_length(reason) <= 500),
  patient_comment text constraint appointment_patient_comment_length check (char_length(patient_comment) <= 1000),
  cancellation_reason text constraint appointment_cancellation_reason_length check (char_length(cancellation_reason) <= 500),
  cancelled_by uuid references public.profiles (id) on delete set null,
  cancelled_at timestamptz,
  rescheduled_from uuid unique references public.appointments (id) on delete set null,
  -- Call log for video consultations (written by the call feature's functions).
  call_started_at timestamptz,
  call_answered_at timestamptz,
  call_ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint appointment_ends_after_start check (ends_at > starts_at),
  constraint appointment_at_most_4_hours check (ends_at - starts_at <= interval '4 hours'),
  constraint appointment_doctor_no_overlap exclude using gist (
    doctor_id with =, tstzrange(starts_at, ends_at) with &&
  ) where (status in ('pending', 'scheduled')),
  constraint appointment_patient_no_overlap exclude using gist (
    patient_id with =, tstzrange(starts_at, ends_at) with &&
  ) where (status in ('pending', 'scheduled'))
);

create index appointments_doctor_starts_idx on public.appointments (doctor_id, starts_at);
create index appointments_patient_starts_idx on public.appointments (patient_id, starts_at);

create trigger appointments_updated_at before update on public.appointments
  for each row execute function public.set_updated_at();

-- Allowed moves: pending → scheduled | cancelled | rescheduled; scheduled → completed |
-- cancelled | rescheduled; the last three are final. Applies to every writer, RPCs included.
create function public.guard_appointment_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.doctor_id <> old.doctor_id or new.patient_id <> old.patient_id then
    raise exception 'an appointment''s doctor and patient cannot be changed' using errcode = '42501';
  end if;
  if new.status is distinct from old.status and not (
    (old.status = 'pending' and new.status in ('scheduled', 'cancelled', 'rescheduled'))
    or (old.status = 'scheduled' and new.status in ('completed', 'cancelled', 'rescheduled'))
  ) then
    raise exception 'an appointment cannot go from % to %', old.status, new.status using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger appointments_guard_update before update on public.appointments
  for each row execute function public.guard_appointment_update();

-- Does the signed-in user share an appointment (any status) with `other`? Only ever about the
-- caller, so it cannot be used to probe who sees which doctor. SECURITY DEFINER because
-- policies on profiles/patients need it without recursing into appointments' own RLS.
create function public.shares_appointment_with(other uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.appointments a
    where (a.doctor_id = (select auth.uid()) and a.patient_id = other)
       or (a.patient_id = (select auth.uid()) and a.doctor_id = other)
  )
$$;

-- Is the signed-in user the patient or the doctor of this appointment?
create function public.is_appointment_participant(appointment uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.appointments a
    where a.id = appointment and (select auth.uid()) in (a.doctor_id, a.patient_id)
  )
$$;

-- The doctor's private notes sit in their own table: a patient has no grant path to them at all.
create table public.appointment_notes (
  appointment_id uuid primary key references public.appointments (id) on delete cascade,
  doctor_id uuid not null default auth.uid() references public.doctors (id) on delete cascade,
  body text not null constraint appointment_note_length check (char_length(body) between 1 and 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index appointment_notes_doctor_idx on public.appointment_notes (doctor_id);
create trigger appointment_notes_updated_at before update on public.appointment_notes
  for each row execute function public.set_updated_at();

alter table public.appointments enable row level security;
alter table public.appointment_notes enable row level security;

revoke all on public.appointments, public.appointment_notes from anon, authenticated;
grant all on public.appointments, public.appointment_notes to service_role;

-- Appointments are created by request_appointment() and change status only through
-- SECURITY DEFINER functions, so the API role has no INSERT and no UPDATE on status.
grant select on public.appointments to authenticated;
grant update (reason, patient_comment) on public.appointments to authenticated;
create policy "participants read their appointments" on public.appointments
  for select to authenticated using ((select auth.uid()) in (doctor_id, patient_id));
create policy "patients edit the details of open appointments" on public.appointments
  for update to authenticated
  using (patient_id = (select auth.uid()) and status in ('pending', 'scheduled'))
  with check (patient_id = (select auth.uid()) and status in ('pending', 'scheduled'));

grant select, insert (appointment_id, doctor_id, body), update (body), delete on public.appointment_notes to authenticated;
create policy "doctors read their notes" on public.appointment_notes
  for select to authenticated using (doctor_id = (select auth.uid()));
create policy "doctors write notes on their appointments" on public.appointment_notes
  for insert to authenticated with check (
    doctor_id = (select auth.uid())
    and exists (select 1 from public.appointments a where a.id = appointment_id and a.doctor_id = (select auth.uid()))
  );
create policy "doctors edit their notes" on public.appointment_notes
  for update to authenticated using (doctor_id = (select auth.uid())) with check (doctor_id = (select auth.uid()));
create policy "doctors delete their notes" on public.appointment_notes
  for delete to authenticated using (doctor_id = (select auth.uid()));

-- People who share an appointment see each other's profile; doctors see their patients'
-- medical profile. Nobody else does.
create policy "care partners read each other's profile" on public.profiles
  for select to authenticated using (public.shares_appointment_with(id));
create policy "doctors read their patients' medical profile" on public.patients
  for select to authenticated using (public.shares_appointment_with(id));

-- Books an appointment for the signed-in patient. Times are text so that a value without a
-- time zone offset is refused rather than guessed. The book-appointment Edge Function calls
-- this (after checking the slot against the schedule); the constraints hold either way.
create function public.request_appointment(
  doctor_id uuid,
  starts_at text,
  ends_at text,
  mode public.consultation_mode,
  reason text default null,
  patient_comment text default null
) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  starts timestamptz := public.parse_instant(starts_at, 'starts_at');
  ends timestamptz := public.parse_instant(ends_at, 'ends_at');
  doctor public.doctors;
  booked public.appointments;
begin
  if me is null or not exists (select 1 from public.patients p where p.id = me) then
    raise exception 'only a signed-in patient can book an appointment' using errcode = '42501';
  end if;
  select * into doctor from public.doctors d where d.id = request_appointment.doctor_id;
  if not found or not doctor.is_active then
    raise exception 'doctor % is not taking appointments', request_appointment.doctor_id using errcode = 'P0002';
  end if;
  if not (request_appointment.mode = any (doctor.consultation_modes)) then
    raise exception 'this doctor does not offer % consultations', request_appointment.mode using errcode = '22023';
  end if;
  if starts <= now() then
    raise exception 'starts_at must be in the future' using errcode = '22023';
  end if;

  insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, mode, reason, patient_comment)
  values (doctor.id, me, starts, ends, request_appointment.mode, request_appointment.reason,
          request_appointment.patient_comment)
  returning * into booked;
  return booked;
exception
  when exclusion_violation then
    raise exception '%', case when sqlerrm like '%appointment_doctor_no_overlap%'
        then 'the doctor already has an appointment at that time'
        else 'you already have an appointment at that time' end
      using errcode = '23P01';
end
$$;

revoke execute on function public.guard_appointment_update() from public, anon, authenticated;
revoke execute on function public.request_appointment(uuid, text, text, public.consultation_mode, text, text) from public, anon;
grant execute on function public.request_appointment(uuid, text, text, public.consultation_mode, text, text)
  to authenticated, service_role;
revoke execute on function public.shares_appointment_with(uuid), public.is_appointment_participant(uuid) from public, anon;
grant execute on function public.shares_appointment_with(uuid), public.is_appointment_participant(uuid)
  to authenticated, service_role;
