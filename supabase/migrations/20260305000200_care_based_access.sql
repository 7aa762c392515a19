-- Care-based access (security audit, March 2026). Access to medical data follows care, not
-- history; the API roles get only the functions they need; refusals answer 4xx with stable codes.
--
-- "In care" (public.in_care_with): a pending or scheduled appointment, or a completed one that
-- ended less than public.care_follow_up() (90 days) ago. The 90 days cover follow-up questions,
-- results and a prescription after a visit; after that a doctor who is not seeing the patient
-- again has no need for their current DOB, allergies or emergency contact, and a new booking
-- (pending) restores access at once. Declined, cancelled and rescheduled appointments never count.
--
-- What follows care, deliberately, place by place:
--   patients (DOB, gender, blood group, allergies, emergency contact) ... in care
--   sending messages (policy + check_new_message) ....................... in care
--   uploading chat images, typing indicator (can_write_conversation) .... in care
--   reading messages and chat images (can_access_conversation) ......... history: the two people
--     keep their own conversation, also after a completed visit; nothing new is disclosed
--   the conversations list (my_conversations) ........................... care ever had, or messages
--   profiles: name and avatar ........................................... any appointment (the
--     appointment rows stay visible to their two people, and show who they were with)
--   profiles.phone ...................................................... pending/scheduled only,
--     through public.contact_phone(); the column is no longer selectable by authenticated
--   appointment_notes ................................................... the doctor's own notes on
--     their own appointments, any status (a no-show note on a cancelled visit is legitimate)
--   reviews ............................................................. completed visits only
--   call:<id> topic ..................................................... scheduled video visit
--     inside its call window (20260304000100_calls.sql)
--
-- Error catalogue. Every refusal the RPCs raise carries a stable machine code in HINT (the app
-- maps it; MESSAGE is the sentence for people) and a SQLSTATE PostgREST answers with a 4xx
-- (https://postgrest.org/en/v12/references/errors.html: PTxyz → HTTP xyz, P0001 → 400,
-- 42501 → 401/403, class 22/23 → 400, 23P01 → 409):
--   not_found               PT404  no such appointment or doctor, or not yours to see
--   not_allowed             42501  signed in as the wrong person or role
--   invalid_transition      PT409  the appointment's status does not allow this
--   too_late                PT409  the appointment's time has passed or it has started
--   outside_call_window     PT409  calls open 10 minutes before and close 30 minutes after
--   slot_taken              23P01  another active appointment holds the time
--   slot_unavailable        P0001  not one of the doctor's open slots (or too soon, too far)
--   invalid_input           22023  a value is missing, too long or not one of the choices
--   idempotency_key_reused  PT422  the key was used for a different booking

-- Functions created from now on are not executable by anon (nor PUBLIC) unless granted. The
-- platform's own defaults for supabase_admin are not the project's to change; every function
-- this project creates is created by postgres. supabase/tests/privileges.test.ts checks it.
alter default privileges for role postgres revoke execute on functions from public;
alter default privileges for role postgres in schema public revoke execute on functions from anon;

-- The lifecycle RPCs were revoked from PUBLIC only; anon kept them through the default grant.
revoke execute on function public.request_appointment(uuid, text, public.consultation_mode, text, text),
  public.confirm_appointment(uuid), public.decline_appointment(uuid, text), public.cancel_appointment(uuid, text),
  public.reschedule_appointment(uuid, text, text), public.complete_appointment(uuid)
  from anon;
-- An internal helper of the lifecycle RPCs (it was executable through PUBLIC).
revoke execute on function public.require_reason(text) from public, anon;
grant execute on function public.require_reason(text) to authenticated, service_role;

create function public.care_follow_up() returns interval
language sql immutable
set search_path = ''
as $$ select interval '90 days' $$;

/** Is the signed-in user in care with `other` (see the top of this file)? Only ever about the caller. */
create function public.in_care_with(other uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.appointments a
    where ((a.doctor_id = (select auth.uid()) and a.patient_id = other)
        or (a.patient_id = (select auth.uid()) and a.doctor_id = other))
      and (a.status in ('pending', 'scheduled')
           or (a.status = 'completed' and a.ends_at > now() - public.care_follow_up()))
  )
$$;

-- Phone numbers: the person themself, and whoever has an open (pending or scheduled)
-- appointment with them. Null otherwise, so "no phone" and "not yours" look the same.
revoke select on public.profiles from authenticated;
grant select (id, role, full_name, avatar_path, created_at, updated_at) on public.profiles to authenticated;

