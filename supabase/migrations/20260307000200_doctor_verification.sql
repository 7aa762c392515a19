-- Verified doctors: nobody is listed or bookable until an admin has checked their licence.
--
-- State machine (public.doctors.verification_state), moved only by the functions below:
--   unverified ──submit_licence──▶ pending_review ──approve_doctor──▶ verified
--   rejected  ──submit_licence──▶ pending_review ──reject_doctor───▶ rejected (reason)
--   verified  ──suspend_user────▶ suspended (reason; future appointments cancelled)
--   suspended ──reinstate_user──▶ verified
--
-- Who sees a doctor (RLS on doctors, and through it profiles and availability):
--   anon and everyone ........ verified doctors only (the directory, search, embeds)
--   the doctor ............... their own row, whatever its state
--   their patients ........... the doctor of any appointment they have or had, so past visits
--                              stay readable after a suspension
--   admins ................... every doctor (the verification queue)
-- Admins get no policy on patients, messages or appointment_notes: checking a licence needs
-- none of a patient's medical data. Platform figures are aggregates computed in SQL.
--
-- Error catalogue additions (see 20260305000200_care_based_access.sql for the convention):
--   doctor_not_verified     PT409  booking a doctor who is not verified (or is suspended)
--   not_found               PT404  an admin action on a user or doctor that does not exist
--   invalid_transition      PT409  the doctor's verification state does not allow this
--   invalid_input           22023  a licence field or a reason is missing or malformed

create type public.verification_state as enum ('unverified', 'pending_review', 'verified', 'rejected', 'suspended');

alter table public.doctors
  add column verification_state public.verification_state not null default 'unverified',
  -- What the directory shows with the "Verified" badge: when, and which authority's register.
  add column verified_at timestamptz,
  add column verified_authority text constraint doctor_verified_authority_length
    check (char_length(verified_authority) <= 200),
  add constraint doctor_verified_has_date check (verification_state not in ('verified', 'suspended') or verified_at is not null);

create index doctors_verified_idx on public.doctors (id) where verification_state = 'verified';

-- The directory lists verified doctors only; the policies below decide who else sees a row.
create or replace view public.doctor_directory with (security_invoker = true) as
select
  d.id,
  p.full_name,
  p.avatar_path,
  d.specialization,
  s.name as specialization_name,
  d.qualification,
  d.years_of_experience,
  d.about,
  d.consultation_modes,
  d.time_zone,
  d.slot_minutes,
  d.rating_avg,
  d.rating_count,
  d.verified_at,
  d.verified_authority
from public.doctors d
join public.profiles p on p.id = d.id
left join public.specializations s on s.slug = d.specialization
where d.is_active and d.verification_state = 'verified';

