-- The consultation record's writes and reads (tables and policies:
-- 20260314000100_consultation_record.sql). Each write is one function, one transaction: a
-- refusal leaves nothing half-saved. Refusals carry the catalogue's codes in HINT.

/** The visit the signed-in doctor may write the record of: their own, scheduled or completed. */
create function public.visit_for_record(appointment_id uuid) returns public.appointments
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  visit public.appointments;
begin
  select * into visit from public.appointments a where a.id = visit_for_record.appointment_id for update;
  -- Strangers learn nothing, not even whether the appointment exists.
  if not found or me is null or me not in (visit.doctor_id, visit.patient_id) then
    raise exception 'Appointment not found.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if me <> visit.doctor_id then
    raise exception 'Only the doctor of this visit can write its record.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if visit.status not in ('scheduled', 'completed') then
    raise exception 'A record can be written only for a scheduled or completed visit; this one is %.', visit.status
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  return visit;
end
$$;

/** A free-text field, trimmed; refuses one over `max_length` characters, naming it. */
create function public.record_text(value text, label text, max_length integer, required boolean default false)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  trimmed text := btrim(coalesce(value, ''));
begin
  if required and trimmed = '' then
    raise exception 'Please fill in the %.', label using errcode = '22023', hint = 'invalid_input';
  end if;
  if char_length(trimmed) > max_length then
    raise exception 'Keep the % under % characters (it has %).', label, max_length, char_length(trimmed)
      using errcode = '22023', hint = 'invalid_input';
  end if;
  return trimmed;
end
$$;

-- Summaries -----------------------------------------------------------------------------

/** The doctor saves the working copy of a visit's summary (the patient does not see it). */
create function public.save_summary_draft(
  appointment_id uuid,
  complaint text default '',
  findings text default '',
  assessment text default '',
  plan text default '',
  follow_up text default ''
) returns public.visit_summary_drafts
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.visit_for_record(appointment_id);
  saved public.visit_summary_drafts;
begin
  insert into public.visit_summary_drafts as d (appointment_id, doctor_id, complaint, findings, assessment, plan, follow_up)
  values (visit.id, visit.doctor_id,
    public.record_text(complaint, 'complaint', 4000), public.record_text(findings, 'findings', 4000),
    public.record_text(assessment, 'assessment', 4000), public.record_text(plan, 'plan', 4000),
    public.record_text(follow_up, 'follow-up advice', 4000))
  on conflict on constraint visit_summary_drafts_pkey do update set
    complaint = excluded.complaint, findings = excluded.findings, assessment = excluded.assessment,
    plan = excluded.plan, follow_up = excluded.follow_up
  returning * into saved;
  return saved;
end
$$;

/**
 * The doctor finalises the draft: it becomes the next version, which the patient sees, and the
 * draft goes. Earlier versions stay as they were.
 */
create function public.finalise_summary(appointment_id uuid) returns public.visit_summary_versions
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.visit_for_record(appointment_id);
  draft public.visit_summary_drafts;
  final public.visit_summary_versions;
begin
  select * into draft from public.visit_summary_drafts d where d.appointment_id = visit.id for update;
  if not found then
    raise exception 'There is no draft to finalise; write the summary first.'
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if btrim(draft.complaint || draft.findings || draft.assessment || draft.plan || draft.follow_up) = '' then
    raise exception 'The summary is empty; write at least one part before finalising.'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  insert into public.visit_summary_versions
    (appointment_id, version, doctor_id, patient_id, complaint, findings, assessment, plan, follow_up)
  select visit.id, coalesce(max(v.version), 0) + 1, visit.doctor_id, visit.patient_id,
    draft.complaint, draft.findings, draft.assessment, draft.plan, draft.follow_up
  from public.visit_summary_versions v where v.appointment_id = visit.id
  returning * into final;
  delete from public.visit_summary_drafts d where d.appointment_id = visit.id;
  return final;
end
$$;

-- Prescriptions ---------------------------------------------------------------------------

