-- The directory and free slots at a platform's size (issue #24): plans that read an index
-- instead of scanning every doctor, a stored next free slot per doctor, trigram name search,
-- and a capped count instead of counting every match on every page.

create extension if not exists pg_trgm with schema extensions;

-- Free slots ------------------------------------------------------------------------------

-- One doctor's hours by weekday; the weekday is compared as smallint below so this index serves
-- (extract() returns numeric, and a numeric comparison cannot use a smallint index).
create index doctor_availability_doctor_weekday_idx on public.doctor_availability (doctor_id, weekday);

create or replace function public.schedule_slots(doctor_id uuid, range_start timestamptz, range_end timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz)
language sql stable
security definer
set search_path = ''
as $$
  with doctor as (
    select d.id, d.time_zone as tz, make_interval(mins => d.slot_minutes) as slot
    from public.doctors d
    where d.id = schedule_slots.doctor_id and d.is_active
  ),
  days as (
    select doctor.*, day::date as day
    from doctor,
      generate_series((range_start at time zone doctor.tz)::date,
                      (range_end at time zone doctor.tz)::date, interval '1 day') day
  ),
  windows as (
    select days.id, days.tz, days.slot, days.day, a.start_time, a.end_time
    from days
    join public.doctor_availability a
      on a.doctor_id = days.id and a.weekday = extract(dow from days.day)::smallint
    where not exists (
      select 1 from public.doctor_availability_exceptions e
      where e.doctor_id = days.id and e.date = days.day and e.kind = 'day_off' and e.start_time is null
    )
    union all
    select days.id, days.tz, days.slot, days.day, e.start_time, e.end_time
    from days
    join public.doctor_availability_exceptions e
      on e.doctor_id = days.id and e.date = days.day and e.kind = 'extra_hours'
  ),
  candidates as (
    select w.id, w.tz, w.slot, local_start, w.day
    from windows w,
      generate_series(w.day + w.start_time, w.day + w.end_time - w.slot, w.slot) local_start
  ),
  instants as (
    select c.*, (c.local_start at time zone c.tz) as s, (c.local_start at time zone c.tz) + c.slot as e
    from candidates c
  )
  select distinct i.s, i.e
  from instants i
  where i.s >= range_start and i.s < range_end
    and (i.s at time zone i.tz) = i.local_start
    and not exists (
      select 1 from public.doctor_availability_exceptions e
      where e.doctor_id = i.id and e.date = i.day and e.kind = 'day_off' and e.start_time is not null
        and tsrange(e.date + e.start_time, e.date + e.end_time) && tsrange(i.local_start, i.local_start + i.slot)
    )
$$;

-- The stored next free slot ----------------------------------------------------------------

-- Every doctor's first bookable slot (null: nothing free within the booking horizon), counting
-- only the doctor's own bookings, so it is the same for every viewer. Kept by the triggers
-- below when bookings, hours, days off, slot length, time zone or activity change; a slot that
-- time has overtaken (it is now inside the booking notice) is "stale" and recomputed, a few
-- per directory search (search_doctors).
create table public.doctor_next_slots (
  doctor_id uuid primary key references public.doctors (id) on delete cascade,
  next_slot timestamptz,
  computed_at timestamptz not null default now()
);
create index doctor_next_slots_order_idx on public.doctor_next_slots (next_slot, doctor_id);

-- Read only through search_doctors; the API roles get nothing.
alter table public.doctor_next_slots enable row level security;
revoke all on public.doctor_next_slots from anon, authenticated;
grant all on public.doctor_next_slots to service_role;
create policy "the service role reads stored next slots" on public.doctor_next_slots
  for select to service_role using (true);

/** The doctor's first free slot for anyone, looking two days ahead first (most doctors have one). */
create function public.compute_next_slot(doctor_id uuid) returns timestamptz
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  span interval;
  first_start timestamptz;
