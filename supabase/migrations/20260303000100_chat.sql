-- Chat (issue #9): idempotent sends, a per-sender rate limit, the conversations list, and a
-- private typing-indicator topic per conversation.

-- The client picks a message's id (a random UUID) before sending, so a send retried after a
-- dropped connection hits the primary key (23505) instead of storing the message twice.
grant insert (id) on public.messages to authenticated;

create index messages_sender_created_idx on public.messages (sender_id, created_at desc);

-- More than 20 messages in 10 seconds from one person is a runaway script or a stuck key, not a
-- conversation. PT429 makes PostgREST answer HTTP 429 with this code and message.
create function public.limit_message_rate() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  recent integer;
begin
  if auth.uid() is null then
    return new; -- seed, migrations and the service role are not throttled
  end if;
  -- A retry of a message that is already stored must reach the primary key and fail with 23505
  -- (which the client reads as "already sent"), not be refused as too fast.
  if exists (select 1 from public.messages m where m.id = new.id) then
    return new;
  end if;
  -- Concurrent sends by one person take turns, so parallel requests cannot slip past the count.
  perform pg_advisory_xact_lock(hashtextextended('messages-rate:' || new.sender_id::text, 0));
  select count(*) into recent from public.messages m
  where m.sender_id = new.sender_id and m.created_at > clock_timestamp() - interval '10 seconds';
  if recent >= 20 then
    raise exception 'You are sending messages too fast. Wait a few seconds.'
      using errcode = 'PT429', hint = 'At most 20 messages in 10 seconds.';
  end if;
  return new;
end
$$;
create trigger messages_rate_limit before insert on public.messages
  for each row execute function public.limit_message_rate();
revoke execute on function public.limit_message_rate() from public, anon, authenticated;

-- The signed-in user's conversations: everyone they share an appointment with (any status),
-- with the last message and how many of that person's messages are unread. Runs with the
-- caller's rights, so the tables' own RLS decides what it can see.
create function public.my_conversations()
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
  partners as (
    select case when a.doctor_id = me.id then a.patient_id else a.doctor_id end as other_id,
           max(a.created_at) as since
    from public.appointments a, me
    where me.id in (a.doctor_id, a.patient_id)
    group by 1
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
revoke execute on function public.my_conversations() from public, anon;
grant execute on function public.my_conversations() to authenticated, service_role;

-- "typing:<conversation key>" carries only "is typing" booleans between the conversation's two
-- people; as a private topic nobody else can listen in or inject.
create function public.can_use_typing_topic(topic text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select topic like 'typing:%' and public.can_access_conversation(substr(topic, 8))
$$;
revoke execute on function public.can_use_typing_topic(text) from public, anon;
grant execute on function public.can_use_typing_topic(text) to authenticated, service_role;

create policy "conversation participants receive typing" on realtime.messages
  for select to authenticated
  using (extension in ('broadcast', 'presence') and public.can_use_typing_topic((select realtime.topic())));
create policy "conversation participants send typing" on realtime.messages
  for insert to authenticated
  with check (extension in ('broadcast', 'presence') and public.can_use_typing_topic((select realtime.topic())));
