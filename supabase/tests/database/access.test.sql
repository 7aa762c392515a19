-- pgTAP tests in the shape `supabase test db` runs (each file one transaction, rolled back).
-- On the local stack they run in `npm test` (supabase/tests/pgtap.test.ts); under
-- `supabase start`, `supabase test db` runs them unchanged.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path = public, extensions;
-- Functions that postgres creates are not executable by the API roles by default (the project's
-- default privileges); the assertions below run as them.
grant usage on schema extensions to anon, authenticated;
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p
    join pg_depend d on d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
    join pg_extension e on e.oid = d.refobjid
    where e.extname = 'pgtap'
  loop
    execute format('grant execute on function %s to anon, authenticated', f);
  end loop;
end
$$;

select plan(7);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in public has row-level security'
);

select is_empty(
  $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_policy p where p.polrelid = c.oid) $$,
  'every table in public has a policy'
);

-- The seed's first patient, signed in as PostgREST would set it up.
select set_config('request.jwt.claims', '{"sub": "9a710000-0000-4000-8000-000000000001", "role": "authenticated"}', true);
set local role authenticated;

select results_eq(
  'select id from public.patients',
  $$ values ('9a710000-0000-4000-8000-000000000001'::uuid) $$,
  'a patient reads only their own medical profile'
);

select is_empty(
  $$ select 1 from public.appointments where patient_id <> '9a710000-0000-4000-8000-000000000001' $$,
  'a patient reads none of the other patients'' appointments'
);

select is_empty(
  $$ update public.profiles set full_name = 'Changed' where id = 'd0c70000-0000-4000-8000-000000000001' returning 1 $$,
  'a patient cannot rename a doctor'
);

reset role;
select set_config('request.jwt.claims', '{"role": "anon"}', true);
set local role anon;

select throws_ok('select 1 from public.appointments', '42501', null, 'anon may not read appointments at all');

reset role;

-- No double booking, whoever writes: the exclusion constraint holds for the table owner too.
select throws_ok(
  $$ insert into public.appointments (patient_id, doctor_id, starts_at, ends_at, mode, status, reason)
     select '9a710000-0000-4000-8000-000000000002', a.doctor_id, a.starts_at, a.ends_at, a.mode, 'pending', 'Overlap test'
     from public.appointments a where a.status in ('pending', 'scheduled') order by a.starts_at limit 1 $$,
  '23P01',
  null,
  'an overlapping active booking with the same doctor is refused by the database'
);

select * from finish();
rollback;
