-- The verification state machine's transitions, the admin console's look-ups and figures,
-- and booking's refusal of doctors who are not verified
-- (states and policies: 20260307000200_doctor_verification.sql).

-- The doctor's side ---------------------------------------------------------------------

/** A doctor submits (or, after a rejection, resubmits) their licence for review. */
create function public.submit_licence(
  registration_number text,
  issuing_authority text,
  country text,
  year_licensed integer,
  document_path text
) returns public.doctor_licences
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  state public.verification_state;
  saved public.doctor_licences;
begin
  select d.verification_state into state from public.doctors d where d.id = me for update;
  if me is null or not found then
    raise exception 'Only a signed-in doctor can submit a licence.' using errcode = '42501', hint = 'not_allowed';
  end if;
  if state not in ('unverified', 'rejected', 'pending_review') then
    raise exception 'Your licence is already %; contact support to change it.', replace(state::text, '_', ' ')
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  if coalesce(btrim(registration_number), '') !~ '^[A-Za-z0-9][A-Za-z0-9 /.-]{1,39}$' then
    raise exception 'Enter the registration number as it appears on your licence (2–40 letters, digits, spaces, / . or -).'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  if char_length(btrim(coalesce(issuing_authority, ''))) not between 2 and 120 then
    raise exception 'Name the authority that issued your licence (2–120 characters).'
      using errcode = '22023', hint = 'invalid_input';
  end if;
  if coalesce(upper(btrim(country)), '') !~ '^[A-Z]{2}$' then
    raise exception 'Give the country as a two-letter code, e.g. GB or IN.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if year_licensed is null or year_licensed not between 1940 and extract(year from now())::integer then
    raise exception 'The year licensed must be between 1940 and this year.' using errcode = '22023', hint = 'invalid_input';
  end if;
  if document_path is null or document_path not like me::text || '/%' or not exists (
    select 1 from storage.objects o where o.bucket_id = 'licence-documents' and o.name = document_path
  ) then
    raise exception 'Upload your licence document (PDF or picture) before submitting.'
      using errcode = '22023', hint = 'invalid_input';
  end if;

  insert into public.doctor_licences as l (doctor_id, registration_number, issuing_authority, country, year_licensed,
    document_path, submitted_at)
  values (me, btrim(registration_number), btrim(issuing_authority), upper(btrim(country)), year_licensed, document_path, now())
  on conflict (doctor_id) do update set
    registration_number = excluded.registration_number, issuing_authority = excluded.issuing_authority,
    country = excluded.country, year_licensed = excluded.year_licensed, document_path = excluded.document_path,
    submitted_at = excluded.submitted_at, decided_at = null, decision_reason = null
  returning * into saved;
  update public.doctors d set verification_state = 'pending_review' where d.id = me;
  return saved;
end
$$;

-- Admin actions -------------------------------------------------------------------------

create function public.log_admin_action(action text, target uuid, reason text, details jsonb default '{}'::jsonb)
returns public.admin_actions
language sql
security definer
set search_path = ''
as $$
  insert into public.admin_actions (admin_id, admin_name, action, target_id, reason, details)
  select p.id, p.full_name, log_admin_action.action, target, reason, details
  from public.profiles p where p.id = (select auth.uid())
  returning *
$$;

/** The doctor an admin acts on, locked; refuses unknown ids and states the action does not start from. */
create function public.doctor_for_review(doctor_id uuid, allowed public.verification_state[], verb text)
returns public.doctors
language plpgsql
security definer
set search_path = ''
as $$
declare
  doctor public.doctors;
begin
  perform public.require_admin();
  select * into doctor from public.doctors d where d.id = doctor_for_review.doctor_id for update;
  if not found then
    raise exception 'There is no doctor with this id.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if doctor.verification_state <> all (allowed) then
    raise exception 'This doctor is %; only a doctor who is % can be %.', replace(doctor.verification_state::text, '_', ' '),
      array_to_string(array(select replace(a::text, '_', ' ') from unnest(allowed) a), ' or '), verb
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  return doctor;
end
$$;

create function public.approve_doctor(doctor_id uuid, note text default null) returns public.admin_actions
language plpgsql
security definer
set search_path = ''
as $$
declare
  doctor public.doctors := public.doctor_for_review(doctor_id, '{pending_review}', 'approved');
  licence public.doctor_licences;