/** The phone number of `person`, for themself and for the other side of an open appointment; else null. */
create function public.contact_phone(person uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select p.phone from public.profiles p
  where p.id = person
    and (p.id = (select auth.uid()) or exists (
      select 1 from public.appointments a
      where a.status in ('pending', 'scheduled')
        and ((a.doctor_id = (select auth.uid()) and a.patient_id = person)
          or (a.patient_id = (select auth.uid()) and a.doctor_id = person))
    ))
$$;

-- Medical profile: in care, not any past request.
drop policy "doctors read their patients' medical profile" on public.patients;
create policy "doctors read the medical profile of patients in their care" on public.patients
  for select to authenticated using (public.in_care_with(id));

-- Messages: new ones only in care; reading stays with the two people ("participants read their messages").
drop policy "users message people they share an appointment with" on public.messages;
create policy "users message people in their care" on public.messages
  for insert to authenticated
  with check (sender_id = (select auth.uid()) and public.in_care_with(receiver_id));

create or replace function public.check_new_message() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is null then
    return new;
  end if;
  if new.sender_id is distinct from auth.uid() then
    raise exception 'sender_id must be your own user id' using errcode = '42501', hint = 'not_allowed';
  end if;
  if not public.in_care_with(new.receiver_id) then
    raise exception 'you can only message a doctor or patient you have an appointment with'
      using errcode = '42501', hint = 'not_allowed';
  end if;
  return new;
end
$$;

/** May the signed-in user add to this conversation (upload a picture, type)? One of its two people, in care. */
create function public.can_write_conversation(conversation_key text) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  if not public.can_access_conversation(conversation_key) then
    return false;
  end if;
  return public.in_care_with(case when split_part(conversation_key, '_', 1)::uuid = me
    then split_part(conversation_key, '_', 2)::uuid else split_part(conversation_key, '_', 1)::uuid end);
end
$$;

drop policy "participants upload chat images" on storage.objects;
create policy "participants in care upload chat images" on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'chat-images'
    and array_length(storage.foldername(name), 1) = 1
    and public.can_write_conversation((storage.foldername(name))[1])
  );
drop policy "uploaders replace their chat images" on storage.objects;
create policy "uploaders in care replace their chat images" on storage.objects
  for update to authenticated
  using (bucket_id = 'chat-images' and owner_id = (select auth.uid())::text
         and public.can_write_conversation((storage.foldername(name))[1]))
  with check (bucket_id = 'chat-images' and owner_id = (select auth.uid())::text
              and public.can_write_conversation((storage.foldername(name))[1]));

