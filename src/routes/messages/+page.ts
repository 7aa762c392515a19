import { requireUser } from '#lib/auth/guard.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const session = await requireUser(url);
  return { me: session.user!.id, role: session.role };
};