begin
  if char_length(note) > 500 then
    raise exception 'Keep the note under 500 characters.' using errcode = '22023', hint = 'invalid_input';
  end if;
  update public.doctor_licences l set decided_at = now(), decision_reason = null
  where l.doctor_id = doctor.id returning * into licence;
  if not found then
    raise exception 'This doctor has no licence on file to approve.' using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  update public.doctors d
  set verification_state = 'verified', verified_at = now(),
      verified_authority = licence.issuing_authority || ' (' || licence.country || ')'
  where d.id = doctor.id;
  return public.log_admin_action('approve_doctor', doctor.id, nullif(btrim(note), ''),
    jsonb_build_object('registration_number', licence.registration_number));
end
$$;

create function public.reject_doctor(doctor_id uuid, reason text) returns public.admin_actions
language plpgsql
security definer
set search_path = ''
as $$
declare
  doctor public.doctors := public.doctor_for_review(doctor_id, '{pending_review}', 'rejected');
  why text := public.require_reason(reason);
begin
  update public.doctor_licences l set decided_at = now(), decision_reason = why where l.doctor_id = doctor.id;
  update public.doctors d set verification_state = 'rejected' where d.id = doctor.id;
  return public.log_admin_action('reject_doctor', doctor.id, why);
end
$$;

/** The account an admin acts on; refuses unknown ids and other admins. */
create function public.profile_for_admin(user_id uuid) returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  person public.profiles;
begin
  perform public.require_admin();
  select * into person from public.profiles p where p.id = user_id;
  if not found then
    raise exception 'There is no user with this id.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if person.role = 'admin' then
    raise exception 'Admin accounts are managed with the service role, not from the console.'
      using errcode = '42501', hint = 'not_allowed';
  end if;
  return person;
end
$$;

/**
 * Suspends an account. A doctor leaves the directory and their future appointments are
 * cancelled with the reason; a patient can no longer sign in and their future appointments
 * are cancelled the same way. Past appointments stay readable by both sides.
 */
create function public.suspend_user(user_id uuid, reason text) returns public.admin_actions
language plpgsql
security definer
set search_path = ''
as $$
declare
  person public.profiles := public.profile_for_admin(user_id);
  why text := public.require_reason(reason);
  cancelled integer;
begin
  if person.role = 'doctor' then
    perform public.doctor_for_review(person.id, '{verified}', 'suspended');
    update public.doctors d set verification_state = 'suspended' where d.id = person.id;
    update public.doctor_licences l set decided_at = now(), decision_reason = why where l.doctor_id = person.id;
  else
    if exists (select 1 from auth.users u where u.id = person.id and u.banned_until > now()) then
      raise exception 'This account is already suspended.' using errcode = 'PT409', hint = 'invalid_transition';
    end if;
    update auth.users u set banned_until = 'infinity' where u.id = person.id;
  end if;
  update public.appointments a
  set status = 'cancelled', cancelled_by = (select auth.uid()), cancelled_at = now(),
      cancellation_reason = left('Cancelled by Health-Connect: ' || why, 500)
  where person.id in (a.doctor_id, a.patient_id) and a.status in ('pending', 'scheduled') and a.starts_at > now();
  get diagnostics cancelled = row_count;
  return public.log_admin_action('suspend_user', person.id, why, jsonb_build_object('cancelled_appointments', cancelled));
end
$$;

create function public.reinstate_user(user_id uuid, reason text) returns public.admin_actions
language plpgsql
security definer
set search_path = ''
as $$
declare
  person public.profiles := public.profile_for_admin(user_id);
  why text := public.require_reason(reason);
begin
  if person.role = 'doctor' then
    perform public.doctor_for_review(person.id, '{suspended}', 'reinstated');
    update public.doctors d set verification_state = 'verified' where d.id = person.id;
    update public.doctor_licences l set decided_at = now(), decision_reason = null where l.doctor_id = person.id;
  else
    if not exists (select 1 from auth.users u where u.id = person.id and u.banned_until > now()) then
      raise exception 'This account is not suspended.' using errcode = 'PT409', hint = 'invalid_transition';
    end if;
    update auth.users u set banned_until = null where u.id = person.id;
  end if;
  return public.log_admin_action('reinstate_user', person.id, why);
end
$$;

/** Looks one account up by its exact email (no browsing: an admin finds the person they were told about). */
create function public.find_user(email_address text)
returns table (
  id uuid,
  email text,
  full_name text,
  role public.user_role,
  verification_state public.verification_state,
  suspended boolean,
  created_at timestamptz
)
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  perform public.require_admin();
  if find_user.email_address is null or char_length(find_user.email_address) > 320 or find_user.email_address !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'Enter a full email address, e.g. name@example.com.' using errcode = '22023', hint = 'invalid_input';
  end if;
  return query
    select u.id, u.email::text, p.full_name, p.role, d.verification_state,
           coalesce(u.banned_until > now() or d.verification_state = 'suspended', false), u.created_at
    from auth.users u
    join public.profiles p on p.id = u.id
    left join public.doctors d on d.id = u.id
    where lower(u.email) = lower(btrim(find_user.email_address));