create or replace function public.can_use_typing_topic(topic text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select topic like 'typing:%' and public.can_write_conversation(substr(topic, 8))
$$;

-- Booking and the lifecycle, re-raised with the catalogue's codes (same sentences as before).
create or replace function public.insert_appointment(
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
  if mode is null or not (mode = any (doctor.consultation_modes)) then
    raise exception 'This doctor does not offer % consultations.', coalesce(mode::text, 'these')
      using errcode = '22023', hint = 'invalid_input';
  end if;
  if problem = 'taken' then
    raise exception 'That slot was just taken. Please pick another one.' using errcode = '23P01', hint = 'slot_taken';
  elsif problem is not null then
    raise exception '%', problem using errcode = 'P0001', hint = 'slot_unavailable';
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
    raise exception 'That slot was just taken. Please pick another one.' using errcode = '23P01', hint = 'slot_taken';
end
$$;

-- A replay must be the same request: the same key with another doctor, time, mode or reason is
-- a client bug that would otherwise silently answer with the first booking.
create function public.replay_booking(
  booked public.appointments,
  doctor_id uuid,
  starts timestamptz,
  mode public.consultation_mode,
  reason text
) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  if (booked.doctor_id, booked.starts_at, booked.mode, coalesce(booked.reason, ''))
     is distinct from (replay_booking.doctor_id, starts, replay_booking.mode, coalesce(nullif(btrim(replay_booking.reason), ''), ''))
  then
    raise exception 'This idempotency key was already used for a different booking. Start a new booking to book another time.'
      using errcode = 'PT422', hint = 'idempotency_key_reused';
  end if;
  return jsonb_build_object('appointment', to_jsonb(booked), 'created', false);
end
$$;

create or replace function public.request_appointment(
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
  starts timestamptz;
  doctor public.doctors;
  booked public.appointments;
begin
  if me is null or not exists (select 1 from public.patients p where p.id = me) then
    raise exception 'Only a signed-in patient can book an appointment.' using errcode = '42501', hint = 'not_allowed';
  end if;
  starts := public.parse_instant(request_appointment.starts_at, 'starts_at');
  if request_appointment.idempotency_key is not null then
    -- Retries of one request run one after another, so the second finds the first's booking.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(me::text || ':' || request_appointment.idempotency_key, 0));
    select * into booked from public.appointments a
    where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
    if found then
      return public.replay_booking(booked, request_appointment.doctor_id, starts, request_appointment.mode,
        request_appointment.reason);
    end if;
  end if;
  select * into doctor from public.doctors d where d.id = request_appointment.doctor_id and d.is_active;
  if not found then
    raise exception 'This doctor does not exist or is not taking appointments.' using errcode = 'PT404', hint = 'not_found';
  end if;
  begin
    booked := public.insert_appointment(doctor, me, starts, request_appointment.mode,
      nullif(btrim(request_appointment.reason), ''), 'pending', request_appointment.idempotency_key, null);
  exception
    when unique_violation then
      -- The same idempotency key won a race a moment ago: answer with that appointment.
      select * into booked from public.appointments a
      where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
      return public.replay_booking(booked, request_appointment.doctor_id, starts, request_appointment.mode,
        request_appointment.reason);
  end;
  return jsonb_build_object('appointment', to_jsonb(booked), 'created', true);
end
$$;

create or replace function public.appointment_for_change(appointment_id uuid, allowed text) returns public.appointments
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
    raise exception 'Appointment not found.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if allowed = 'doctor' and me <> visit.doctor_id then
    raise exception 'Only the doctor can do this.' using errcode = '42501', hint = 'not_allowed';
  end if;
  return visit;
end
$$;

create or replace function public.require_reason(reason text) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if reason is null or char_length(btrim(reason)) < 3 then
    raise exception 'Please give a reason (at least 3 characters).' using errcode = '22023', hint = 'invalid_input';
  end if;
  if char_length(reason) > 500 then
    raise exception 'Keep the reason under 500 characters.' using errcode = '22023', hint = 'invalid_input';
  end if;
  return btrim(reason);
end
$$;

create or replace function public.confirm_appointment(appointment_id uuid) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
begin
  if visit.status <> 'pending' then
    raise exception 'Only pending requests can be confirmed; this appointment is %.', visit.status
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This request''s time has passed; it can no longer be confirmed.'
      using errcode = 'PT409', hint = 'too_late';
  end if;
  update public.appointments a set status = 'scheduled' where a.id = visit.id returning * into visit;
  return visit;
end
$$;

create or replace function public.decline_appointment(appointment_id uuid, reason text) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
  why text := public.require_reason(reason);
begin
  if visit.status <> 'pending' then
    raise exception 'Only pending requests can be declined; this appointment is %.', visit.status
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  update public.appointments a
  set status = 'cancelled', cancellation_reason = why, cancelled_by = (select auth.uid()), cancelled_at = now()
  where a.id = visit.id returning * into visit;
  return visit;
end
$$;

create or replace function public.cancel_appointment(appointment_id uuid, reason text) returns public.appointments
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
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This appointment has already started; it can no longer be cancelled.'
      using errcode = 'PT409', hint = 'too_late';
  end if;
  update public.appointments a
  set status = 'cancelled', cancellation_reason = why, cancelled_by = (select auth.uid()), cancelled_at = now()
  where a.id = visit.id returning * into visit;
  return visit;
end
$$;

create or replace function public.reschedule_appointment(appointment_id uuid, starts_at text, reason text default null)
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
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if visit.starts_at <= now() then
    raise exception 'This appointment has already started; it can no longer be rescheduled.'
      using errcode = 'PT409', hint = 'too_late';
  end if;
  if char_length(reschedule_appointment.reason) > 500 then
    raise exception 'Keep the reason under 500 characters.' using errcode = '22023', hint = 'invalid_input';
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

create or replace function public.complete_appointment(appointment_id uuid) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.appointment_for_change(appointment_id, 'doctor');
begin
  if visit.status <> 'scheduled' then
    raise exception 'Only scheduled appointments can be completed; this one is %.', visit.status
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if visit.starts_at > now() then
    raise exception 'An appointment can be completed only after it has started.'
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  update public.appointments a set status = 'completed' where a.id = visit.id returning * into visit;
  return visit;
end
$$;

create or replace function public.record_call_event(appointment_id uuid, event text)
returns table (call_started_at timestamptz, call_answered_at timestamptz, call_ended_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  visit public.appointments;
  open_log boolean;
begin
  if event is null or event not in ('started', 'answered', 'ended') then
    raise exception 'Unknown call event %; expected started, answered or ended.', left(coalesce(event, 'null'), 40)
      using errcode = '22023', hint = 'invalid_input';
  end if;
  select * into visit from public.appointments a where a.id = record_call_event.appointment_id for update;
  -- Strangers learn nothing, not even whether the appointment exists.
  if not found or me is null or me not in (visit.doctor_id, visit.patient_id) then
    raise exception 'Only the patient or the doctor of this appointment can call.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if visit.mode <> 'video' then
    raise exception 'This is a chat consultation, not a video call.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if visit.status <> 'scheduled' then
    raise exception 'Only scheduled appointments can be called; this one is %.', visit.status
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  open_log := visit.call_started_at is not null and visit.call_ended_at is null;
  if not (now() <@ public.call_window(visit.starts_at, visit.ends_at)) and not (event = 'ended' and open_log) then
    raise exception 'Calls for this appointment are possible from % until %.',
      to_char(lower(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
      to_char(upper(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
      using errcode = 'PT409', hint = 'outside_call_window';
  end if;

  if event = 'started' then
    -- A ring nobody answered for over a minute is stale (the tab that made it died).
    if not open_log or (visit.call_answered_at is null and visit.call_started_at < now() - interval '1 minute') then
      update public.appointments a
        set call_started_at = now(), call_answered_at = null, call_ended_at = null
        where a.id = visit.id;
    end if;
  elsif event = 'answered' then
    if open_log and visit.call_answered_at is null then
      update public.appointments a set call_answered_at = now() where a.id = visit.id;
    end if;
  elsif open_log then
    update public.appointments a set call_ended_at = now() where a.id = visit.id;
  end if;

  return query
    select a.call_started_at, a.call_answered_at, a.call_ended_at
    from public.appointments a where a.id = visit.id;
end
$$;

-- Explicit grants for the functions created here (the default privileges above give anon none).
revoke execute on function public.replay_booking(public.appointments, uuid, timestamptz, public.consultation_mode, text)
  from public, anon, authenticated;
-- can_write_conversation is called by storage policies as the signed-in user; like the others
-- here it answers only about the caller.
revoke execute on function public.care_follow_up(), public.in_care_with(uuid), public.contact_phone(uuid),
  public.can_write_conversation(text) from public, anon;
grant execute on function public.care_follow_up(), public.in_care_with(uuid), public.contact_phone(uuid),
  public.can_write_conversation(text) to authenticated, service_role;

-- The conversations list: people the caller is or was in care with (pending, scheduled or
-- completed visits), plus anyone they already exchanged messages with, so history stays
-- reachable. A request that was only declined or cancelled opens no conversation.
create or replace function public.my_conversations()
returns table (
  other_id uuid,
  full_name text,
  avatar_path text,
  role public.user_role,
  conversation_key text,
  last_body text,
  last_has_image boolean,
  last_at timestamptz,
  last_sender_id uuid,
  unread_count integer
)
language sql stable
security invoker
set search_path = ''
as $$
  with me as (select auth.uid() as id),
  links as (
    select case when a.doctor_id = me.id then a.patient_id else a.doctor_id end as other_id, a.created_at as since
    from public.appointments a, me
    where me.id in (a.doctor_id, a.patient_id) and a.status in ('pending', 'scheduled', 'completed')
    union all
    select case when m.sender_id = me.id then m.receiver_id else m.sender_id end, m.created_at
    from public.messages m, me
    where me.id in (m.sender_id, m.receiver_id)
  ),
  partners as (
    select links.other_id, max(links.since) as since from links group by 1
  )
  select p.id, p.full_name, p.avatar_path, p.role,
         least(me.id, p.id)::text || '_' || greatest(me.id, p.id)::text,
         last.body, last.image_path is not null, last.created_at, last.sender_id,
         (select count(*)::integer from public.messages u
          where u.receiver_id = me.id and u.sender_id = p.id and u.read_at is null)
  from partners
  cross join me
  join public.profiles p on p.id = partners.other_id
  left join lateral (
    select m.body, m.image_path, m.created_at, m.sender_id from public.messages m
    where m.conversation_key = least(me.id, p.id)::text || '_' || greatest(me.id, p.id)::text
    order by m.created_at desc, m.id desc
    limit 1
  ) last on true
  order by coalesce(last.created_at, partners.since) desc, p.full_name
$$;
