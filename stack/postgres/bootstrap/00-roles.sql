-- Roles as the Supabase Postgres image creates them (shared/supabase-compat.md §2.1).
-- Runs as the bootstrap superuser `supabase_admin`; every statement is idempotent.
-- Passwords are the public local-development ones (`postgres`), as under `supabase start`.

do $$
declare
  spec record;
begin
  for spec in
    select * from (values
      ('anon', 'nologin noinherit'),
      ('authenticated', 'nologin noinherit'),
      ('service_role', 'nologin noinherit bypassrls'),
      ('authenticator', 'login noinherit'),
      ('postgres', 'login createrole createdb replication bypassrls'),
      ('supabase_auth_admin', 'login noinherit createrole'),
      ('supabase_storage_admin', 'login noinherit createrole'),
      ('supabase_realtime_admin', 'nologin noinherit'),
      ('supabase_replication_admin', 'login replication'),
      ('supabase_read_only_user', 'login bypassrls'),
      ('supabase_functions_admin', 'nologin noinherit'),
      ('dashboard_user', 'nologin createrole createdb replication'),
      ('pgbouncer', 'login')
    ) as roles(name, attributes)
  loop
    if not exists (select 1 from pg_roles where rolname = spec.name) then
      execute format('create role %I %s', spec.name, spec.attributes);
    end if;
  end loop;
end
$$;

-- API roles inherit (supabase/postgres 20230529180330_alter_api_roles_for_inherit).
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;

alter role postgres with password 'postgres';
alter role authenticator with password 'postgres';
alter role supabase_auth_admin with password 'postgres';
alter role supabase_storage_admin with password 'postgres';
alter role supabase_replication_admin with password 'postgres';
alter role supabase_read_only_user with password 'postgres';
alter role supabase_admin with password 'postgres';

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_auth_admin set search_path = auth;
alter role supabase_storage_admin set search_path = storage;

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
grant anon, authenticated, service_role to supabase_storage_admin;
grant supabase_auth_admin, supabase_storage_admin, supabase_realtime_admin to postgres;
grant pg_read_all_data to supabase_read_only_user;

grant create, connect, temporary on database postgres to postgres;
