-- A doctor's working hours: weekly rules plus dated exceptions, all in the doctor's own
-- time zone (doctors.time_zone), so daylight-saving changes move slots the way a clinic expects.

create table public.doctor_availability (
  id bigint generated always as identity primary key,
  doctor_id uuid not null default auth.uid() references public.doctors (id) on delete cascade,
  -- 0 = Sunday … 6 = Saturday, as Postgres `extract(dow …)` and JavaScript `getDay()` count.
  weekday smallint not null constraint availability_weekday_range check (weekday between 0 and 6),
  start_time time not null,
  end_time time not null,
  created_at timestamptz not null default now(),
  constraint availability_ends_after_start check (end_time > start_time),
  constraint availability_no_overlap exclude using gist (
    doctor_id with =,
    weekday with =,
    tsrange(date '2000-01-01' + start_time, date '2000-01-01' + end_time) with &&
  )
);

create table public.doctor_availability_exceptions (
  id bigint generated always as identity primary key,
  doctor_id uuid not null default auth.uid() references public.doctors (id) on delete cascade,
  date date not null,
  -- day_off without times blocks the whole day; with times, only that interval.
  kind public.availability_exception_kind not null,
  start_time time,
  end_time time,
  note text constraint availability_exception_note_length check (char_length(note) <= 200),
  created_at timestamptz not null default now(),
  constraint availability_exception_times_paired check ((start_time is null) = (end_time is null)),
  constraint availability_exception_ends_after_start check (end_time > start_time),
  constraint availability_extra_hours_need_times check (kind <> 'extra_hours' or start_time is not null)
);

create index doctor_availability_exceptions_doctor_date_idx on public.doctor_availability_exceptions (doctor_id, date);

alter table public.doctor_availability enable row level security;
alter table public.doctor_availability_exceptions enable row level security;

revoke all on public.doctor_availability, public.doctor_availability_exceptions from anon, authenticated;
grant all on public.doctor_availability, public.doctor_availability_exceptions to service_role;

-- Working hours are public (patients browse them before signing in); only the doctor edits them.
grant select on public.doctor_availability, public.doctor_availability_exceptions to anon, authenticated;
grant insert (doctor_id, weekday, start_time, end_time), update (weekday, start_time, end_time), delete
  on public.doctor_availability to authenticated;
grant insert (doctor_id, date, kind, start_time, end_time, note), update (date, kind, start_time, end_time, note), delete
  on public.doctor_availability_exceptions to authenticated;

create policy "availability is public" on public.doctor_availability
  for select to anon, authenticated using (true);
create policy "doctors add their own availability" on public.doctor_availability
  for insert to authenticated with check (doctor_id = (select auth.uid()));
create policy "doctors change their own availability" on public.doctor_availability
  for update to authenticated using (doctor_id = (select auth.uid())) with check (doctor_id = (select auth.uid()));
create policy "doctors remove their own availability" on public.doctor_availability
  for delete to authenticated using (doctor_id = (select auth.uid()));

create policy "availability exceptions are public" on public.doctor_availability_exceptions
  for select to anon, authenticated using (true);
create policy "doctors add their own exceptions" on public.doctor_availability_exceptions
  for insert to authenticated with check (doctor_id = (select auth.uid()));
create policy "doctors change their own exceptions" on public.doctor_availability_exceptions
  for update to authenticated using (doctor_id = (select auth.uid())) with check (doctor_id = (select auth.uid()));
create policy "doctors remove their own exceptions" on public.doctor_availability_exceptions
  for delete to authenticated using (doctor_id = (select auth.uid()));