/** The doctor of a visit issues a prescription on it. */
create function public.issue_prescription(
  appointment_id uuid,
  medication text,
  strength text,
  form text,
  dose text,
  frequency text,
  duration_days integer,
  quantity integer,
  instructions text default null
) returns public.prescriptions
language plpgsql
security definer
set search_path = ''
as $$
declare
  visit public.appointments := public.visit_for_record(appointment_id);
  doctor record;
  issued public.prescriptions;
begin
  select p.full_name, d.verification_state, d.verified_authority, l.registration_number
  into doctor
  from public.doctors d
  join public.profiles p on p.id = d.id
  left join public.doctor_licences l on l.doctor_id = d.id
  where d.id = visit.doctor_id;
  if doctor.verification_state <> 'verified' then
    raise exception 'Only a verified doctor can issue prescriptions.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if duration_days is null or duration_days not between 1 and 365 then
    raise exception 'The duration must be a whole number of days from 1 to 365.'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  if quantity is null or quantity not between 1 and 1000 then
    raise exception 'The quantity must be a whole number from 1 to 1000.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if char_length(public.record_text(medication, 'medication', 200, true)) < 2 then
    raise exception 'Name the medication (at least 2 characters).' using errcode = '22023', hint = 'invalid_input';
  end if;
  -- A unique code, drawn again in the unlikely case it is taken.
  for attempt in 1..5 loop
    begin
      insert into public.prescriptions (code, appointment_id, doctor_id, patient_id, medication, strength, form, dose,
        frequency, duration_days, quantity, instructions, prescriber_name, prescriber_licence)
      values (
        'RX-' || upper(substr(md5(gen_random_uuid()::text), 1, 4)) || '-' || upper(substr(md5(gen_random_uuid()::text), 1, 4)),
        visit.id, visit.doctor_id, visit.patient_id,
        public.record_text(medication, 'medication', 200, true),
        public.record_text(strength, 'strength', 60, true),
        public.record_text(form, 'form', 60, true),
        public.record_text(dose, 'dose', 100, true),
        public.record_text(frequency, 'frequency', 100, true),
        duration_days, quantity,
        nullif(public.record_text(instructions, 'instructions', 1000), ''),
        doctor.full_name,
        nullif(concat_ws(', ', doctor.registration_number, doctor.verified_authority), ''))
      returning * into issued;
      return issued;
    exception
      when unique_violation then
        if attempt = 5 then
          raise;
        end if;
    end;
  end loop;
  return issued;
end
$$;

/** The prescriber cancels a prescription with a reason; it stays on the record, marked cancelled. */
create function public.cancel_prescription(prescription_id uuid, reason text) returns public.prescriptions
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  found_row public.prescriptions;
begin
  select * into found_row from public.prescriptions p where p.id = prescription_id for update;
  if not found or me is null or me not in (found_row.doctor_id, found_row.patient_id) then
    raise exception 'Prescription not found.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if me <> found_row.doctor_id then
    raise exception 'Only the prescriber can cancel a prescription.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if found_row.cancelled_at is not null then
    raise exception 'This prescription was already cancelled.' using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  update public.prescriptions p
  set cancelled_at = now(), cancelled_by = me, cancellation_reason = public.require_reason(reason)
  where p.id = found_row.id
  returning * into found_row;
  return found_row;
end
$$;

-- Documents -------------------------------------------------------------------------------

/**
 * Registers an uploaded medical-documents file on the patient's record: the patient's own
 * upload (optionally attached to one of their appointments) or a file a visit's doctor added
 * under "<patient>/<appointment>/". Type and size come from Storage, not from the caller.
 */
create function public.register_document(
  storage_path text,
  title text,
  kind text,
  appointment_id uuid default null
) returns public.documents
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  object storage.objects;
  folders text[] := storage.foldername(storage_path);
  patient uuid;
  visit uuid := register_document.appointment_id;
  saved public.documents;