end
$$;

/**
 * Makes an account an admin. Service role or database owner only (npm run make-admin, or
 * SQL in the hosted dashboard): an admin is never made through the API by a user. Only an
 * account without appointments or messages can be promoted, since its patient or doctor
 * record is removed.
 */
create function public.make_admin(user_email text) returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  person public.profiles;
  account uuid;
begin
  select u.id into account from auth.users u where lower(u.email) = lower(btrim(user_email));
  if not found then
    raise exception 'There is no user with the email %.', left(user_email, 320) using errcode = 'PT404', hint = 'not_found';
  end if;
  select * into person from public.profiles p where p.id = account;
  if person.role = 'admin' then
    return person;
  end if;
  if exists (select 1 from public.appointments a where account in (a.doctor_id, a.patient_id))
     or exists (select 1 from public.messages m where account in (m.sender_id, m.receiver_id)) then
    raise exception 'This account has appointments or messages; create a separate account for the admin.'
      using errcode = 'PT409', hint = 'invalid_transition';
  end if;
  -- profiles.role never changes in place (keep_profile_role): the profile is made again, which
  -- also removes the patient or doctor record.
  delete from public.profiles p where p.id = account;
  insert into public.profiles (id, role, full_name, avatar_path, phone)
  values (account, 'admin', person.full_name, person.avatar_path, person.phone)
  returning * into person;
  update auth.users u
  set raw_user_meta_data = coalesce(u.raw_user_meta_data, '{}'::jsonb) || '{"role":"admin"}'
  where u.id = account;
  insert into public.admin_actions (admin_id, admin_name, action, target_id, reason)
  values (account, 'service role', 'make_admin', account, 'Promoted with the service role');
  return person;
end
$$;

-- Figures -------------------------------------------------------------------------------

/**
 * Platform figures for the 30 days up to `until` (UTC days, today by default), as one JSON
 * document the admin console charts:
 *   per_day       appointments by the day they start, per status (every day present)
 *   cancellation  cancelled ÷ all appointments starting in the window (rescheduled ones count once, as their replacement)
 *   no_show       confirmed visits whose time passed without being completed ÷ all confirmed visits that have ended
 *   signups       new accounts per role (by when they signed up)
 *   median_confirmation_minutes  request → confirmation, over requests confirmed in the window
 */
create function public.platform_figures(until date default null)
returns jsonb
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  last_day date := coalesce(until, (now() at time zone 'UTC')::date);
  first_day date := last_day - 29;
  window_start timestamptz := first_day::timestamp at time zone 'UTC';
  window_end timestamptz := (last_day + 1)::timestamp at time zone 'UTC';
  result jsonb;
begin
  perform public.require_admin();
  if last_day not between date '2000-01-01' and (now() at time zone 'UTC')::date + 366 then
    raise exception 'Pick an end date between 2000 and next year.' using errcode = '22023', hint = 'invalid_input';
  end if;
  with visits as (
    select a.starts_at, a.ends_at, a.status, a.created_at, a.confirmed_at
    from public.appointments a
    where a.starts_at >= window_start and a.starts_at < window_end
  ),
  days as (
    select d::date as day from generate_series(first_day, last_day, interval '1 day') d
  ),
  counts as (
    select days.day,
      count(v.status) filter (where v.status = 'pending') as pending,
      count(v.status) filter (where v.status = 'scheduled') as scheduled,
      count(v.status) filter (where v.status = 'completed') as completed,
      count(v.status) filter (where v.status = 'cancelled') as cancelled
    from days
    left join visits v on (v.starts_at at time zone 'UTC')::date = days.day
    group by days.day
  ),
  per_day as (
    select jsonb_agg(jsonb_build_object('day', c.day, 'pending', c.pending, 'scheduled', c.scheduled,
      'completed', c.completed, 'cancelled', c.cancelled) order by c.day) as rows
    from counts c
  ),
  rates as (
    select
      count(*) filter (where status <> 'rescheduled') as total,
      count(*) filter (where status = 'cancelled') as cancelled,
      count(*) filter (where ends_at < now() and status in ('scheduled', 'completed')) as ended,
      count(*) filter (where ends_at < now() and status = 'scheduled') as no_shows
    from visits
  ),
  signups as (
    select coalesce(jsonb_object_agg(r.role::text, coalesce(c.n, 0)), '{}'::jsonb) as counts
    from unnest(enum_range(null::public.user_role)) r(role)
    left join (
      select p.role, count(*) as n from public.profiles p join auth.users u on u.id = p.id
      where u.created_at >= window_start and u.created_at < window_end group by p.role
    ) c on c.role = r.role
  ),
  confirmation as (
    select percentile_cont(0.5) within group (order by extract(epoch from a.confirmed_at - a.created_at) / 60) as minutes
    from public.appointments a
    where a.confirmed_at >= window_start and a.confirmed_at < window_end
  )
  select jsonb_build_object(
    'from', first_day,
    'until', last_day,
    'per_day', per_day.rows,
    'total', rates.total,
    'cancellation_rate', case when rates.total > 0 then round(rates.cancelled::numeric / rates.total, 4) end,
    'no_show_rate', case when rates.ended > 0 then round(rates.no_shows::numeric / rates.ended, 4) end,
    'signups', signups.counts,
    'median_confirmation_minutes', round(confirmation.minutes::numeric, 1)
  ) into result
  from per_day, rates, signups, confirmation;
  return result;
