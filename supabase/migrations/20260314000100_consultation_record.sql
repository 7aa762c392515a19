-- The consultation's record (issue #20): visit summaries with kept versions, prescriptions,
-- medical documents and the patient's shares of them. The functions that write them are in
-- 20260314000200_record_functions.sql.
--
-- Who sees what:
--   visit_summary_drafts ........ the appointment's doctor only (never the patient)
--   visit_summary_versions ...... the appointment's doctor and patient; append-only, written
--                                 only by finalise_summary
--   prescriptions ............... the prescriber and the patient; written by issue_prescription,
--                                 cancelled by cancel_prescription, never deleted
--   documents ................... the patient, whoever uploaded it, the doctor of the appointment
--                                 it is attached to, and the doctors the patient shared it with,
--                                 the last two only while the patient is in their care
--                                 (public.in_care_with)
--   document_shares ............. the patient writes and removes them; the doctor sees the ones
--                                 addressed to them
-- Admins get nothing here: running the platform needs no patient's record.
--
-- Error catalogue additions (see 20260305000200_care_based_access.sql for the convention):
--   not_in_care        42501  the patient is not (or no longer) in this doctor's care
--   record_locked      PT409  a version or prescription cannot be rewritten or deleted
--   invalid_input      22023  a field is missing, too long or out of range

-- Visit summaries -------------------------------------------------------------------------