begin
  select * into object from storage.objects o
  where o.bucket_id = 'medical-documents' and o.name = register_document.storage_path
    and o.owner_id = me::text;
  if me is null or not found or not public.can_upload_medical_document(object.name) then
    raise exception 'Upload the file before adding it to the record.' using errcode = '22023', hint = 'invalid_input';
  end if;
  -- The upload policy already checked the path; it decides whose record this is.
  patient := folders[1]::uuid;
  if array_length(folders, 1) = 2 then
    visit := folders[2]::uuid;
  elsif visit is not null and not exists (
    select 1 from public.appointments a where a.id = visit and a.patient_id = me
  ) then
    raise exception 'Appointment not found.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if kind is null or kind not in ('lab_result', 'imaging', 'photo', 'letter', 'report', 'other') then
    raise exception 'Choose what kind of document this is: lab result, imaging, photo, letter, report or other.'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  insert into public.documents (patient_id, uploaded_by, title, kind, appointment_id, storage_path, mime_type, size_bytes)
  values (patient, me, public.record_text(title, 'title', 200, true), kind, visit, object.name,
    coalesce(object.metadata ->> 'mimetype', 'application/octet-stream'), (object.metadata ->> 'size')::bigint)
  returning * into saved;
  return saved;
exception
  when unique_violation then
    raise exception 'This file is already on the record.' using errcode = 'PT409', hint = 'invalid_transition';
end
$$;

-- Reads -----------------------------------------------------------------------------------

/** The documents of `patient` the signed-in user may read, as JSON, newest first. */
create function public.documents_json(patient uuid) returns jsonb
language sql stable
security invoker
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', d.id, 'title', d.title, 'kind', d.kind, 'appointment_id', d.appointment_id,
      'storage_path', d.storage_path, 'mime_type', d.mime_type, 'size_bytes', d.size_bytes,
      'uploaded_by', d.uploaded_by, 'created_at', d.created_at,
      'shared_with', (select coalesce(jsonb_agg(s.doctor_id order by s.created_at), '[]'::jsonb)
                      from public.document_shares s where s.document_id = d.id))
    order by d.created_at desc), '[]'::jsonb)
  from public.documents d
  where d.patient_id = patient
$$;

/** One visit's record as JSON: summary versions (newest first), prescriptions, attached documents. */
create function public.visit_json(visit public.appointments, with_private boolean) returns jsonb
language sql stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', visit.id, 'starts_at', visit.starts_at, 'ends_at', visit.ends_at, 'status', visit.status,
    'mode', visit.mode, 'reason', visit.reason, 'doctor_id', visit.doctor_id,
    'doctor_name', (select p.full_name from public.profiles p where p.id = visit.doctor_id),
    'summaries', (select coalesce(jsonb_agg(to_jsonb(v) order by v.version desc), '[]'::jsonb)
                  from public.visit_summary_versions v where v.appointment_id = visit.id),
    'prescriptions', (select coalesce(jsonb_agg(to_jsonb(r) order by r.issued_at), '[]'::jsonb)
                      from public.prescriptions r where r.appointment_id = visit.id)
  ) || case when with_private then jsonb_build_object(
    'draft', (select to_jsonb(d) from public.visit_summary_drafts d where d.appointment_id = visit.id),
    'note', (select n.body from public.appointment_notes n where n.appointment_id = visit.id)
  ) else '{}'::jsonb end
$$;

/**
 * The patient chart for the signed-in doctor: the patient's medical profile, every visit with
 * this doctor (summaries with their history, drafts, private notes, prescriptions) and the
 * documents the doctor may see. Only while the patient is in the doctor's care.
 */
