import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { recordApi } from '#lib/record/api.ts';
import { recordCopy } from '#lib/record/copy.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  const session = await requireUser(url);
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, recordCopy.visit.notFound);
  // RLS: the visit and its record only for its two people; the draft only for its doctor.
  const record = await recordApi(supabase)
    .visitRecord(params.id)
    .catch(() => error(503, recordCopy.visit.failed));
  if (!record) error(404, recordCopy.visit.notFound);
  return { record, userId: session.user!.id, isDoctor: session.user!.id === record.visit.doctor_id };
};
