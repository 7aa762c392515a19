-- Notifications: one row per recipient per event, written by triggers on the state changes
-- themselves (an appointment requested, confirmed, declined, cancelled or moved; a message; a
-- missed call; a verification decision), so nothing can change state without notifying.
-- Per-user preferences (kind × channel) decide whether a row is written and for which channels.
-- Recipients read their own rows and may only mark them read; nobody inserts through the API.

create type public.notification_kind as enum (
  'requested', 'confirmed', 'declined', 'cancelled', 'rescheduled', 'message', 'missed_call', 'verification'
);

-- Who rang: a missed call is news for the other person only (set by a trigger, never the API).
alter table public.appointments add column call_started_by uuid references public.profiles (id) on delete set null;

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  actor_id uuid references public.profiles (id) on delete set null,
  appointment_id uuid references public.appointments (id) on delete cascade,
  conversation_key text constraint notification_conversation_key_length check (char_length(conversation_key) <= 80),
  -- A short structured summary for the copy (actor_name, starts_at, …), never message content.
  payload jsonb not null default '{}'::jsonb
    constraint notification_payload_small check (jsonb_typeof(payload) = 'object' and octet_length(payload::text) <= 2000),
  -- The channels the recipient wanted when the event happened.
  in_app boolean not null default true,
  -- The email queue: null = not wanted, pending until the sender drains it.
  email_status text constraint notification_email_status check (email_status in ('pending', 'sent', 'failed')),
  push boolean not null default false,
  created_at timestamptz not null default now(),
  read_at timestamptz
);

create index notifications_recipient_created_idx on public.notifications (recipient_id, created_at desc);
create index notifications_recipient_unread_idx on public.notifications (recipient_id) where read_at is null and in_app;
create index notifications_appointment_idx on public.notifications (appointment_id);
create index notifications_actor_idx on public.notifications (actor_id);
create index notifications_email_pending_idx on public.notifications (created_at) where email_status = 'pending';
create index appointments_call_started_by_idx on public.appointments (call_started_by);

create table public.notification_preferences (
  user_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  in_app boolean not null,
  email boolean not null,
  push boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);
create trigger notification_preferences_updated_at before update on public.notification_preferences
  for each row execute function public.set_updated_at();

-- Defaults: everything on, except an email for every chat message.
create function public.notification_default(kind public.notification_kind, channel text) returns boolean
language sql immutable
set search_path = ''
as $$
  select not (kind = 'message' and channel = 'email')
$$;

/** Writes one notification for `recipient` unless their preferences turn every channel off. */
create function public.notify(
  recipient uuid,
  kind public.notification_kind,
  actor uuid,
  appointment uuid,
  conversation text,
  payload jsonb
) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  pref public.notification_preferences;
  want_app boolean;
  want_email boolean;
  want_push boolean;
begin
  if recipient is null or recipient is not distinct from actor then
    return;
  end if;
  select * into pref from public.notification_preferences p where p.user_id = recipient and p.kind = notify.kind;
  want_app := coalesce(pref.in_app, public.notification_default(kind, 'in_app'));
  want_email := coalesce(pref.email, public.notification_default(kind, 'email'));
  want_push := coalesce(pref.push, public.notification_default(kind, 'push'));
  if not (want_app or want_email or want_push) then
    return;
  end if;
  insert into public.notifications (recipient_id, kind, actor_id, appointment_id, conversation_key, payload,
    in_app, email_status, push)
  values (recipient, kind, actor, appointment, conversation, jsonb_strip_nulls(payload),
    want_app, case when want_email then 'pending' end, want_push);
end
$$;

create function public.notification_actor_name(person uuid) returns text
language sql stable
security definer
set search_path = ''
as $$
  select case when p.role = 'doctor' then 'Dr. ' || p.full_name else p.full_name end
  from public.profiles p where p.id = person
$$;

-- Appointments ------------------------------------------------------------------------------

create function public.stamp_call_starter() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.call_started_at is distinct from old.call_started_at then
    new.call_started_by := case when new.call_started_at is not null then (select auth.uid()) end;
  end if;
  return new;
