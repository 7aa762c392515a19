import { adminApi } from '#lib/admin/api.ts';
import { parseCursor } from '#lib/admin/audit.ts';
import { loaded } from '#lib/admin/load.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

// Pages are keyset cursors in the address (?before=<created_at>~<id>): stable while new actions arrive.
export const load: PageLoad = async ({ parent, url }) => {
  await parent();
  const before = parseCursor(url.searchParams.get('before'));
  return { paged: before !== null, log: await loaded(() => adminApi(supabase).audit(before)) };
};
