-- Schemas and extensions every Supabase database has before app migrations run (§2.2).

create schema if not exists extensions;
create schema if not exists auth authorization supabase_auth_admin;
create schema if not exists storage authorization supabase_storage_admin;
create schema if not exists realtime authorization supabase_realtime_admin;
create schema if not exists graphql_public;
create schema if not exists supabase_migrations authorization postgres;

create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
-- Preloaded by the cluster (stack/postgres/cluster.ts), as in the Supabase image; the CLI's
-- `inspect db` reports read it; `postgres` is a pg_monitor member, as on Supabase.
create extension if not exists pg_stat_statements with schema extensions;
grant pg_monitor to postgres;

grant usage on schema public, extensions, graphql_public to postgres, anon, authenticated, service_role;
grant usage on schema auth, storage to postgres, anon, authenticated, service_role;
grant usage on schema realtime to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres with grant option;
alter schema public owner to postgres;

-- New objects in public are reachable by the API roles; RLS is the barrier (§2.2).
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
  grant all on sequences to anon, authenticated, service_role;

-- graphql_public.graphql is a stub on databases without pg_graphql.
create or replace function graphql_public.graphql(
  "operationName" text default null,
  query text default null,
  variables jsonb default null,
  extensions jsonb default null
) returns jsonb
language sql
as $$
  select jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
    'message', 'pg_graphql is not enabled on this database')));
$$;
grant execute on function graphql_public.graphql(text, text, jsonb, jsonb)
  to anon, authenticated, service_role;

create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
create table if not exists supabase_migrations.seed_files (
  path text primary key,
  hash text not null
);
alter table supabase_migrations.schema_migrations owner to postgres;
alter table supabase_migrations.seed_files owner to postgres;

-- The publication Realtime streams; apps add their tables to it.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
alter publication supabase_realtime owner to postgres;