end
$$;
create trigger appointments_stamp_call_starter before update on public.appointments
  for each row execute function public.stamp_call_starter();

/** A new appointment is a request to the doctor, or (with rescheduled_from) a move. */
create function public.notify_appointment_insert() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  previous public.appointments;
  details jsonb;
begin
  if new.rescheduled_from is null then
    if new.status = 'pending' then
      perform public.notify(new.doctor_id, 'requested', new.patient_id, new.id, null,
        jsonb_build_object('actor_name', public.notification_actor_name(new.patient_id), 'starts_at', new.starts_at,
          'mode', new.mode));
    end if;
    return null;
  end if;
  select * into previous from public.appointments a where a.id = new.rescheduled_from;
  details := jsonb_build_object('actor_name', public.notification_actor_name(previous.cancelled_by),
    'starts_at', new.starts_at, 'previous_starts_at', previous.starts_at, 'status', new.status);
  if previous.cancelled_by is null then
    -- Moved by the database owner (support): both people hear of it.
    perform public.notify(new.patient_id, 'rescheduled', null, new.id, null, details);
    perform public.notify(new.doctor_id, 'rescheduled', null, new.id, null, details);
  else
    perform public.notify(case when previous.cancelled_by = new.doctor_id then new.patient_id else new.doctor_id end,
      'rescheduled', previous.cancelled_by, new.id, null, details);
  end if;
  return null;
end
$$;
create trigger appointments_notify_insert after insert on public.appointments
  for each row execute function public.notify_appointment_insert();

/** Status changes and missed calls. A move (→ rescheduled) is told by the new row's insert. */
create function public.notify_appointment_update() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  details jsonb := jsonb_build_object('starts_at', new.starts_at, 'mode', new.mode);
  callee uuid;
begin
  if new.status is distinct from old.status then
    if new.status = 'scheduled' and old.status = 'pending' then
      perform public.notify(new.patient_id, 'confirmed', new.doctor_id, new.id, null,
        details || jsonb_build_object('actor_name', public.notification_actor_name(new.doctor_id)));
    elsif new.status = 'cancelled' then
      details := details || jsonb_build_object('actor_name', public.notification_actor_name(new.cancelled_by),
        'reason', left(new.cancellation_reason, 200));
      if old.status = 'pending' and new.cancelled_by = new.doctor_id then
        perform public.notify(new.patient_id, 'declined', new.doctor_id, new.id, null, details);
      elsif new.cancelled_by is null then
        perform public.notify(new.patient_id, 'cancelled', null, new.id, null, details);
        perform public.notify(new.doctor_id, 'cancelled', null, new.id, null, details);
      else
        perform public.notify(case when new.cancelled_by = new.doctor_id then new.patient_id else new.doctor_id end,
          'cancelled', new.cancelled_by, new.id, null, details);
      end if;
    end if;
  end if;

  -- A ring that ended (or was replaced by a new ring) without an answer is a missed call for
  -- the person who was rung, unless they turned it down themselves.
  if old.call_started_at is not null and old.call_answered_at is null and old.call_ended_at is null
     and old.call_started_by is not null
     and ((new.call_ended_at is not null and new.call_answered_at is null)
          or new.call_started_at is distinct from old.call_started_at) then
    callee := case when old.call_started_by = new.doctor_id then new.patient_id else new.doctor_id end;
    if (select auth.uid()) is distinct from callee then
      perform public.notify(callee, 'missed_call', old.call_started_by, new.id, null,
        details || jsonb_build_object('actor_name', public.notification_actor_name(old.call_started_by),
          'called_at', old.call_started_at));
    end if;
  end if;
  return null;
end
$$;
create trigger appointments_notify_update after update on public.appointments
  for each row execute function public.notify_appointment_update();

-- Messages ----------------------------------------------------------------------------------

create function public.notify_message() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.notify(new.receiver_id, 'message', new.sender_id, null, new.conversation_key,
    jsonb_build_object('actor_name', public.notification_actor_name(new.sender_id), 'has_image', new.image_path is not null));
  return null;
