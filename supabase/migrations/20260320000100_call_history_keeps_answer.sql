-- The call log must not forget an answered call. Before this, a ring after an answered call
-- (declined, missed, or the doctor trying again) reset call_answered_at, so the card said
-- "Call not answered" for a visit that did happen (issue #22).
--
-- Now a ring after an answered, ended call leaves that log alone; if the new ring is answered
-- too, the log reopens (its end is cleared) and keeps the first answer, so the card reads the
-- time from the first answer to the last end. A ring after an unanswered call still opens a
-- new log, as before. Everything else is as in 20260305000200_care_based_access.sql.
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
  answered_before boolean;
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
  answered_before := visit.call_answered_at is not null and visit.call_ended_at is not null;
  if not (now() <@ public.call_window(visit.starts_at, visit.ends_at)) and not (event = 'ended' and open_log) then
    raise exception 'Calls for this appointment are possible from % until %.',
      to_char(lower(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
      to_char(upper(public.call_window(visit.starts_at, visit.ends_at)) at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
      using errcode = 'PT409', hint = 'outside_call_window';
  end if;

  if event = 'started' then
    -- A ring nobody answered for over a minute is stale (the tab that made it died).
    -- After an answered call the log stays as it is until a new ring is answered.
    if not answered_before
      and (not open_log or (visit.call_answered_at is null and visit.call_started_at < now() - interval '1 minute')) then
      update public.appointments a
        set call_started_at = now(), call_answered_at = null, call_ended_at = null
        where a.id = visit.id;
    end if;
  elsif event = 'answered' then
    if open_log and visit.call_answered_at is null then
      update public.appointments a set call_answered_at = now() where a.id = visit.id;
    elsif answered_before then
      -- A later call was answered: the visit goes on, so the log reopens from the first answer.
      update public.appointments a set call_ended_at = null where a.id = visit.id;
    end if;
  elsif open_log then
    update public.appointments a set call_ended_at = now() where a.id = visit.id;
  end if;

  return query
    select a.call_started_at, a.call_answered_at, a.call_ended_at
    from public.appointments a where a.id = visit.id;
end
$$;
