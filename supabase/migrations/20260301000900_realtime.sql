-- Realtime: live rows for chat and appointment status (postgres changes, filtered by the
-- tables' RLS), and Realtime Authorization for private broadcast/presence channels.

alter publication supabase_realtime add table public.messages, public.appointments;

-- "call:<appointment id>" carries WebRTC signaling; only that appointment's two people join it.
create function public.can_use_call_topic(topic text) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  if topic is null or topic !~ '^call:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  return public.is_appointment_participant(substr(topic, 6)::uuid);
end
$$;
revoke execute on function public.can_use_call_topic(text) from public, anon;
grant execute on function public.can_use_call_topic(text) to authenticated, service_role;

create policy "call participants receive signaling" on realtime.messages
  for select to authenticated
  using (extension in ('broadcast', 'presence') and public.can_use_call_topic((select realtime.topic())));
create policy "call participants send signaling" on realtime.messages
  for insert to authenticated
  with check (extension in ('broadcast', 'presence') and public.can_use_call_topic((select realtime.topic())));

-- One shared presence channel shows who is online; signed-in users only.
create policy "signed-in users see who is online" on realtime.messages
  for select to authenticated
  using (extension = 'presence' and (select realtime.topic()) = 'presence:online');
create policy "signed-in users announce they are online" on realtime.messages
  for insert to authenticated
  with check (extension = 'presence' and (select realtime.topic()) = 'presence:online');
