-- Booking: free slots computed from the doctor's schedule in the doctor's time zone, one
-- database entry point for new bookings (with idempotency), and the appointment lifecycle.
-- Every status change goes through a SECURITY DEFINER function here; the API roles have no
-- UPDATE on status, and guard_appointment_update() refuses illegal moves from any writer.

-- How far ahead a slot must be, and how far ahead one may book.
create function public.booking_min_notice() returns interval
language sql immutable
set search_path = ''
as $$ select interval '1 hour' $$;

create function public.booking_horizon() returns interval
language sql immutable
set search_path = ''
as $$ select interval '60 days' $$;

alter table public.appointments
  add column idempotency_key text
    constraint appointment_idempotency_key_format check (idempotency_key ~ '^[A-Za-z0-9_-]{8,100}$');
create unique index appointments_patient_idempotency_key_idx
  on public.appointments (patient_id, idempotency_key) where idempotency_key is not null;

-- The doctor's slot grid in [range_start, range_end), before bookings: weekly rules and
-- extra hours, minus days off, as instants. A wall-clock start that does not exist (the hour
-- skipped when clocks spring forward) is never offered; a slot always lasts slot_minutes of
-- real time, even across a clock change.
create function public.schedule_slots(doctor_id uuid, range_start timestamptz, range_end timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz)
language sql stable
security definer
set search_path = ''
as $$
  with doctor as (
    select d.id, d.time_zone as tz, make_interval(mins => d.slot_minutes) as slot
    from public.doctors d
    where d.id = schedule_slots.doctor_id and d.is_active
  ),
  days as (
    select doctor.*, day::date as day
    from doctor,
      generate_series((range_start at time zone doctor.tz)::date,
                      (range_end at time zone doctor.tz)::date, interval '1 day') day
  ),
  windows as (
    select days.id, days.tz, days.slot, days.day, a.start_time, a.end_time
    from days
    join public.doctor_availability a on a.doctor_id = days.id and a.weekday = extract(dow from days.day)
    where not exists (
      select 1 from public.doctor_availability_exceptions e
      where e.doctor_id = days.id and e.date = days.day and e.kind = 'day_off' and e.start_time is null
    )
    union all
    select days.id, days.tz, days.slot, days.day, e.start_time, e.end_time
    from days
    join public.doctor_availability_exceptions e
      on e.doctor_id = days.id and e.date = days.day and e.kind = 'extra_hours'
  ),
  candidates as (
    select w.id, w.tz, w.slot, local_start, w.day
    from windows w,
      generate_series(w.day + w.start_time, w.day + w.end_time - w.slot, w.slot) local_start
  ),
  instants as (
    select c.*, (c.local_start at time zone c.tz) as s, (c.local_start at time zone c.tz) + c.slot as e
    from candidates c
  )
  select distinct i.s, i.e
  from instants i
  where i.s >= range_start and i.s < range_end
    and (i.s at time zone i.tz) = i.local_start
    and not exists (
      select 1 from public.doctor_availability_exceptions e
      where e.doctor_id = i.id and e.date = i.day and e.kind = 'day_off' and e.start_time is not null
        and tsrange(e.date + e.start_time, e.date + e.end_time) && tsrange(i.local_start, i.local_start + i.slot)
    )
$$;

/**
 * Free slots of a doctor in [range_start, range_end): the schedule grid minus active bookings
 * (the doctor's, and the caller's own), within the booking notice and horizon. Instants, so the
 * app shows them in the viewer's zone.
 */
create function public.available_slots(doctor_id uuid, range_start timestamptz, range_end timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz)
language sql stable
security definer
set search_path = ''
as $$
  with bounds as (
    select greatest(available_slots.range_start, now() + public.booking_min_notice()) as lo,
           least(available_slots.range_end, now() + public.booking_horizon()) as hi
  ),
  -- Every active booking of the doctor or the caller in the range, as one multirange, so each
  -- candidate slot is one overlap test however many bookings there are.
  busy as (
    select coalesce(range_agg(tstzrange(a.starts_at, a.ends_at)), '{}'::tstzmultirange) as ranges
    from public.appointments a, bounds
    where a.status in ('pending', 'scheduled')
      and (a.doctor_id = available_slots.doctor_id or a.patient_id = (select auth.uid()))
      and a.ends_at > bounds.lo and a.starts_at < bounds.hi
  )
  select g.starts_at, g.ends_at
  from bounds, busy, public.schedule_slots(available_slots.doctor_id, bounds.lo, bounds.hi) g
  where not (busy.ranges && tstzrange(g.starts_at, g.ends_at))
  order by g.starts_at
$$;

