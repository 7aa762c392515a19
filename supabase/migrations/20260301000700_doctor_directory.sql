-- The directory the app lists and filters: active doctors with their public profile and
-- rating. security_invoker so the caller's own privileges and RLS apply (no definer view).

create view public.doctor_directory with (security_invoker = true) as
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
  d.rating_count
from public.doctors d
join public.profiles p on p.id = d.id
left join public.specializations s on s.slug = d.specialization
where d.is_active;

revoke all on public.doctor_directory from anon, authenticated;
grant select on public.doctor_directory to anon, authenticated, service_role;
