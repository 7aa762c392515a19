import { requireUser } from '#lib/auth/guard.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const session = await requireUser(url, 'patient');
  // The history is read by the page's state, which falls back to the device copy offline.
  return { userId: session.user!.id };
};
