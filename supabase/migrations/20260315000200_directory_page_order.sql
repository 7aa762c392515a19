-- search_doctors, with one change: sorted by the soonest free slot, a page lists its doctors in
-- the order of the slots it shows. Many doctors' stored slots go stale at once when time passes a
-- slot boundary; each search refreshes only a few, and recomputes the page's own for display, so
-- the page was ordered by the stale values while showing the fresh ones (a 09:40 after 10:00s).
-- The body is 20260312000100's otherwise.

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
  verified_at timestamptz,
  verified_authority text,
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
           q.verified_at, q.verified_authority,
           $6
    from (
      select d.id, p.full_name, p.avatar_path, d.specialization, d.qualification, d.years_of_experience,
             d.consultation_modes, d.time_zone, d.rating_avg, d.rating_count, n.next_slot,
             d.verified_at, d.verified_authority
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
    -- The page is shown in the order of the slots it shows: a stored slot that time overtook is
    -- recomputed above, and sorting by the stored one would list it out of order.
    case sort
      when 'next_available' then '12 nulls last, 1'
      else regexp_replace(ordering, '(^|, )', '\1q.', 'g')
    end)
  using pattern, specialty, mode, page_size, page_offset, total;
end
$$;
