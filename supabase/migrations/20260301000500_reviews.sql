-- Reviews: one per completed appointment, written by its patient. Who reviewed whom is
-- medical information, so rows are visible only to the two parties; the public sees the
-- doctor's aggregate (doctors.rating_avg / rating_count) and anonymous texts (doctor_reviews()).

create table public.reviews (
  id uuid primary key default gen_random_uuid(),
  appointment_id uuid not null unique references public.appointments (id) on delete cascade,
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  patient_id uuid not null references public.patients (id) on delete cascade,
  rating smallint not null constraint review_rating_1_to_5 check (rating between 1 and 5),
  comment text constraint review_comment_length check (char_length(comment) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index reviews_doctor_created_idx on public.reviews (doctor_id, created_at desc);
create index reviews_patient_idx on public.reviews (patient_id);

-- The doctor and patient come from the appointment, never from the request body.
create function public.prepare_review() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  visit public.appointments;
begin
  if tg_op = 'UPDATE' then
    new.appointment_id := old.appointment_id;
    new.doctor_id := old.doctor_id;
    new.patient_id := old.patient_id;
    new.created_at := old.created_at;
    new.updated_at := now();
    return new;
  end if;
  select * into visit from public.appointments a where a.id = new.appointment_id;
  if not found then
    raise exception 'appointment % not found', new.appointment_id using errcode = 'P0002';
  end if;
  if auth.uid() is not null and visit.patient_id <> auth.uid() then
    raise exception 'only the patient of an appointment can review it' using errcode = '42501';
  end if;
  if visit.status <> 'completed' then
    raise exception 'only completed appointments can be reviewed (this one is %)', visit.status using errcode = '23514';
  end if;
  new.doctor_id := visit.doctor_id;
  new.patient_id := visit.patient_id;
  return new;
end
$$;
create trigger reviews_prepare before insert or update on public.reviews
  for each row execute function public.prepare_review();

-- Keeps the directory's aggregate in step. SECURITY DEFINER: the reviewer may not update doctors.
create function public.refresh_doctor_rating() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  target uuid := coalesce(new.doctor_id, old.doctor_id);
begin
  update public.doctors d
  set rating_avg = stats.avg_rating, rating_count = stats.total
  from (
    select round(avg(r.rating), 2) as avg_rating, count(*)::integer as total
    from public.reviews r where r.doctor_id = target
  ) stats
  where d.id = target;
  return null;
end
$$;
create trigger reviews_refresh_rating after insert or update or delete on public.reviews
  for each row execute function public.refresh_doctor_rating();

-- Public review texts for a doctor's page, without reviewer identity.
create function public.doctor_reviews(doctor uuid, max_rows integer default 20)
returns table (id uuid, rating smallint, comment text, created_at timestamptz)
language sql stable
security definer
set search_path = ''
as $$
  select r.id, r.rating, r.comment, r.created_at
  from public.reviews r
  where r.doctor_id = doctor
  order by r.created_at desc
  limit least(greatest(max_rows, 1), 100)
$$;

alter table public.reviews enable row level security;
revoke all on public.reviews from anon, authenticated;
grant all on public.reviews to service_role;
grant select, insert (appointment_id, rating, comment), update (rating, comment), delete on public.reviews to authenticated;

create policy "parties read a review" on public.reviews
  for select to authenticated using ((select auth.uid()) in (patient_id, doctor_id));
create policy "patients review their completed appointments" on public.reviews
  for insert to authenticated with check (patient_id = (select auth.uid()));
create policy "patients edit their reviews" on public.reviews
  for update to authenticated using (patient_id = (select auth.uid())) with check (patient_id = (select auth.uid()));
create policy "patients delete their reviews" on public.reviews
  for delete to authenticated using (patient_id = (select auth.uid()));

revoke execute on function public.prepare_review(), public.refresh_doctor_rating() from public, anon, authenticated;
grant execute on function public.doctor_reviews(uuid, integer) to anon, authenticated, service_role;