-- Licence details: private to the doctor and admins. Written only through submit_licence.
create table public.doctor_licences (
  doctor_id uuid primary key references public.doctors (id) on delete cascade,
  registration_number text not null
    constraint licence_registration_number_format check (registration_number ~ '^[A-Za-z0-9][A-Za-z0-9 /.-]{1,39}$'),
  issuing_authority text not null
    constraint licence_issuing_authority_length check (char_length(btrim(issuing_authority)) between 2 and 120),
  -- ISO 3166-1 alpha-2, as the licence states it.
  country text not null constraint licence_country_code check (country ~ '^[A-Z]{2}$'),
  year_licensed smallint not null constraint licence_year_range check (year_licensed between 1940 and 2100),
  -- In the licence-documents bucket, under the doctor's own folder.
  document_path text not null constraint licence_document_in_own_folder
    check (char_length(document_path) <= 300 and document_path like doctor_id::text || '/%'),
  submitted_at timestamptz not null default now(),
  decided_at timestamptz,
  -- The last rejection's or suspension's reason, which the doctor reads on their dashboard.
  decision_reason text constraint licence_decision_reason_length check (char_length(decision_reason) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index doctor_licences_submitted_idx on public.doctor_licences (submitted_at);
create trigger doctor_licences_updated_at before update on public.doctor_licences
  for each row execute function public.set_updated_at();

-- Every admin action, append-only: who, what, on whom, when and why.
create table public.admin_actions (
  id bigint generated always as identity primary key,
  -- No foreign keys: the log outlives the accounts it mentions, and must never be rewritten
  -- by an ON DELETE action.
  admin_id uuid not null,
  admin_name text not null,
  action text not null constraint admin_action_known
    check (action in ('approve_doctor', 'reject_doctor', 'suspend_user', 'reinstate_user', 'make_admin')),
  target_id uuid not null,
  reason text constraint admin_action_reason_length check (char_length(reason) <= 500),
  -- e.g. how many appointments a suspension cancelled.
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index admin_actions_target_idx on public.admin_actions (target_id, created_at desc);
create index admin_actions_created_idx on public.admin_actions (created_at desc);

create function public.refuse_audit_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'The admin audit log is append-only.' using errcode = '42501', hint = 'not_allowed';
end
$$;
create trigger admin_actions_append_only before update or delete on public.admin_actions
  for each row execute function public.refuse_audit_change();
create trigger admin_actions_no_truncate before truncate on public.admin_actions
  for each statement execute function public.refuse_audit_change();

-- When a request was confirmed, for the median request → confirmation figure.
alter table public.appointments add column confirmed_at timestamptz;

create function public.stamp_confirmation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status = 'pending' and new.status = 'scheduled' then
    new.confirmed_at := now();
  end if;
  return new;
end
$$;
create trigger appointments_stamp_confirmation before update on public.appointments
  for each row execute function public.stamp_confirmation();

/** Is the signed-in user an admin? */
create function public.is_admin() returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.role = 'admin')
$$;

create function public.require_admin() returns uuid
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  if not public.is_admin() then
    raise exception 'Only an admin can do this.' using errcode = '42501', hint = 'not_allowed';
  end if;
  return (select auth.uid());
end
$$;

-- Row-level security --------------------------------------------------------------------

alter table public.doctor_licences enable row level security;
alter table public.admin_actions enable row level security;
revoke all on public.doctor_licences, public.admin_actions from anon, authenticated;
grant all on public.doctor_licences to service_role;
grant select, insert on public.admin_actions to service_role;
grant select on public.doctor_licences, public.admin_actions to authenticated;

create policy "doctors and admins read a licence" on public.doctor_licences
  for select to authenticated using (doctor_id = (select auth.uid()) or (select public.is_admin()));
create policy "admins read the audit log" on public.admin_actions
  for select to authenticated using ((select public.is_admin()));
create policy "doctors read the actions on them" on public.admin_actions
  for select to authenticated using (target_id = (select auth.uid()));

drop policy "doctors are public" on public.doctors;
create policy "doctors are public" on public.doctors
  for select to anon, authenticated using (verification_state = 'verified');
create policy "doctors, their patients and admins see an unlisted doctor" on public.doctors
  for select to authenticated
  using (id = (select auth.uid()) or public.shares_appointment_with(id) or (select public.is_admin()));

-- A doctor's public face follows the doctor row's visibility above (the subquery runs under
-- the caller's RLS on doctors).
drop policy "doctor profiles are public" on public.profiles;
create policy "doctor profiles are public" on public.profiles
  for select to anon, authenticated
  using (role = 'doctor' and exists (select 1 from public.doctors d where d.id = profiles.id));

drop policy "availability is public" on public.doctor_availability;
create policy "availability is public" on public.doctor_availability
  for select to anon, authenticated
  using (exists (select 1 from public.doctors d where d.id = doctor_availability.doctor_id));
drop policy "availability exceptions are public" on public.doctor_availability_exceptions;
create policy "availability exceptions are public" on public.doctor_availability_exceptions
  for select to anon, authenticated
  using (exists (select 1 from public.doctors d where d.id = doctor_availability_exceptions.doctor_id));

-- Reviews of a doctor nobody may book are not shown to the public either.
create or replace function public.doctor_reviews(doctor uuid, max_rows integer default 20)
returns table (id uuid, rating smallint, comment text, created_at timestamptz)
language sql stable
security definer
set search_path = ''
as $$
  select r.id, r.rating, r.comment, r.created_at
  from public.reviews r
  join public.doctors d on d.id = r.doctor_id and d.verification_state = 'verified'
  where r.doctor_id = doctor
  order by r.created_at desc
  limit least(greatest(max_rows, 1), 100)
$$;

-- Licence documents: a private bucket, PDF or picture, at most 10 MB, under "<doctor id>/…".
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('licence-documents', 'licence-documents', false, 10485760,
  array['application/pdf', 'image/png', 'image/jpeg', 'image/webp'])
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- Read (and so signed URLs) for the doctor and admins; writes only by the doctor, into their
-- own folder, and not once they are verified (the checked document stays the one on file).
create policy "doctors and admins read licence documents" on storage.objects
  for select to authenticated
  using (bucket_id = 'licence-documents'
    and ((storage.foldername(name))[1] = (select auth.uid())::text or (select public.is_admin())));
create policy "doctors upload their licence document" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'licence-documents'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and exists (select 1 from public.doctors d where d.id = (select auth.uid())
      and d.verification_state in ('unverified', 'rejected', 'pending_review')));
create policy "doctors replace their licence document" on storage.objects
  for update to authenticated
  using (bucket_id = 'licence-documents' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'licence-documents'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and exists (select 1 from public.doctors d where d.id = (select auth.uid())
      and d.verification_state in ('unverified', 'rejected', 'pending_review')));