-- The doctor's working copy. Finalising copies it into a new version and removes it, so a draft
-- row always means "changes the patient has not seen yet".
create table public.visit_summary_drafts (
  appointment_id uuid primary key references public.appointments (id) on delete cascade,
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  complaint text not null default '' constraint summary_draft_complaint_length check (char_length(complaint) <= 4000),
  findings text not null default '' constraint summary_draft_findings_length check (char_length(findings) <= 4000),
  assessment text not null default '' constraint summary_draft_assessment_length check (char_length(assessment) <= 4000),
  plan text not null default '' constraint summary_draft_plan_length check (char_length(plan) <= 4000),
  follow_up text not null default '' constraint summary_draft_follow_up_length check (char_length(follow_up) <= 4000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index visit_summary_drafts_doctor_idx on public.visit_summary_drafts (doctor_id);
create trigger visit_summary_drafts_updated_at before update on public.visit_summary_drafts
  for each row execute function public.set_updated_at();

create table public.visit_summary_versions (
  id uuid primary key default gen_random_uuid(),
  appointment_id uuid not null references public.appointments (id) on delete cascade,
  version integer not null constraint summary_version_positive check (version > 0),
  -- Copied from the appointment, so policies and the patient's timeline need no join.
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  patient_id uuid not null references public.patients (id) on delete cascade,
  complaint text not null constraint summary_complaint_length check (char_length(complaint) <= 4000),
  findings text not null constraint summary_findings_length check (char_length(findings) <= 4000),
  assessment text not null constraint summary_assessment_length check (char_length(assessment) <= 4000),
  plan text not null constraint summary_plan_length check (char_length(plan) <= 4000),
  follow_up text not null constraint summary_follow_up_length check (char_length(follow_up) <= 4000),
  finalised_at timestamptz not null default now(),
  constraint summary_version_unique unique (appointment_id, version)
);
create index visit_summary_versions_patient_idx on public.visit_summary_versions (patient_id, finalised_at desc);
create index visit_summary_versions_doctor_idx on public.visit_summary_versions (doctor_id);

-- Versions and prescriptions are part of the medical record: no statement made through the API
-- (or by anyone, directly) rewrites or deletes them. The one exception is the cascade of an
-- account's deletion (auth.users → profiles → appointments), which reaches these rows from
-- inside the foreign key's own trigger, so pg_trigger_depth() is above 1 there.
create function public.refuse_record_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and pg_catalog.pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'This part of the medical record cannot be changed or deleted; a correction is a new version.'
    using errcode = 'PT409', hint = 'record_locked';
end
$$;
create trigger visit_summary_versions_append_only before update or delete on public.visit_summary_versions
  for each row execute function public.refuse_record_change();
create trigger visit_summary_versions_no_truncate before truncate on public.visit_summary_versions
  for each statement execute function public.refuse_record_change();

-- Prescriptions ---------------------------------------------------------------------------

create table public.prescriptions (
  id uuid primary key default gen_random_uuid(),
  -- What the printed prescription carries and a pharmacist reads out: RX-XXXX-XXXX.
  code text not null unique constraint prescription_code_format check (code ~ '^RX-[0-9A-F]{4}-[0-9A-F]{4}$'),
  appointment_id uuid not null references public.appointments (id) on delete cascade,
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  patient_id uuid not null references public.patients (id) on delete cascade,
  medication text not null constraint prescription_medication_length check (char_length(medication) between 2 and 200),
  strength text not null constraint prescription_strength_length check (char_length(strength) between 1 and 60),
  form text not null constraint prescription_form_length check (char_length(form) between 2 and 60),
  dose text not null constraint prescription_dose_length check (char_length(dose) between 1 and 100),
  frequency text not null constraint prescription_frequency_length check (char_length(frequency) between 2 and 100),
  duration_days integer not null constraint prescription_duration_range check (duration_days between 1 and 365),
  quantity integer not null constraint prescription_quantity_range check (quantity between 1 and 1000),
  instructions text constraint prescription_instructions_length check (char_length(instructions) <= 1000),
  -- The prescriber as the prescription was issued: name and licence stay as printed.
  prescriber_name text not null,
  prescriber_licence text,
  issued_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid references public.profiles (id) on delete set null,
  cancellation_reason text constraint prescription_cancellation_reason_length check (char_length(cancellation_reason) <= 500),
  constraint prescription_cancellation_complete check ((cancelled_at is null) = (cancellation_reason is null))
);
create index prescriptions_patient_idx on public.prescriptions (patient_id, issued_at desc);
create index prescriptions_appointment_idx on public.prescriptions (appointment_id);
create index prescriptions_doctor_idx on public.prescriptions (doctor_id);

-- A prescription changes once: from active to cancelled, nothing else about it.
create function public.guard_prescription_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if pg_catalog.pg_trigger_depth() > 1 then
      return old;
    end if;
    raise exception 'A prescription is never deleted; cancel it with a reason instead.'
      using errcode = 'PT409', hint = 'record_locked';
  end if;
  if old.cancelled_at is not null or new.cancelled_at is null
     or (to_jsonb(new) - '{cancelled_at,cancelled_by,cancellation_reason}'::text[])
        is distinct from (to_jsonb(old) - '{cancelled_at,cancelled_by,cancellation_reason}'::text[]) then
    raise exception 'A prescription cannot be changed after it is issued; cancel it and issue a new one.'
      using errcode = 'PT409', hint = 'record_locked';
  end if;
  return new;
end
$$;
create trigger prescriptions_guard_change before update or delete on public.prescriptions
  for each row execute function public.guard_prescription_change();
create trigger prescriptions_no_truncate before truncate on public.prescriptions
  for each statement execute function public.refuse_record_change();

-- Documents -------------------------------------------------------------------------------

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references public.patients (id) on delete cascade,
  uploaded_by uuid not null references public.profiles (id) on delete cascade,
  title text not null constraint document_title_length check (char_length(btrim(title)) between 1 and 200),
  kind text not null constraint document_kind_known
    check (kind in ('lab_result', 'imaging', 'photo', 'letter', 'report', 'other')),
  appointment_id uuid references public.appointments (id) on delete set null,
  -- In the medical-documents bucket, under the patient's folder.
  storage_path text not null unique constraint document_in_patient_folder
    check (char_length(storage_path) <= 400 and storage_path like patient_id::text || '/%'),
  mime_type text not null,
  size_bytes bigint not null constraint document_size_range check (size_bytes between 1 and 20971520),
  created_at timestamptz not null default now()
);
create index documents_patient_idx on public.documents (patient_id, created_at desc);
create index documents_appointment_idx on public.documents (appointment_id) where appointment_id is not null;
create index documents_uploaded_by_idx on public.documents (uploaded_by);

create table public.document_shares (
  document_id uuid not null references public.documents (id) on delete cascade,
  doctor_id uuid not null references public.doctors (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (document_id, doctor_id)
);
create index document_shares_doctor_idx on public.document_shares (doctor_id);

/** Is the signed-in user the patient who owns this document? */
create function public.owns_document(document uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.documents d where d.id = document and d.patient_id = (select auth.uid()))
$$;

/**
 * Does the signed-in doctor see this patient's document: attached to one of their visits, or
 * shared with them, and the patient in their care?
 */
create function public.doctor_sees_document(document uuid, patient uuid, appointment uuid) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select public.in_care_with(patient) and (
    exists (select 1 from public.appointments a
            where a.id = appointment and a.doctor_id = (select auth.uid()) and a.patient_id = patient)
    or exists (select 1 from public.document_shares s
               where s.document_id = document and s.doctor_id = (select auth.uid()))
  )
$$;

-- Sharing: the patient's own document, with a doctor who shares care with them. The checks run
-- before RLS's WITH CHECK, so a refusal reads as a sentence rather than a policy violation.
create function public.check_document_share() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is null then
    return new;
  end if;
  if not public.owns_document(new.document_id) then
    raise exception 'Only the patient can share their own document.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if not exists (select 1 from public.profiles p where p.id = new.doctor_id and p.role = 'doctor') then
    raise exception 'A document can be shared only with a doctor.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if not public.in_care_with(new.doctor_id) then
    raise exception 'You can share a document only with a doctor you have an appointment with.'
      using errcode = '42501', hint = 'not_in_care';
  end if;
  return new;
end
$$;
create trigger document_shares_check before insert on public.document_shares
  for each row execute function public.check_document_share();

-- Row-level security ------------------------------------------------------------------------

alter table public.visit_summary_drafts enable row level security;
alter table public.visit_summary_versions enable row level security;
alter table public.prescriptions enable row level security;
alter table public.documents enable row level security;
alter table public.document_shares enable row level security;

revoke all on public.visit_summary_drafts, public.visit_summary_versions, public.prescriptions, public.documents,
  public.document_shares from anon, authenticated;
grant all on public.visit_summary_drafts, public.documents, public.document_shares to service_role;
grant select, insert, update (cancelled_at, cancelled_by, cancellation_reason) on public.prescriptions to service_role;
grant select, insert on public.visit_summary_versions to service_role;

-- Everything but shares is written by the functions; the API role only reads.
grant select on public.visit_summary_drafts, public.visit_summary_versions, public.prescriptions, public.documents
  to authenticated;
grant select, insert (document_id, doctor_id), delete on public.document_shares to authenticated;

create policy "doctors read their drafts" on public.visit_summary_drafts
  for select to authenticated using (doctor_id = (select auth.uid()));
create policy "the visit's doctor and patient read its summary" on public.visit_summary_versions
  for select to authenticated using ((select auth.uid()) in (doctor_id, patient_id));
create policy "the prescriber and the patient read a prescription" on public.prescriptions
  for select to authenticated using ((select auth.uid()) in (doctor_id, patient_id));
create policy "patients, uploaders and doctors in care read a document" on public.documents
  for select to authenticated
  using (patient_id = (select auth.uid()) or uploaded_by = (select auth.uid())
         or public.doctor_sees_document(id, patient_id, appointment_id));
create policy "patients and the doctor shared with read a share" on public.document_shares
  for select to authenticated
  using (doctor_id = (select auth.uid()) or public.owns_document(document_id));
create policy "patients share their documents" on public.document_shares
  for insert to authenticated with check (public.owns_document(document_id));
create policy "patients withdraw a share" on public.document_shares
  for delete to authenticated using (public.owns_document(document_id));

-- The medical-documents bucket -----------------------------------------------------------

-- Private, 20 MB, PDFs and pictures. Paths: "<patient id>/<file>" for the patient's own uploads,
-- "<patient id>/<appointment id>/<file>" for what a visit's doctor adds. Downloads only through
-- signed URLs, which Storage signs only for a caller the SELECT policy lets read the object.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('medical-documents', 'medical-documents', false, 20971520,
  array['application/pdf', 'image/png', 'image/jpeg', 'image/webp'])
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

/** May the signed-in user upload an object at this path in medical-documents? */
create function public.can_upload_medical_document(object_name text) returns boolean
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  folders text[] := storage.foldername(object_name);
  uuid_pattern constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
begin
  if me is null or coalesce(array_length(folders, 1), 0) not in (1, 2) or folders[1] !~ uuid_pattern then
    return false;
  end if;
  if array_length(folders, 1) = 1 then
    return folders[1] = me::text and exists (select 1 from public.patients p where p.id = me);
  end if;
  return folders[2] ~ uuid_pattern and exists (
    select 1 from public.appointments a
    where a.id = folders[2]::uuid and a.patient_id = folders[1]::uuid and a.doctor_id = me
      and a.status in ('scheduled', 'completed')
  );
end
$$;

/** May the signed-in user read this medical-documents object? It follows the documents row. */
create function public.can_read_medical_document(object_name text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.documents d
    where d.storage_path = object_name
      and (d.patient_id = (select auth.uid()) or d.uploaded_by = (select auth.uid())
           or public.doctor_sees_document(d.id, d.patient_id, d.appointment_id))
  )
$$;

/** Is a documents row registered for this object? Registered files are part of the record. */
create function public.is_registered_document(object_name text) returns boolean
language sql stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.documents d where d.storage_path = object_name)
$$;

-- Before a file is registered only its uploader sees it (Storage reads the row back after an
-- upload); afterwards reads follow the documents table. Nobody replaces a file, and only an
-- unregistered upload (a registration that failed) may be removed by its uploader.
create policy "uploaders and readers of the document read medical documents" on storage.objects
  for select to authenticated
  using (bucket_id = 'medical-documents'
    and (owner_id = (select auth.uid())::text or public.can_read_medical_document(name)));
create policy "patients and their visit's doctor upload medical documents" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'medical-documents' and public.can_upload_medical_document(name));
create policy "uploaders remove an unregistered medical document" on storage.objects
  for delete to authenticated
  using (bucket_id = 'medical-documents' and owner_id = (select auth.uid())::text
    and not public.is_registered_document(name));

-- Realtime: the patient's open page hears a finalised summary or a new prescription; the
-- tables' RLS decides who receives which change.
alter publication supabase_realtime add table public.visit_summary_versions, public.prescriptions;

revoke execute on function public.refuse_record_change(), public.guard_prescription_change(),
  public.check_document_share() from public, anon, authenticated;
revoke execute on function public.owns_document(uuid), public.doctor_sees_document(uuid, uuid, uuid),
  public.can_upload_medical_document(text), public.can_read_medical_document(text),
  public.is_registered_document(text) from public, anon;
grant execute on function public.owns_document(uuid), public.doctor_sees_document(uuid, uuid, uuid),
  public.can_upload_medical_document(text), public.can_read_medical_document(text),
  public.is_registered_document(text) to authenticated, service_role;
