import { adminApi } from '#lib/admin/api.ts';
import { loaded } from '#lib/admin/load.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  const api = adminApi(supabase);
  const [queue, verified] = await Promise.all([
    loaded(() => api.queue()),
    loaded(() => api.recentlyVerified()),
  ]);
  return { queue, verified };
};
