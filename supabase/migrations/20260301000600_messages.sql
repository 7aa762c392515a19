-- Chat messages between a patient and a doctor who share an appointment. Only the receiver
-- may mark a message read; nothing else about a message can change.

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  sender_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  receiver_id uuid not null references public.profiles (id) on delete cascade,
  -- "<smaller uuid>_<larger uuid>": the conversation's id, also the chat-images folder name.
  conversation_key text not null generated always as (
    least(sender_id, receiver_id)::text || '_' || greatest(sender_id, receiver_id)::text
  ) stored,
  body text constraint message_body_length check (char_length(body) between 1 and 4000),
  image_path text constraint message_image_in_conversation_folder check (
    char_length(image_path) <= 300
    and image_path ~ ('^' || least(sender_id, receiver_id)::text || '_' || greatest(sender_id, receiver_id)::text || '/[^/]+$')
  ),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  constraint message_has_content check (body is not null or image_path is not null),
  constraint message_not_to_self check (sender_id <> receiver_id)
);

create index messages_conversation_created_idx on public.messages (conversation_key, created_at desc);
create index messages_receiver_unread_idx on public.messages (receiver_id) where read_at is null;

-- RLS alone would answer "violates row-level security policy"; say why instead.
create function public.check_new_message() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is null then
    return new;
  end if;
  if new.sender_id is distinct from auth.uid() then
    raise exception 'sender_id must be your own user id' using errcode = '42501';
  end if;
  if not public.shares_appointment_with(new.receiver_id) then
    raise exception 'you can only message a doctor or patient you have an appointment with' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger messages_check_insert before insert on public.messages
  for each row execute function public.check_new_message();

-- read_at is stamped by the server and, once set, stays.
create function public.stamp_message_read() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.sender_id, new.receiver_id, new.body, new.image_path, new.created_at, new.id)
     is distinct from (old.sender_id, old.receiver_id, old.body, old.image_path, old.created_at, old.id) then
    raise exception 'only read_at can change on a message' using errcode = '42501';
  end if;
  new.read_at := case when old.read_at is not null then old.read_at
                      when new.read_at is not null then now() end;
  return new;
end
$$;
create trigger messages_stamp_read before update on public.messages
  for each row execute function public.stamp_message_read();

alter table public.messages enable row level security;
revoke all on public.messages from anon, authenticated;
grant all on public.messages to service_role;
grant select, insert (sender_id, receiver_id, body, image_path), update (read_at) on public.messages to authenticated;

create policy "participants read their messages" on public.messages
  for select to authenticated using ((select auth.uid()) in (sender_id, receiver_id));
create policy "users message people they share an appointment with" on public.messages
  for insert to authenticated
  with check (sender_id = (select auth.uid()) and public.shares_appointment_with(receiver_id));
create policy "receivers mark messages read" on public.messages
  for update to authenticated
  using (receiver_id = (select auth.uid())) with check (receiver_id = (select auth.uid()));

revoke execute on function public.check_new_message(), public.stamp_message_read() from public, anon, authenticated;
