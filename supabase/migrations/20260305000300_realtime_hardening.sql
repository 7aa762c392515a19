-- Realtime hardening: who may see whom online.
--
-- Presence used to be one shared private channel, `presence:online`, that every signed-in user
-- could join and track on: everyone saw everyone, under any presence key they liked. Realtime
-- lets the client pick the presence key, so the topic is what carries identity now: each user
-- announces themselves on their own `presence:<user id>` channel, which only they may track on,
-- and which only they and the people they share care with (an active or completed appointment)
-- may join and read.

drop policy "signed-in users see who is online" on realtime.messages;
drop policy "signed-in users announce they are online" on realtime.messages;

-- The user a `presence:<uuid>` topic belongs to, or null for any other topic.
create function public.presence_topic_owner(topic text) returns uuid
language sql immutable
set search_path = ''
as $$
  select case
    when topic ~ '^presence:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then substr(topic, 10)::uuid
  end
$$;

-- May the signed-in user see the presence of `other`? Themselves, or someone they share a
-- pending, scheduled or completed appointment with (not a cancelled or moved one). SECURITY
-- DEFINER to read appointments without their RLS; only ever about the caller.
create function public.shares_care_with(other uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select other is not null and (
    other = (select auth.uid())
    or exists (
      select 1 from public.appointments a
      where a.status in ('pending', 'scheduled', 'completed')
        and ((a.doctor_id = (select auth.uid()) and a.patient_id = other)
          or (a.patient_id = (select auth.uid()) and a.doctor_id = other))
    )
  )
$$;
revoke execute on function public.shares_care_with(uuid) from public, anon;
grant execute on function public.shares_care_with(uuid) to authenticated, service_role;
revoke execute on function public.presence_topic_owner(text) from public, anon;
grant execute on function public.presence_topic_owner(text) to authenticated, service_role;

create policy "people sharing care see each other online" on realtime.messages
  for select to authenticated
  using (
    extension = 'presence'
    and public.shares_care_with(public.presence_topic_owner((select realtime.topic())))
  );

create policy "users announce only themselves online" on realtime.messages
  for insert to authenticated
  with check (
    extension = 'presence'
    and public.presence_topic_owner((select realtime.topic())) = (select auth.uid())
  );