begin
  -- No weekly hours and no extra hours: nothing to look for (a new doctor, a bulk import).
  if not exists (select 1 from public.doctor_availability a where a.doctor_id = compute_next_slot.doctor_id)
     and not exists (
       select 1 from public.doctor_availability_exceptions e
       where e.doctor_id = compute_next_slot.doctor_id and e.kind = 'extra_hours' and e.date >= current_date - 1
     ) then
    return null;
  end if;
  foreach span in array array[interval '2 days', interval '9 days', public.booking_horizon()] loop
    select g.starts_at into first_start
    from public.schedule_slots(compute_next_slot.doctor_id, now() + public.booking_min_notice(), now() + span) g
    where not exists (
      select 1 from public.appointments a
      where a.doctor_id = compute_next_slot.doctor_id and a.status in ('pending', 'scheduled')
        and tstzrange(a.starts_at, a.ends_at) && tstzrange(g.starts_at, g.ends_at)
    )
    order by g.starts_at
    limit 1;
    if first_start is not null then
      return first_start;
    end if;
  end loop;
  return null;
end
$$;

create function public.refresh_next_slots(doctor_ids uuid[]) returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.doctor_next_slots as n (doctor_id, next_slot, computed_at)
  select d.id, public.compute_next_slot(d.id), now()
  from public.doctors d
  where d.id = any (refresh_next_slots.doctor_ids)
  on conflict (doctor_id) do update set next_slot = excluded.next_slot, computed_at = excluded.computed_at
$$;

/**
 * Recomputes up to `max_rows` stale next slots (earliest first: those lead the "soonest
 * available" order), skipping rows another session is refreshing. Returns how many it did.
 */
create function public.refresh_stale_next_slots(max_rows integer) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  select array_agg(s.doctor_id) into ids from (
    select n.doctor_id from public.doctor_next_slots n
    where n.next_slot < now() + public.booking_min_notice()
    order by n.next_slot
    limit max_rows
    for update skip locked
  ) s;
  if ids is null then
    return 0;
  end if;
  perform public.refresh_next_slots(ids);
  return cardinality(ids);
end
$$;

-- Statement-level triggers with transition tables: a bulk change recomputes each doctor once.
create function public.next_slots_follow_schedule() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.doctor_id) into ids from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.doctor_id) into ids from old_rows o;
  else
    select array_agg(distinct x.doctor_id) into ids
    from (select n.doctor_id from new_rows n union select o.doctor_id from old_rows o) x;
  end if;
  perform public.refresh_next_slots(ids);
  return null;
end
$$;

-- Only bookings that hold (or held) a future slot move a next slot; a completed visit, a call
-- log or a note does not.
create function public.next_slots_follow_bookings() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.doctor_id) into ids from new_rows n
    where n.status in ('pending', 'scheduled') and n.ends_at > now();
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.doctor_id) into ids from old_rows o
    where o.status in ('pending', 'scheduled') and o.ends_at > now();
  else
    select array_agg(distinct n.doctor_id) into ids
    from new_rows n join old_rows o on o.id = n.id
    where (n.status, n.starts_at, n.ends_at) is distinct from (o.status, o.starts_at, o.ends_at)
      and (n.status in ('pending', 'scheduled') or o.status in ('pending', 'scheduled'))
      and greatest(n.ends_at, o.ends_at) > now();
  end if;
  if ids is not null then
    perform public.refresh_next_slots(ids);
  end if;
  return null;
end
$$;

create function public.next_slots_follow_doctors() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    insert into public.doctor_next_slots (doctor_id, next_slot) select n.id, null from new_rows n
    on conflict (doctor_id) do nothing;
    return null;
  end if;
  -- Rating updates (one per review) land here too and change nothing the slots depend on.
  select array_agg(n.id) into ids
  from new_rows n join old_rows o on o.id = n.id
  where (n.time_zone, n.slot_minutes, n.is_active) is distinct from (o.time_zone, o.slot_minutes, o.is_active);
  if ids is not null then
    perform public.refresh_next_slots(ids);
  end if;
  return null;
end
$$;

create trigger doctor_availability_next_slots_insert after insert on public.doctor_availability
  referencing new table as new_rows for each statement execute function public.next_slots_follow_schedule();
create trigger doctor_availability_next_slots_update after update on public.doctor_availability
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.next_slots_follow_schedule();
create trigger doctor_availability_next_slots_delete after delete on public.doctor_availability
  referencing old table as old_rows for each statement execute function public.next_slots_follow_schedule();

