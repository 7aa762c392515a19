import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { recordApi } from '#lib/record/api.ts';
import { chartOf } from '#lib/record/chart.ts';
import { recordCopy } from '#lib/record/copy.ts';
import { RecordError } from '#lib/record/errors.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  await requireUser(url, 'doctor');
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, recordCopy.chart.notFound);
  try {
    return { chart: chartOf(await recordApi(supabase).chart(params.id)) };
  } catch (cause) {
    if (cause instanceof RecordError && (cause.code === 'not_in_care' || cause.code === 'not_allowed')) {
      error(403, cause.message);
    }
    error(503, recordCopy.chart.failed);
  }
};