-- Why a start time cannot be booked with a doctor, in words a patient understands; null when
-- it can. `ignore` is an appointment being rescheduled, whose own time does not count as taken.
create function public.slot_problem(doctor_id uuid, starts timestamptz, ignore uuid default null)
returns text
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  slot record;
begin
  if starts < now() then
    return 'That time has already passed. Please pick a later slot.';
  end if;
  if starts < now() + public.booking_min_notice() then
    return 'Appointments must be booked at least ' || (extract(epoch from public.booking_min_notice()) / 60)::int || ' minutes ahead.';
  end if;
  if starts >= now() + public.booking_horizon() then
    return 'Appointments can be booked at most ' || extract(day from public.booking_horizon())::int || ' days ahead.';
  end if;
  select * into slot from public.schedule_slots(slot_problem.doctor_id, starts, starts + interval '1 second') g
  where g.starts_at = starts;
  if not found then
    return 'That time is not one of the doctor''s open slots. Please pick a slot from the list.';
  end if;
  if exists (
    select 1 from public.appointments a
    where a.status in ('pending', 'scheduled') and a.id is distinct from ignore and a.doctor_id = slot_problem.doctor_id
      and tstzrange(a.starts_at, a.ends_at) && tstzrange(slot.starts_at, slot.ends_at)
  ) or exists (
    select 1 from public.appointments a
    where a.status in ('pending', 'scheduled') and a.id is distinct from ignore and a.patient_id = (select auth.uid())
      and tstzrange(a.starts_at, a.ends_at) && tstzrange(slot.starts_at, slot.ends_at)
  ) then
    return 'taken';
  end if;
  return null;
end
$$;

-- Inserts a pending appointment for the caller after checking the slot; shared by booking and
-- rescheduling. Exclusion constraints settle races: the loser gets 23P01.
create function public.insert_appointment(
  doctor public.doctors,
  patient_id uuid,
  starts timestamptz,
  mode public.consultation_mode,
  reason text,
  status public.appointment_status,
  idempotency_key text,
  rescheduled_from uuid
) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  problem text := public.slot_problem(doctor.id, starts, rescheduled_from);
  booked public.appointments;
begin
  if not (mode = any (doctor.consultation_modes)) then
    raise exception 'This doctor does not offer % consultations.', mode using errcode = '22023';
  end if;
  if problem = 'taken' then
    raise exception 'That slot was just taken. Please pick another one.' using errcode = '23P01';
  elsif problem is not null then
    raise exception '%', problem using errcode = 'P0001';
  end if;
  insert into public.appointments
    (doctor_id, patient_id, starts_at, ends_at, status, mode, reason, idempotency_key, rescheduled_from)
  values
    (doctor.id, insert_appointment.patient_id, starts, starts + make_interval(mins => doctor.slot_minutes),
     insert_appointment.status, mode, reason, idempotency_key, rescheduled_from)
  returning * into booked;
  return booked;
exception
  when exclusion_violation then
    raise exception 'That slot was just taken. Please pick another one.' using errcode = '23P01';
end
$$;

drop function public.request_appointment(uuid, text, text, public.consultation_mode, text, text);

/**
 * Books a slot for the signed-in patient: `{appointment, created}`. A retried request with the
 * same idempotency key returns the first appointment (created = false) instead of a second one.
 */
