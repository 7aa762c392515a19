-- The directory's "Verified" badge says what was checked and when: search_doctors returns the
-- verification date and the authority whose register was checked, as doctor_directory already
-- does (20260307000200_doctor_verification.sql). Nothing else of the licence is public: the
-- registration number and the document stay in doctor_licences, private to the doctor and admins.
--
-- A function's result columns cannot change in place (CREATE OR REPLACE refuses a new row type),
-- so it is dropped and made again with the same arguments, body and privileges.

drop function public.search_doctors(text, text, public.consultation_mode, text, integer, integer);

create function public.search_doctors(
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
  verified_at timestamptz,
  verified_authority text,
  total_count bigint
)
language plpgsql stable
set search_path = ''
as $$
declare
  pattern text;
begin
  if sort_by not in ('rating', 'next_available', 'experience', 'name') then
    raise exception 'sort must be one of rating, next_available, experience, name' using errcode = '22023';
  end if;
  if page_size not between 1 and 50 or page_offset not between 0 and 10000 then
    raise exception 'page_size must be 1–50 and page_offset 0–10000' using errcode = '22023';
  end if;
  if char_length(search) > 100 then
    raise exception 'search at most 100 characters' using errcode = '22023';
  end if;
  -- The search text is matched literally: % and _ in a name are not wildcards.
  pattern := '%' || replace(replace(replace(btrim(coalesce(search, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%';

  return query
  with matches as (
    select d.*
    from public.doctor_directory d
    where d.full_name ilike pattern
      and (search_doctors.specialty is null or d.specialization = search_doctors.specialty)
      and (search_doctors.mode is null or search_doctors.mode = any (d.consultation_modes))
  ),
  counted as (
    select m.*, count(*) over () as total
    from matches m
  ),
  -- Only sorting by availability needs every match's next slot; otherwise just the page's.
  ordered as (
    select c.*, case when search_doctors.sort_by = 'next_available' then public.next_available_slot(c.id) end as soonest
    from counted c
  ),
  paged as (
    select o.*
    from ordered o
    order by
      case when search_doctors.sort_by = 'next_available' then o.soonest end asc nulls last,
      case when search_doctors.sort_by = 'rating' then o.rating_avg end desc nulls last,
      case when search_doctors.sort_by = 'rating' then o.rating_count end desc,
      case when search_doctors.sort_by = 'experience' then o.years_of_experience end desc,
      o.full_name, o.id
    limit page_size offset page_offset
  )
  select p.id, p.full_name, p.avatar_path, p.specialization, p.specialization_name, p.qualification,
         p.years_of_experience, p.consultation_modes, p.time_zone, p.rating_avg, p.rating_count,
         coalesce(p.soonest, public.next_available_slot(p.id)), p.verified_at, p.verified_authority, p.total
  from paged p
  order by
    case when search_doctors.sort_by = 'next_available' then p.soonest end asc nulls last,
    case when search_doctors.sort_by = 'rating' then p.rating_avg end desc nulls last,
    case when search_doctors.sort_by = 'rating' then p.rating_count end desc,
    case when search_doctors.sort_by = 'experience' then p.years_of_experience end desc,
    p.full_name, p.id;
end
$$;

revoke execute on function public.search_doctors(text, text, public.consultation_mode, text, integer, integer)
  from public;
grant execute on function public.search_doctors(text, text, public.consultation_mode, text, integer, integer)
  to anon, authenticated, service_role;
