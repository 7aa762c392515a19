-- People: one profile per auth user, plus the doctor's or the patient's own record.
-- Roles are decided once, at sign-up, by a trigger; the API can never change them.

create table public.specializations (
  slug text primary key
    constraint specialization_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 60),
  name text not null unique constraint specialization_name_length check (char_length(name) between 2 and 80),
  description text constraint specialization_description_length check (char_length(description) <= 500),
  created_at timestamptz not null default now()
);

insert into public.specializations (slug, name, description) values
  ('general-practice', 'General practice', 'First contact for any health concern'),
  ('cardiology', 'Cardiology', 'Heart and blood vessels'),
  ('dermatology', 'Dermatology', 'Skin, hair and nails'),
  ('pediatrics', 'Pediatrics', 'Children from birth to adolescence'),
  ('psychiatry', 'Psychiatry', 'Mental health'),
  ('neurology', 'Neurology', 'Brain, spinal cord and nerves'),
  ('endocrinology', 'Endocrinology', 'Hormones, diabetes and thyroid'),
  ('gynecology', 'Gynecology', 'Women''s reproductive health'),
  ('orthopedics', 'Orthopedics', 'Bones, joints and muscles'),
  ('ophthalmology', 'Ophthalmology', 'Eyes and vision');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  role public.user_role not null,
  full_name text not null constraint profile_full_name_length check (char_length(btrim(full_name)) between 1 and 120),
  -- Avatars live in the avatars bucket under the owner's folder (see the storage migration).
  avatar_path text constraint profile_avatar_in_own_folder
    check (char_length(avatar_path) <= 300 and avatar_path like id::text || '/%'),
  phone text constraint profile_phone_format check (phone ~ '^\+?[0-9][0-9 ()-]{5,19}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.doctors (
  id uuid primary key references public.profiles (id) on delete cascade,
  specialization text references public.specializations (slug) on update cascade,
  qualification text constraint doctor_qualification_length check (char_length(qualification) <= 200),
  years_of_experience smallint not null default 0
    constraint doctor_years_of_experience_range check (years_of_experience between 0 and 70),
  about text constraint doctor_about_length check (char_length(about) <= 2000),
  consultation_modes public.consultation_mode[] not null default '{video,chat}'
    constraint doctor_offers_a_mode check (cardinality(consultation_modes) between 1 and 2
      and array_position(consultation_modes, null) is null),
  -- The doctor's IANA zone: weekly availability is wall-clock time there.
  time_zone text not null default 'UTC' constraint doctor_time_zone_is_iana check (public.is_valid_time_zone(time_zone)),
  slot_minutes smallint not null default 30
    constraint doctor_slot_minutes_range check (slot_minutes between 10 and 240 and slot_minutes % 5 = 0),
  is_active boolean not null default true,
  -- Maintained by a trigger on reviews, so the directory can sort by rating with an index.
  rating_avg numeric(3, 2),
  rating_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index doctors_specialization_rating_idx on public.doctors (specialization, rating_avg desc nulls last) where is_active;
create index doctors_rating_idx on public.doctors (rating_avg desc nulls last) where is_active;

create table public.patients (
  id uuid primary key references public.profiles (id) on delete cascade,
  date_of_birth date constraint patient_date_of_birth_not_in_future
    check (date_of_birth between date '1900-01-01' and current_date),
  gender public.gender,
  blood_group public.blood_group,
  allergies text constraint patient_allergies_length check (char_length(allergies) <= 1000),
  emergency_contact_name text constraint patient_emergency_contact_name_length
    check (char_length(emergency_contact_name) <= 120),
  emergency_contact_phone text constraint patient_emergency_contact_phone_format
    check (emergency_contact_phone ~ '^\+?[0-9][0-9 ()-]{5,19}$'),
  emergency_contact_relation text constraint patient_emergency_contact_relation_length
    check (char_length(emergency_contact_relation) <= 60),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger profiles_updated_at before update on public.profiles
  for each row execute function public.set_updated_at();
create trigger doctors_updated_at before update on public.doctors
  for each row execute function public.set_updated_at();
create trigger patients_updated_at before update on public.patients
  for each row execute function public.set_updated_at();

-- Column grants already keep `role` out of API updates; this catches every other path too.
create function public.keep_profile_role() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.role is distinct from old.role then
    raise exception 'a profile''s role cannot be changed' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger profiles_keep_role before update on public.profiles
  for each row execute function public.keep_profile_role();

-- Sign-up (GoTrue inserts into auth.users) creates the profile and the role's record.
-- options.data is untrusted input: an unknown role fails the sign-up instead of defaulting.
create function public.handle_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  requested text := meta ->> 'role';
  years text := nullif(btrim(meta ->> 'years_of_experience'), '');
  specialty text := nullif(btrim(meta ->> 'specialization'), '');
  zone text := meta ->> 'time_zone';
begin
  if requested is null or requested not in ('patient', 'doctor') then
    raise exception 'sign-up needs a role: options.data.role must be "patient" or "doctor"'
      using errcode = '22023',
            hint = 'supabase.auth.signUp({ email, password, options: { data: { role: "patient", full_name: "…" } } })';
  end if;

  insert into public.profiles (id, role, full_name)
  values (
    new.id,
    requested::public.user_role,
    coalesce(nullif(btrim(meta ->> 'full_name'), ''), nullif(split_part(coalesce(new.email, ''), '@', 1), ''), 'New user')
  );

  if requested = 'patient' then
    insert into public.patients (id) values (new.id);
    return new;
  end if;

  if years is not null and years !~ '^\d{1,2}$' then
    raise exception 'years_of_experience must be a whole number between 0 and 70' using errcode = '22023';
  end if;
  if specialty is not null and not exists (select 1 from public.specializations s where s.slug = specialty) then
    raise exception 'unknown specialization "%"', left(specialty, 60) using errcode = '22023';
  end if;
  insert into public.doctors (id, specialization, qualification, years_of_experience, time_zone)
  values (
    new.id,
    specialty,
    nullif(btrim(meta ->> 'qualification'), ''),
    coalesce(years::smallint, 0),
    case when public.is_valid_time_zone(zone) then zone else 'UTC' end
  );
  return new;
end
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

revoke execute on function public.keep_profile_role() from public, anon, authenticated;
revoke execute on function public.handle_new_user() from public, anon, authenticated;

-- Privileges: explicit, so the schema behaves the same whether or not the platform
-- auto-exposes new tables. RLS then narrows rows.
alter table public.specializations enable row level security;
alter table public.profiles enable row level security;
alter table public.doctors enable row level security;
alter table public.patients enable row level security;

revoke all on public.specializations, public.profiles, public.doctors, public.patients from anon, authenticated;
grant all on public.specializations, public.profiles, public.doctors, public.patients to service_role;

grant select on public.specializations to anon, authenticated;
create policy "specializations are public" on public.specializations
  for select to anon, authenticated using (true);

-- Anonymous visitors may see a doctor's public face (the directory), never a phone number.
grant select (id, role, full_name, avatar_path) on public.profiles to anon;
grant select on public.profiles to authenticated;
grant update (full_name, avatar_path, phone) on public.profiles to authenticated;
create policy "doctor profiles are public" on public.profiles
  for select to anon, authenticated using (role = 'doctor');
create policy "users read their own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "users update their own profile" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));

grant select on public.doctors to anon, authenticated;
grant update (specialization, qualification, years_of_experience, about, consultation_modes, time_zone, slot_minutes, is_active)
  on public.doctors to authenticated;
create policy "doctors are public" on public.doctors
  for select to anon, authenticated using (true);
create policy "doctors update their own record" on public.doctors
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));

grant select on public.patients to authenticated;
grant update (date_of_birth, gender, blood_group, allergies, emergency_contact_name, emergency_contact_phone,
  emergency_contact_relation) on public.patients to authenticated;
create policy "patients read their own medical profile" on public.patients
  for select to authenticated using (id = (select auth.uid()));
create policy "patients update their own medical profile" on public.patients
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));
