-- Video calls: when a call may be made, and the call log (started, answered, ended) on the
-- appointment. Signaling itself is Realtime broadcast on the private topic `call:<id>`
-- (20260301000900_realtime.sql); this file only records what happened, through one
-- SECURITY DEFINER function, because the API roles have no UPDATE on the call columns.

-- The call window: calls open this long before an appointment starts…
create function public.call_opens_before() returns interval
language sql immutable
set search_path = ''
as $$ select interval '10 minutes' $$;

-- …and close this long after it ends (consultations often run over).
create function public.call_closes_after() returns interval
language sql immutable
set search_path = ''
as $$ select interval '30 minutes' $$;

/** When calls for an appointment with these times are allowed, as [opens, closes). */
create function public.call_window(starts_at timestamptz, ends_at timestamptz) returns tstzrange
language sql immutable
set search_path = ''
as $$ select tstzrange(starts_at - public.call_opens_before(), ends_at + public.call_closes_after(), '[)') $$;

/**
 * Stamps one event of the call log of a video appointment, for one of its two people, inside
 * the call window. `started` opens a new log unless a call is already under way (so glare,
 * both sides calling at once, keeps the first); `answered` and `ended` only fill an open log.
 * `ended` is also accepted after the window closed, so a call that ran over still gets its end.
 */
create function public.record_call_event(appointment_id uuid, event text)
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
    raise exception 'Unknown call event %; expected started, answered or ended.', coalesce(event, 'null')
      using errcode = '22023';
  end if;
  select * into visit from public.appointments a where a.id = record_call_event.appointment_id for update;
  -- Strangers learn nothing, not even whether the appointment exists.
  if not found or me is null or me not in (visit.doctor_id, visit.patient_id) then
    raise exception 'Only the patient or the doctor of this appointment can call.' using errcode = '42501';
  end if;
  if visit.mode <> 'video' then
    raise exception 'This is a chat consultation, not a video call.' using errcode = '22023';
  end if;
  if visit.status <> 'scheduled' then
    raise exception 'Only scheduled appointments can be called; this one is %.', visit.status using errcode = 'P0001';
  end if;
  open_log := visit.call_started_at is not null and visit.call_ended_at is null;
  if not (now() <@ public.call_window(visit.starts_at, visit.ends_at)) and not (event = 'ended' and open_log) then
    raise exception 'Calls for this appointment are possible from % until %.',
      to_char(lower(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
      to_char(upper(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
      using errcode = 'P0001';
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

/**
 * Who may join the signaling topic `call:<id>`: its patient and doctor, and only while the
 * appointment is a scheduled video consultation whose call window is open. (Replaces the
 * participants-only version of 20260301000900_realtime.sql; Realtime checks this on join.)
 */
create or replace function public.can_use_call_topic(topic text) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  if me is null or topic is null
    or topic !~ '^call:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  return exists (
    select 1 from public.appointments a
    where a.id = substr(topic, 6)::uuid
      and me in (a.doctor_id, a.patient_id)
      and a.mode = 'video'
      and a.status = 'scheduled'
      and now() <@ public.call_window(a.starts_at, a.ends_at)
  );
end
$$;

revoke execute on function public.call_opens_before(), public.call_closes_after(),
  public.call_window(timestamptz, timestamptz) from public;
grant execute on function public.call_opens_before(), public.call_closes_after(),
  public.call_window(timestamptz, timestamptz) to anon, authenticated, service_role;
revoke execute on function public.record_call_event(uuid, text) from public, anon;
grant execute on function public.record_call_event(uuid, text) to authenticated, service_role;
