-- Extensions and enumerated types shared by the Health-Connect schema.

-- btree_gist lets exclusion constraints mix equality on ids with range overlap (no double booking).
create extension if not exists btree_gist with schema extensions;

create type public.user_role as enum ('patient', 'doctor');
create type public.appointment_status as enum ('pending', 'scheduled', 'completed', 'cancelled', 'rescheduled');
create type public.consultation_mode as enum ('video', 'chat');
create type public.availability_exception_kind as enum ('day_off', 'extra_hours');
create type public.gender as enum ('female', 'male', 'non_binary', 'other', 'prefer_not_to_say');
create type public.blood_group as enum ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-');

-- Keeps updated_at honest whatever the client sends.
create function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- IANA names only (as the browser's Intl API reports them); POSIX strings such as 'UTC+3'
-- would parse in Postgres but mean the opposite sign, so they are refused.
create function public.is_valid_time_zone(tz text) returns boolean
language sql stable
set search_path = ''
as $$
  select tz is not null and exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;

-- Parses an ISO 8601 timestamp that carries an explicit offset; a bare local time would be
-- silently read in the server's time zone, which is how the original app mis-booked slots.
create function public.parse_instant(value text, field text default 'time') returns timestamptz
language plpgsql stable
set search_path = ''
as $$
begin
  if value is null then
    raise exception '% is required', field using errcode = '22004';
  end if;
  if value !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}(:?\d{2})?)$' then
    raise exception '% must be an ISO 8601 time with a time zone offset, e.g. 2026-03-01T09:30:00Z (got "%")',
      field, left(value, 40) using errcode = '22007';
  end if;
  return value::timestamptz;
end
$$;

revoke execute on function public.set_updated_at() from public, anon, authenticated;
grant execute on function public.is_valid_time_zone(text) to anon, authenticated, service_role;
grant execute on function public.parse_instant(text, text) to anon, authenticated, service_role;
