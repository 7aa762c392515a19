import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { recordApi } from '#lib/record/api.ts';
import { recordCopy } from '#lib/record/copy.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  const session = await requireUser(url);
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, recordCopy.visit.notFound);
  const api = recordApi(supabase);
  // RLS: the visit and its record only for its two people; the draft only for its doctor.
  const [visit, draft, versions, prescriptions] = await Promise.all([
    supabase
      .from('appointments')
      .select('id, status, starts_at, doctor_id, patient_id')
      .eq('id', params.id)
      .maybeSingle(),
    supabase.from('visit_summary_drafts').select('*').eq('appointment_id', params.id).maybeSingle(),
    api.versions(params.id).catch(() => null),
    api.prescriptions(params.id).catch(() => null),
  ]);
  if (visit.error || draft.error || !versions || !prescriptions) error(503, recordCopy.visit.failed);
  if (!visit.data) error(404, recordCopy.visit.notFound);
  return {
    visit: visit.data,
    draft: draft.data,
    versions,
    prescriptions,
    isDoctor: session.user!.id === visit.data.doctor_id,
  };
};
