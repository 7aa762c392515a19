-- Storage buckets and their access rules (RLS on storage.objects).
--   avatars:     public read; each user writes only under "<their uid>/…".
--   chat-images: private; path "<smaller uuid>_<larger uuid>/<file>" names a conversation,
--                readable and writable only by its two participants while they share an appointment.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('avatars', 'avatars', true, 5242880, array['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  ('chat-images', 'chat-images', false, 10485760, array['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic'])
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- Is the signed-in user one of the two people a conversation folder names, and do they share
-- an appointment? A malformed key is simply "no".
create function public.can_access_conversation(conversation_key text) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  first_id uuid;
  second_id uuid;
begin
  if me is null or conversation_key is null or conversation_key !~
    '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  then
    return false;
  end if;
  first_id := split_part(conversation_key, '_', 1)::uuid;
  second_id := split_part(conversation_key, '_', 2)::uuid;
  if first_id >= second_id or me not in (first_id, second_id) then
    return false;
  end if;
  return exists (
    select 1 from public.appointments a
    where (a.doctor_id = first_id and a.patient_id = second_id)
       or (a.doctor_id = second_id and a.patient_id = first_id)
  );
end
$$;
revoke execute on function public.can_access_conversation(text) from public, anon;
grant execute on function public.can_access_conversation(text) to authenticated, service_role;

create policy "avatars are publicly readable" on storage.objects
  for select to anon, authenticated using (bucket_id = 'avatars');
create policy "users upload their own avatar" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);
create policy "users replace their own avatar" on storage.objects
  for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);
create policy "users delete their own avatar" on storage.objects
  for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy "participants read chat images" on storage.objects
  for select to authenticated
  using (bucket_id = 'chat-images' and public.can_access_conversation((storage.foldername(name))[1]));
create policy "participants upload chat images" on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'chat-images'
    and array_length(storage.foldername(name), 1) = 1
    and public.can_access_conversation((storage.foldername(name))[1])
  );
create policy "uploaders replace their chat images" on storage.objects
  for update to authenticated
  using (bucket_id = 'chat-images' and owner_id = (select auth.uid())::text
         and public.can_access_conversation((storage.foldername(name))[1]))
  with check (bucket_id = 'chat-images' and owner_id = (select auth.uid())::text
              and public.can_access_conversation((storage.foldername(name))[1]));
create policy "uploaders delete their chat images" on storage.objects
  for delete to authenticated
  using (bucket_id = 'chat-images' and owner_id = (select auth.uid())::text
         and public.can_access_conversation((storage.foldername(name))[1]));
