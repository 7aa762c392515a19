import { adminApi } from '#lib/admin/api.ts';
import { untilFromParam } from '#lib/admin/figures.ts';
import { loaded } from '#lib/admin/load.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

// The window's last day lives in the address (?until=YYYY-MM-DD), so a view can be shared.
export const load: PageLoad = async ({ parent, url }) => {
  await parent();
  const until = untilFromParam(url.searchParams.get('until'));
  return { until, figures: await loaded(() => adminApi(supabase).figures(until)) };
};
