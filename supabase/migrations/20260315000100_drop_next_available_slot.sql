-- The directory finds each doctor's soonest free time in doctor_next_slots (20260311000100);
-- nothing calls next_available_slot any more, and anon need not keep a costly function it could
-- run for any doctor.
drop function public.next_available_slot(uuid);