create trigger availability_exceptions_next_slots_insert after insert on public.doctor_availability_exceptions
  referencing new table as new_rows for each statement execute function public.next_slots_follow_schedule();
create trigger availability_exceptions_next_slots_update after update on public.doctor_availability_exceptions
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.next_slots_follow_schedule();
create trigger availability_exceptions_next_slots_delete after delete on public.doctor_availability_exceptions
  referencing old table as old_rows for each statement execute function public.next_slots_follow_schedule();

create trigger appointments_next_slots_insert after insert on public.appointments
  referencing new table as new_rows for each statement execute function public.next_slots_follow_bookings();
create trigger appointments_next_slots_update after update on public.appointments
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.next_slots_follow_bookings();
create trigger appointments_next_slots_delete after delete on public.appointments
  referencing old table as old_rows for each statement execute function public.next_slots_follow_bookings();

create trigger doctors_next_slots_insert after insert on public.doctors
  referencing new table as new_rows for each statement execute function public.next_slots_follow_doctors();
create trigger doctors_next_slots_update after update on public.doctors
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.next_slots_follow_doctors();

select public.refresh_next_slots(array(select d.id from public.doctors d));

-- Time zones: checked when set, not on every write ------------------------------------------

-- pg_timezone_names reads the zone files (10–25 ms); a CHECK constraint paid that on every
-- update of a doctor's row, ratings included, and sign-up paid it once more.
alter table public.doctors drop constraint doctor_time_zone_is_iana;

-- The zone names as this server knew them when migrated, for an indexed look-up; a name missing
-- here (tzdata updated since) still counts when pg_timezone_names has it.
create table public.time_zone_names (name text primary key);
insert into public.time_zone_names (name) select distinct z.name from pg_catalog.pg_timezone_names z;
alter table public.time_zone_names enable row level security;
revoke all on public.time_zone_names from anon, authenticated;
grant all on public.time_zone_names to service_role;
create policy "the service role reads zone names" on public.time_zone_names for select to service_role using (true);