create function public.patient_chart(patient uuid) returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  if me is null or not exists (select 1 from public.doctors d where d.id = me) then
    raise exception 'Only a doctor can open a patient chart.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if patient is null or not public.in_care_with(patient) then
    raise exception 'This patient is not in your care; a chart opens only for patients with an open or recent visit with you.'
      using errcode = '42501', hint = 'not_in_care';
  end if;
  return jsonb_build_object(
    'patient', (select jsonb_build_object('id', p.id, 'full_name', p.full_name, 'avatar_path', p.avatar_path)
                from public.profiles p where p.id = patient),
    'medical_profile', (select to_jsonb(m) - 'created_at' from public.patients m where m.id = patient),
    'visits', (select coalesce(jsonb_agg(public.visit_json(a, true) order by a.starts_at desc), '[]'::jsonb)
               from public.appointments a where a.patient_id = patient and a.doctor_id = me),
    'documents', public.documents_json(patient)
  );
end
$$;

/**
 * The signed-in patient's health history, for the timeline and the "download my data" export:
 * their profile, every visit with its final summaries and prescriptions, their documents, and
 * one timeline of dated entries. `patient`, when given, must be the caller.
 */
create function public.my_health_history(patient uuid default null) returns jsonb
language plpgsql stable
security invoker
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
begin
  if me is null or not exists (select 1 from public.patients p where p.id = me) then
    raise exception 'Only a signed-in patient can export their health history.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if patient is not null and patient <> me then
    raise exception 'You can export only your own health history.' using errcode = '42501', hint = 'not_allowed';
  end if;
  return jsonb_build_object(
    'exported_at', now(),
    'patient', (select jsonb_build_object('id', p.id, 'full_name', p.full_name) || (to_jsonb(m) - 'id')
                from public.profiles p join public.patients m on m.id = p.id where p.id = me),
    'visits', (select coalesce(jsonb_agg(public.visit_json(a, false) order by a.starts_at desc), '[]'::jsonb)
               from public.appointments a where a.patient_id = me),
    'documents', public.documents_json(me),
    'timeline', (select coalesce(jsonb_agg(e.entry order by e.at desc), '[]'::jsonb) from (
        select a.starts_at as at, jsonb_build_object('type', 'visit', 'at', a.starts_at, 'appointment_id', a.id,
          'status', a.status, 'mode', a.mode) as entry
        from public.appointments a where a.patient_id = me
        union all
        select v.finalised_at, jsonb_build_object('type', 'summary', 'at', v.finalised_at, 'appointment_id', v.appointment_id,
          'id', v.id, 'version', v.version)
        from public.visit_summary_versions v where v.patient_id = me
        union all
        select r.issued_at, jsonb_build_object('type', 'prescription', 'at', r.issued_at, 'appointment_id', r.appointment_id,
          'id', r.id, 'code', r.code, 'medication', r.medication, 'cancelled', r.cancelled_at is not null)
        from public.prescriptions r where r.patient_id = me
        union all
        select d.created_at, jsonb_build_object('type', 'document', 'at', d.created_at, 'appointment_id', d.appointment_id,
          'id', d.id, 'title', d.title, 'kind', d.kind)
        from public.documents d where d.patient_id = me
      ) e)
  );
end
$$;

-- Privileges ----------------------------------------------------------------------------

revoke execute on function public.visit_for_record(uuid), public.record_text(text, text, integer, boolean),
  public.documents_json(uuid), public.visit_json(public.appointments, boolean)
  from public, anon, authenticated;
-- The readers run as the caller (RLS decides every row), so they call these helpers as the caller.
grant execute on function public.documents_json(uuid), public.visit_json(public.appointments, boolean)
  to authenticated, service_role;
revoke execute on function public.save_summary_draft(uuid, text, text, text, text, text), public.finalise_summary(uuid),
  public.issue_prescription(uuid, text, text, text, text, text, integer, integer, text),
  public.cancel_prescription(uuid, text), public.register_document(text, text, text, uuid),
  public.patient_chart(uuid), public.my_health_history(uuid)
  from public, anon;
grant execute on function public.save_summary_draft(uuid, text, text, text, text, text), public.finalise_summary(uuid),
  public.issue_prescription(uuid, text, text, text, text, text, integer, integer, text),
  public.cancel_prescription(uuid, text), public.register_document(text, text, text, uuid),
  public.patient_chart(uuid), public.my_health_history(uuid)
  to authenticated, service_role;