end
$$;
create trigger messages_notify_insert after insert on public.messages
  for each row execute function public.notify_message();

-- Reading a conversation reads its message notifications too.
create function public.read_message_notifications() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.read_at is not null and old.read_at is null then
    update public.notifications n set read_at = now()
    where n.recipient_id = new.receiver_id and n.kind = 'message' and n.conversation_key = new.conversation_key
      and n.read_at is null and n.created_at <= new.created_at + interval '1 second';
  end if;
  return null;
end
$$;
create trigger messages_read_notifications after update of read_at on public.messages
  for each row execute function public.read_message_notifications();

-- Verification ------------------------------------------------------------------------------

create function public.notify_verification() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.verification_state = 'pending_review' and new.verification_state in ('verified', 'rejected') then
    perform public.notify(new.id, 'verification', (select auth.uid()), null, null,
      jsonb_build_object('decision', case when new.verification_state = 'verified' then 'approved' else 'rejected' end,
        'reason', (select left(l.decision_reason, 200) from public.doctor_licences l where l.doctor_id = new.id)));
  end if;
  return null;
end
$$;
create trigger doctors_notify_verification after update of verification_state on public.doctors
  for each row execute function public.notify_verification();

-- Reading -----------------------------------------------------------------------------------

-- read_at is stamped by the server, once; nothing else about a notification changes.
create function public.stamp_notification_read() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    return new;
  end if;
  if (new.id, new.recipient_id, new.kind, new.actor_id, new.appointment_id, new.conversation_key, new.payload,
      new.in_app, new.email_status, new.push, new.created_at)
     is distinct from (old.id, old.recipient_id, old.kind, old.actor_id, old.appointment_id, old.conversation_key,
      old.payload, old.in_app, old.email_status, old.push, old.created_at) then
    raise exception 'Only read_at can change on a notification.' using errcode = '42501', hint = 'not_allowed';
  end if;
  new.read_at := case when old.read_at is not null then old.read_at
                      when new.read_at is not null then now() end;
  return new;
end
$$;
create trigger notifications_stamp_read before update on public.notifications
  for each row execute function public.stamp_notification_read();

/** Marks the caller's notifications read: those listed, or all when `ids` is null. Returns how many. */
create function public.mark_notifications_read(ids uuid[] default null) returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  changed integer;
begin
  if me is null then
    raise exception 'Sign in to read your notifications.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if cardinality(ids) > 1000 then
    raise exception 'Mark at most 1000 notifications read at once.' using errcode = '22023', hint = 'invalid_input';
  end if;
  update public.notifications n set read_at = now()
  where n.recipient_id = me and n.read_at is null and (ids is null or n.id = any (ids));
  get diagnostics changed = row_count;
  return changed;
end
$$;

-- Preferences -------------------------------------------------------------------------------

/** The caller's preferences for every kind, defaults filled in: { kind: { in_app, email, push } }. */
create function public.my_notification_preferences() returns jsonb
language sql stable
security invoker
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(k.kind, jsonb_build_object(
    'in_app', coalesce(p.in_app, public.notification_default(k.kind, 'in_app')),
    'email', coalesce(p.email, public.notification_default(k.kind, 'email')),
    'push', coalesce(p.push, public.notification_default(k.kind, 'push')))), '{}'::jsonb)
  from unnest(enum_range(null::public.notification_kind)) as k(kind)
  left join public.notification_preferences p on p.user_id = (select auth.uid()) and p.kind = k.kind
  where (select auth.uid()) is not null
$$;

/**
 * Changes some of the caller's preferences: { kind: { channel: boolean } }, e.g.
 * {"message": {"email": true}}. Unknown kinds or channels, or non-boolean values, are refused
 * with a sentence; nothing is written unless all of it is valid. Returns the full set.
 */
create function public.set_notification_preferences(preferences jsonb) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  kinds text[] := enum_range(null::public.notification_kind)::text[];
  entry record;
  channel record;
