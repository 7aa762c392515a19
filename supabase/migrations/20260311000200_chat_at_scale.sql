-- Chat lists at a platform's size (issue #24): the conversations list in pages, built from
-- index look-ups per partner instead of scanning every message, and older thread pages read
-- by keyset on (created_at, id) straight off one index.

-- A thread page: conversation, then newest first, ties broken by id, as the app pages
-- (src/lib/chat/api.ts). Supersedes the (conversation_key, created_at desc) index.
create index messages_conversation_keyset_idx on public.messages (conversation_key, created_at desc, id desc);
drop index public.messages_conversation_created_idx;

-- Unread messages from one person to another: one index range per conversation.
create index messages_unread_by_sender_idx on public.messages (receiver_id, sender_id) where read_at is null;

-- The doctor's side of the partner list (appointments_patient_starts_idx serves patients).
create index appointments_doctor_patient_idx on public.appointments (doctor_id, patient_id);

drop function public.my_conversations();

-- The conversations list, newest activity first, a page at a time (the app asks for one row
-- more than it shows to know whether to offer older ones). Partners come from the caller's appointments — a
-- message can only be sent to someone one shares an appointment with — listed when the visit
-- is pending, scheduled or completed, or when messages were already exchanged (history stays
-- reachable). Runs with the caller's rights, so the tables' own RLS decides what it can see.
create function public.my_conversations(page_size integer default 100, page_offset integer default 0)
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
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  if page_size is null or page_size not between 1 and 200 then
    raise exception 'Ask for 1 to 200 conversations at a time.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if page_offset is null or page_offset < 0 then
    raise exception 'The page offset cannot be negative.' using errcode = '22023', hint = 'invalid_input';
  end if;
  return query
  with links as (
    select a.patient_id as other_id, a.created_at, a.status from public.appointments a where a.doctor_id = me
    union all
    select a.doctor_id, a.created_at, a.status from public.appointments a where a.patient_id = me
  ),
  partners as (
    select l.other_id, max(l.created_at) as since,
           bool_or(l.status in ('pending', 'scheduled', 'completed')) as in_care,
           least(me, l.other_id)::text || '_' || greatest(me, l.other_id)::text as key
    from links l
    group by l.other_id
  ),
  listed as (
    select pa.other_id, pa.key, pa.since, last.created_at as last_created_at
    from partners pa
    left join lateral (
      select m.created_at from public.messages m
      where m.conversation_key = pa.key
      order by m.created_at desc, m.id desc
      limit 1
    ) last on true
    where pa.in_care or last.created_at is not null
  ),
  -- The page first; profiles (whose RLS costs a look-up per row), last messages and unread
  -- counts only for its rows. Every partner shares an appointment with the caller, so
  -- profiles' RLS shows each of them and the join drops none.
  page as (
    select l.*
    from listed l
    order by coalesce(l.last_created_at, l.since) desc, l.other_id
    limit page_size offset page_offset
  )
  select pg.other_id, p.full_name, p.avatar_path, p.role, pg.key,
         last.body, last.image_path is not null, last.created_at, last.sender_id,
         (select count(*)::integer from public.messages u
          where u.receiver_id = me and u.sender_id = pg.other_id and u.read_at is null)
  from page pg
  join public.profiles p on p.id = pg.other_id
  left join lateral (
    select m.body, m.image_path, m.created_at, m.sender_id from public.messages m
    where m.conversation_key = pg.key
    order by m.created_at desc, m.id desc
    limit 1
  ) last on true
  order by coalesce(pg.last_created_at, pg.since) desc, pg.other_id;
end
$$;
revoke execute on function public.my_conversations(integer, integer) from public, anon;
grant execute on function public.my_conversations(integer, integer) to authenticated, service_role;
