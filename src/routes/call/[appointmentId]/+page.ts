import { requireUser } from '#lib/auth/guard.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  const session = await requireUser(url);
  // RLS returns only the viewer's own appointments: anyone else's reads as "not found".
  const { data } = await supabase
    .from('appointments')
    .select(
      'id, status, mode, starts_at, ends_at, doctor_id, patient_id, doctor:doctors(profile:profiles(full_name)), patient:patients(profile:profiles(full_name))',
    )
    .eq('id', params.appointmentId)
    .maybeSingle();
  return { appointment: data, role: session.role! };
};
