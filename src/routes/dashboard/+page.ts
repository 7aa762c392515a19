import { requireUser } from '#lib/auth/guard.ts';
import { supabase } from '#lib/supabase.ts';
import { verificationApi } from '#lib/verification/api.ts';
import type { VerificationStatus } from '#lib/verification/state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const session = await requireUser(url, 'doctor');
  const userId = session.user!.id;
  // The verification notice is extra: offline, or on a failed read, the dashboard opens without it
  // (offline, supabase-js would retry the read for seconds before the device copy could show).
  const verification: VerificationStatus | null = navigator.onLine
    ? await verificationApi(supabase)
        .status(userId)
        .catch(() => null)
    : null;
  return { userId, verification };
};
