import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { recordApi } from '#lib/record/api.ts';
import { recordCopy } from '#lib/record/copy.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  await requireUser(url);
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, recordCopy.print.notFound);
  // RLS returns a prescription only to its prescriber and its patient: anyone else's reads as "not found".
  const prescription = await recordApi(supabase)
    .prescription(params.id)
    .catch(() => error(503, recordCopy.print.failed));
  if (!prescription) error(404, recordCopy.print.notFound);
  return { prescription };
};