begin
  if me is null then
    raise exception 'Sign in to change your notification settings.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if preferences is null or jsonb_typeof(preferences) <> 'object' then
    raise exception 'Send the settings as an object of kinds, e.g. {"message": {"email": true}}.'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  for entry in select * from jsonb_each(preferences) loop
    if not (entry.key = any (kinds)) then
      raise exception 'Unknown notification kind "%"; expected one of %.', left(entry.key, 40), array_to_string(kinds, ', ')
        using errcode = '22023', hint = 'invalid_input';
    end if;
    if jsonb_typeof(entry.value) <> 'object' then
      raise exception 'The settings for "%" must be an object of channels, e.g. {"email": false}.', entry.key
        using errcode = '22023', hint = 'invalid_input';
    end if;
    for channel in select * from jsonb_each(entry.value) loop
      if channel.key not in ('in_app', 'email', 'push') then
        raise exception 'Unknown channel "%" for "%"; expected in_app, email or push.', left(channel.key, 40), entry.key
          using errcode = '22023', hint = 'invalid_input';
      end if;
      if jsonb_typeof(channel.value) <> 'boolean' then
        raise exception 'The % setting for "%" must be true or false.', channel.key, entry.key
          using errcode = '22023', hint = 'invalid_input';
      end if;
    end loop;
  end loop;

  insert into public.notification_preferences as p (user_id, kind, in_app, email, push)
  select me, e.key::public.notification_kind,
    coalesce((e.value ->> 'in_app')::boolean, current.in_app, public.notification_default(e.key::public.notification_kind, 'in_app')),
    coalesce((e.value ->> 'email')::boolean, current.email, public.notification_default(e.key::public.notification_kind, 'email')),
    coalesce((e.value ->> 'push')::boolean, current.push, public.notification_default(e.key::public.notification_kind, 'push'))
  from jsonb_each(preferences) e
  left join public.notification_preferences current on current.user_id = me and current.kind = e.key::public.notification_kind
  on conflict (user_id, kind) do update set in_app = excluded.in_app, email = excluded.email, push = excluded.push;

  return public.my_notification_preferences();
end
$$;

-- Row-level security ------------------------------------------------------------------------

alter table public.notifications enable row level security;
alter table public.notification_preferences enable row level security;
revoke all on public.notifications, public.notification_preferences from anon, authenticated;
grant all on public.notifications, public.notification_preferences to service_role;
grant select, update (read_at) on public.notifications to authenticated;
grant select on public.notification_preferences to authenticated;

create policy "recipients read their notifications" on public.notifications
  for select to authenticated using (recipient_id = (select auth.uid()) and in_app);
create policy "recipients mark their notifications read" on public.notifications
  for update to authenticated
  using (recipient_id = (select auth.uid())) with check (recipient_id = (select auth.uid()));
create policy "users read their notification settings" on public.notification_preferences
  for select to authenticated using (user_id = (select auth.uid()));

revoke execute on function public.notify(uuid, public.notification_kind, uuid, uuid, text, jsonb),
  public.notification_actor_name(uuid), public.stamp_call_starter(), public.notify_appointment_insert(),
  public.notify_appointment_update(), public.notify_message(), public.read_message_notifications(),
  public.notify_verification(), public.stamp_notification_read()
  from public, anon, authenticated;
grant execute on function public.notify(uuid, public.notification_kind, uuid, uuid, text, jsonb),
  public.notification_actor_name(uuid) to service_role;
revoke execute on function public.notification_default(public.notification_kind, text),
  public.mark_notifications_read(uuid[]), public.my_notification_preferences(), public.set_notification_preferences(jsonb)
  from public, anon;
grant execute on function public.notification_default(public.notification_kind, text),
  public.mark_notifications_read(uuid[]), public.my_notification_preferences(), public.set_notification_preferences(jsonb)
  to authenticated, service_role;

-- Live rows for the bell (postgres changes, filtered by the table's RLS like messages).
alter publication supabase_realtime add table public.notifications;