create or replace function public.is_valid_time_zone(tz text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select tz is not null and (
    exists (select 1 from public.time_zone_names z where z.name = tz)
    or exists (select 1 from pg_catalog.pg_timezone_names z where z.name = tz)
  )
$$;

create function public.check_doctor_time_zone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not public.is_valid_time_zone(new.time_zone) then
    raise exception 'The time zone "%" is not known. Pick one from the list, e.g. Europe/London.', left(new.time_zone, 60)
      using errcode = '23514', constraint = 'doctor_time_zone_is_iana';
  end if;
  return new;
end
$$;
-- 'UTC' is the column's default and what sign-up falls back to: nothing to look up.
create trigger doctors_check_time_zone_insert before insert on public.doctors
  for each row when (new.time_zone is distinct from 'UTC') execute function public.check_doctor_time_zone();
create trigger doctors_check_time_zone_update before update of time_zone on public.doctors
  for each row when (new.time_zone is distinct from old.time_zone) execute function public.check_doctor_time_zone();

-- Search ----------------------------------------------------------------------------------

create index profiles_full_name_trgm_idx on public.profiles using gin (full_name extensions.gin_trgm_ops)
  where role = 'doctor';
create index profiles_doctor_name_idx on public.profiles (full_name, id) where role = 'doctor';
create index doctors_listed_rating_idx on public.doctors (rating_avg desc nulls last, rating_count desc, id)
  where is_active and verification_state = 'verified';
create index doctors_listed_experience_idx on public.doctors (years_of_experience desc, id)
  where is_active and verification_state = 'verified';

-- One query per sort order, each served by an index on its leading keys (the ties break on the
-- id, which the index also holds, so a page is read off the index instead of sorting every
-- match). SECURITY DEFINER to read doctor_next_slots; it lists exactly what doctor_directory
-- lists: active, verified doctors. VOLATILE because each call recomputes a few stale next
-- slots (refresh_stale_next_slots); supabase-js calls it with POST.
create or replace function public.search_doctors(
  search text default null,
  specialty text default null,
  mode public.consultation_mode default null,
  sort_by text default 'rating',
  page_size integer default 12,
  page_offset integer default 0
)
returns table (
  id uuid,
  full_name text,
  avatar_path text,
  specialization text,
  specialization_name text,
  qualification text,
  years_of_experience smallint,
  consultation_modes public.consultation_mode[],
  time_zone text,
  rating_avg numeric,
  rating_count integer,
  next_slot timestamptz,
  total_count bigint
)
language plpgsql volatile
security definer
set search_path = ''
as $$
declare
  sort text := coalesce(sort_by, 'rating');
  needle text := nullif(btrim(coalesce(search, '')), '');
  pattern text;
  cap integer;
  total bigint;
  ordering text;
  listed constant text := $q$
    from public.doctors d
    join public.profiles p on p.id = d.id and p.role = 'doctor'
    where d.is_active and d.verification_state = 'verified'
      and ($1::text is null or p.full_name ilike $1)
      and ($2::text is null or d.specialization = $2)
      and ($3::public.consultation_mode is null or $3 = any (d.consultation_modes))
  $q$;
begin
  if sort not in ('rating', 'next_available', 'experience', 'name') then
    raise exception 'Sort by one of rating, next_available, experience or name.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if page_size is null or page_size not between 1 and 50 then
    raise exception 'Ask for 1 to 50 doctors per page.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if page_offset is null or page_offset not between 0 and 10000 then
    raise exception 'Pages go as far as the first 10,000 doctors; narrow the search to see others.'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  if char_length(needle) > 100 then
    raise exception 'Search by at most 100 characters of a name.' using errcode = '22023', hint = 'invalid_input';
  end if;
  -- The search text is matched literally: % and _ in a name are not wildcards.
  if needle is not null then
    pattern := '%' || replace(replace(replace(needle, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  end if;

  perform public.refresh_stale_next_slots(4);

  -- Counting stops past the first 1,000 matches (or past this page): the app then shows "1,000+".
  cap := greatest(1000, page_offset + page_size);
  execute 'select count(*) from (select 1 ' || listed || ' limit $4) c'
    into total using pattern, specialty, mode, cap + 1;

  ordering := case sort
    when 'rating' then 'rating_avg desc nulls last, rating_count desc, id'
    when 'experience' then 'years_of_experience desc, id'
    when 'name' then 'full_name, id'
    else 'next_slot nulls last, id'
  end;
  return query execute format($q$
    select q.id, q.full_name, q.avatar_path, q.specialization, s.name, q.qualification, q.years_of_experience,
           q.consultation_modes, q.time_zone, q.rating_avg, q.rating_count,
           -- A slot time has overtaken is recomputed for the page's doctors only.
           case when q.next_slot < now() + public.booking_min_notice() then public.compute_next_slot(q.id)
                else q.next_slot end,
           $6
    from (
      select d.id, p.full_name, p.avatar_path, d.specialization, d.qualification, d.years_of_experience,
             d.consultation_modes, d.time_zone, d.rating_avg, d.rating_count, n.next_slot
      %1$s
      order by %2$s
      limit $4 offset $5
    ) q
    left join public.specializations s on s.slug = q.specialization
    order by %3$s
  $q$,
    replace(listed, 'where d.is_active', 'join public.doctor_next_slots n on n.doctor_id = d.id where d.is_active'),
    case sort
      when 'rating' then 'd.rating_avg desc nulls last, d.rating_count desc, d.id'
      when 'experience' then 'd.years_of_experience desc, d.id'
      when 'name' then 'p.full_name, p.id'
      else 'n.next_slot nulls last, n.doctor_id'
    end,
    regexp_replace(ordering, '(^|, )', '\1q.', 'g'))
  using pattern, specialty, mode, page_size, page_offset, total;
end
$$;

revoke execute on function public.compute_next_slot(uuid), public.refresh_next_slots(uuid[]),
  public.refresh_stale_next_slots(integer), public.next_slots_follow_schedule(), public.next_slots_follow_bookings(),
  public.next_slots_follow_doctors(), public.check_doctor_time_zone()
  from public, anon, authenticated;