create function public.request_appointment(
  doctor_id uuid,
  starts_at text,
  mode public.consultation_mode,
  reason text,
  idempotency_key text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  doctor public.doctors;
  booked public.appointments;
begin
  if me is null or not exists (select 1 from public.patients p where p.id = me) then
    raise exception 'Only a signed-in patient can book an appointment.' using errcode = '42501';
  end if;
  if idempotency_key is not null then
    -- Retries of one request run one after another, so the second finds the first's booking.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(me::text || ':' || idempotency_key, 0));
    select * into booked from public.appointments a
    where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
    if found then
      return jsonb_build_object('appointment', to_jsonb(booked), 'created', false);
    end if;
  end if;
  select * into doctor from public.doctors d where d.id = request_appointment.doctor_id and d.is_active;
  if not found then
    raise exception 'This doctor does not exist or is not taking appointments.' using errcode = 'P0002';
  end if;
  begin
    booked := public.insert_appointment(doctor, me, public.parse_instant(starts_at, 'starts_at'), mode,
      nullif(btrim(reason), ''), 'pending', idempotency_key, null);
  exception
    when unique_violation then
      -- The same idempotency key won a race a moment ago: answer with that appointment.
      select * into booked from public.appointments a
      where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
      return jsonb_build_object('appointment', to_jsonb(booked), 'created', false);
  end;
  return jsonb_build_object('appointment', to_jsonb(booked), 'created', true);
end
$$;

-- Loads an appointment for a status change, locked, and checks who is asking.
create function public.appointment_for_change(appointment_id uuid, allowed text) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  visit public.appointments;
begin
  select * into visit from public.appointments a where a.id = appointment_id for update;
  if not found or me is null or me not in (visit.doctor_id, visit.patient_id) then
    raise exception 'Appointment not found.' using errcode = 'P0002';
  end if;
  if allowed = 'doctor' and me <> visit.doctor_id then
    raise exception 'Only the doctor can do this.' using errcode = '42501';
  end if;
  return visit;
end
$$;

create function public.require_reason(reason text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if reason is null or char_length(btrim(reason)) < 3 then
    raise exception 'Please give a reason (at least 3 characters).' using errcode = '22023';
  end if;
  if char_length(reason) > 500 then
    raise exception 'Keep the reason under 500 characters.' using errcode = '22023';
  end if;
  return btrim(reason);
end
$$;

/** Doctor accepts a request: pending → scheduled. */
create function public.confirm_appointment(appointment_id uuid) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
begin
  if visit.status <> 'pending' then
    raise exception 'Only pending requests can be confirmed; this appointment is %.', visit.status using errcode = 'P0001';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This request''s time has passed; it can no longer be confirmed.' using errcode = 'P0001';
  end if;
  update public.appointments a set status = 'scheduled' where a.id = visit.id returning * into visit;
  return visit;
end
$$;

/** Doctor turns a request down: pending → cancelled, with a reason. */
create function public.decline_appointment(appointment_id uuid, reason text) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
  why text := public.require_reason(reason);
begin
  if visit.status <> 'pending' then
    raise exception 'Only pending requests can be declined; this appointment is %.', visit.status using errcode = 'P0001';
  end if;
  update public.appointments a
  set status = 'cancelled', cancellation_reason = why, cancelled_by = (select auth.uid()), cancelled_at = now()
  where a.id = visit.id returning * into visit;
  return visit;
end
$$;

/** Patient or doctor cancels before the start: pending|scheduled → cancelled, with a reason. */
create function public.cancel_appointment(appointment_id uuid, reason text) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'either');
  why text := public.require_reason(reason);
begin
  if visit.status not in ('pending', 'scheduled') then
    raise exception 'Only pending or scheduled appointments can be cancelled; this one is %.', visit.status
      using errcode = 'P0001';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This appointment has already started; it can no longer be cancelled.' using errcode = 'P0001';
  end if;
  update public.appointments a
  set status = 'cancelled', cancellation_reason = why, cancelled_by = (select auth.uid()), cancelled_at = now()
  where a.id = visit.id returning * into visit;
  return visit;
end
$$;

/**
 * Moves an appointment to a new slot in one transaction: the old one becomes `rescheduled`
 * and links to nothing; the new one links back to it. A patient's move needs the doctor's
 * confirmation again (pending); a doctor's move stays scheduled.
 */
create function public.reschedule_appointment(appointment_id uuid, starts_at text, reason text default null)
returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  visit public.appointments := public.appointment_for_change(appointment_id, 'either');
  doctor public.doctors;
  moved public.appointments;
begin
  if visit.status not in ('pending', 'scheduled') then
    raise exception 'Only pending or scheduled appointments can be rescheduled; this one is %.', visit.status
      using errcode = 'P0001';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This appointment has already started; it can no longer be rescheduled.' using errcode = 'P0001';
  end if;
  select * into doctor from public.doctors d where d.id = visit.doctor_id;
  update public.appointments a
  set status = 'rescheduled',
      cancellation_reason = nullif(btrim(coalesce(reschedule_appointment.reason, '')), ''),
      cancelled_by = me, cancelled_at = now()
  where a.id = visit.id;
  moved := public.insert_appointment(
    doctor, visit.patient_id, public.parse_instant(starts_at, 'starts_at'), visit.mode, visit.reason,
    case when me = visit.doctor_id and visit.status = 'scheduled' then 'scheduled' else 'pending' end::public.appointment_status,
    null, visit.id);
  return moved;
end
$$;

/** Doctor closes a visit that has started: scheduled → completed. */
create function public.complete_appointment(appointment_id uuid) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
begin
  if visit.status <> 'scheduled' then
    raise exception 'Only scheduled appointments can be completed; this one is %.', visit.status using errcode = 'P0001';
  end if;
  if visit.starts_at > now() then
    raise exception 'An appointment can be completed only after it has started.' using errcode = 'P0001';
  end if;
  update public.appointments a set status = 'completed' where a.id = visit.id returning * into visit;
  return visit;
end
$$;

-- Internal helpers are not part of the API.
revoke execute on function public.schedule_slots(uuid, timestamptz, timestamptz),
  public.slot_problem(uuid, timestamptz, uuid),
  public.insert_appointment(public.doctors, uuid, timestamptz, public.consultation_mode, text, public.appointment_status, text, uuid),
  public.appointment_for_change(uuid, text)
  from public, anon, authenticated;

revoke execute on function public.available_slots(uuid, timestamptz, timestamptz),
  public.request_appointment(uuid, text, public.consultation_mode, text, text),
  public.confirm_appointment(uuid), public.decline_appointment(uuid, text), public.cancel_appointment(uuid, text),
  public.reschedule_appointment(uuid, text, text), public.complete_appointment(uuid)
  from public;
grant execute on function public.available_slots(uuid, timestamptz, timestamptz) to anon, authenticated, service_role;
grant execute on function public.request_appointment(uuid, text, public.consultation_mode, text, text),
  public.confirm_appointment(uuid), public.decline_appointment(uuid, text), public.cancel_appointment(uuid, text),
  public.reschedule_appointment(uuid, text, text), public.complete_appointment(uuid)
  to authenticated, service_role;
grant execute on function public.booking_min_notice(), public.booking_horizon(), public.require_reason(text)
  to anon, authenticated, service_role;
