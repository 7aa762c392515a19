-- A third role, admin, for the people who check doctors' licences and run the platform.
-- Nobody can give it to themselves: handle_new_user accepts only "patient" and "doctor" at
-- sign-up, profiles.role is not writable through the API, and public.make_admin (next
-- migration) runs only as the service role or the database owner.
--
-- Its own migration because a new enum value cannot be used in the transaction that adds it
-- (https://www.postgresql.org/docs/current/sql-altertype.html, "ADD VALUE").
alter type public.user_role add value if not exists 'admin';
