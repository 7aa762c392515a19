import { requireUser } from '#lib/auth/guard.ts';
import type { LayoutLoad } from './$types';

// Only admins get past here; the database refuses everyone else anyway (require_admin, RLS).
export const load: LayoutLoad = async ({ url }) => {
  const session = await requireUser(url, 'admin');
  return { adminId: session.user!.id };
};
