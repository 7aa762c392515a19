-- Avatars: nobody lists other people's pictures.
--
-- The old SELECT policy let anyone, signed in or not, list the whole bucket and so collect every
-- user's face by user id. Pictures stay public to those who know their path: public downloads
-- (/storage/v1/object/public/avatars/…, what getPublicUrl builds) are served without RLS on a
-- public bucket. SELECT on storage.objects now only shows users their own folder, which is all
-- the app lists, replaces or deletes (upsert and delete read the row they change).

drop policy if exists "avatars are publicly readable" on storage.objects;

create policy "users see their own avatar folder" on storage.objects
  for select to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text);
