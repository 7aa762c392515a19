import { requireUser } from '#lib/auth/guard.ts';
import { supabase } from '#lib/supabase.ts';
import { verificationApi } from '#lib/verification/api.ts';
import { describeFailure } from '#lib/verification/errors.ts';
import type { VerificationStatus } from '#lib/verification/state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, depends }) => {
  depends('app:verification');
  const session = await requireUser(url, 'doctor');
  const userId = session.user!.id;
  try {
    const status: VerificationStatus = await verificationApi(supabase).status(userId);
    return { userId, status, failure: null };
  } catch (cause) {
    return { userId, status: null, failure: describeFailure(cause) };
  }
};
