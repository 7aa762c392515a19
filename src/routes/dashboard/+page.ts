import { requireUser } from '#lib/auth/guard.ts';
import { supabase } from '#lib/supabase.ts';
import { verificationApi } from '#lib/verification/api.ts';
import type { VerificationStatus } from '#lib/verification/state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const session = await requireUser(url, 'doctor');
  const userId = session.user!.id;
  // The verification notice is extra, so the page does not wait for it: offline (where supabase-js
  // may first spend half a minute refreshing an expired token) or on a failed read it stays away.
  const verification: Promise<VerificationStatus | null> = verificationApi(supabase)
    .status(userId, { retry: navigator.onLine })
    .catch(() => null);
  return { userId, verification };
};