end
$$;

-- Booking refuses doctors who are not verified ------------------------------------------

create or replace function public.request_appointment(
  doctor_id uuid,
  starts_at text,
  mode public.consultation_mode,
  reason text,
  idempotency_key text default null
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  me uuid := (select auth.uid());
  starts timestamptz;
  doctor public.doctors;
  booked public.appointments;
begin
  if me is null or not exists (select 1 from public.patients p where p.id = me) then
    raise exception 'Only a signed-in patient can book an appointment.' using errcode = '42501', hint = 'not_allowed';
  end if;
  starts := public.parse_instant(request_appointment.starts_at, 'starts_at');
  if request_appointment.idempotency_key is not null then
    -- Retries of one request run one after another, so the second finds the first's booking.
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(me::text || ':' || request_appointment.idempotency_key, 0));
    select * into booked from public.appointments a
    where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
    if found then
      return public.replay_booking(booked, request_appointment.doctor_id, starts, request_appointment.mode,
        request_appointment.reason);
    end if;
  end if;
  -- FOR SHARE: a suspension waits for this booking (and then cancels it), never misses it.
  select * into doctor from public.doctors d where d.id = request_appointment.doctor_id and d.is_active for share;
  if not found then
    raise exception 'This doctor does not exist or is not taking appointments.' using errcode = 'PT404', hint = 'not_found';
  end if;
  if doctor.verification_state <> 'verified' then
    raise exception 'This doctor cannot be booked: their licence is not verified by Health-Connect.'
      using errcode = 'PT409', hint = 'doctor_not_verified';
  end if;
  begin
    booked := public.insert_appointment(doctor, me, starts, request_appointment.mode,
      nullif(btrim(request_appointment.reason), ''), 'pending', request_appointment.idempotency_key, null);
  exception
    when unique_violation then
      -- The same idempotency key won a race a moment ago: answer with that appointment.
      select * into booked from public.appointments a
      where a.patient_id = me and a.idempotency_key = request_appointment.idempotency_key;
      return public.replay_booking(booked, request_appointment.doctor_id, starts, request_appointment.mode,
        request_appointment.reason);
  end;
  return jsonb_build_object('appointment', to_jsonb(booked), 'created', true);
end
$$;

-- Privileges ----------------------------------------------------------------------------

revoke execute on function public.refuse_audit_change(), public.stamp_confirmation(),
  public.log_admin_action(text, uuid, text, jsonb),
  public.doctor_for_review(uuid, public.verification_state[], text), public.profile_for_admin(uuid),
  public.make_admin(text)
  from public, anon, authenticated;
grant execute on function public.make_admin(text) to service_role;
revoke execute on function public.is_admin(), public.require_admin(), public.submit_licence(text, text, text, integer, text),
  public.approve_doctor(uuid, text), public.reject_doctor(uuid, text), public.suspend_user(uuid, text),
  public.reinstate_user(uuid, text), public.find_user(text), public.platform_figures(date)
  from public, anon;
grant execute on function public.is_admin(), public.require_admin(), public.submit_licence(text, text, text, integer, text),
  public.approve_doctor(uuid, text), public.reject_doctor(uuid, text), public.suspend_user(uuid, text),
  public.reinstate_user(uuid, text), public.find_user(text), public.platform_figures(date)
  to authenticated, service_role;
