/** Postgres' exclusion violation: another appointment holds the time (no double booking). */
export const SLOT_TAKEN = '23P01';

/**
 * The stable codes the database's RPCs put in an error's `hint` (catalogue at the top of
 * supabase/migrations/20260305000200_care_based_access.sql). Their `message` is already a
 * sentence for the person who acted.
 */
export const DATABASE_REFUSALS = [
  'not_found',
  'not_allowed',
  'invalid_transition',
  'too_late',
  'outside_call_window',
  'slot_taken',
  'slot_unavailable',
  'invalid_input',
  'idempotency_key_reused',
  'doctor_not_verified',
] as const;

export type DatabaseRefusal = (typeof DATABASE_REFUSALS)[number];

/** SQLSTATEs whose message the database words for people (constraints and older functions). */
const WORDED_CODES = ['P0001', '42501', '22023', '23514'];

/** The catalogue code of a refusal, or null when the error is not one of the database's own. */
export function refusalCode(error: { hint?: string | null } | null | undefined): DatabaseRefusal | null {
  const hint = error?.hint ?? '';
  return (DATABASE_REFUSALS as readonly string[]).includes(hint) ? (hint as DatabaseRefusal) : null;
}

/** A database or network error from supabase-js, as a sentence for the person who acted. */
export function actionMessage(
  error: { code?: string; message: string; hint?: string | null } | null | undefined,
): string {
  if (!error) return 'Something went wrong. Please try again.';
  const refusal = refusalCode(error);
  if (error.code === SLOT_TAKEN || refusal === 'slot_taken') {
    return 'That time was just taken. Please pick another slot.';
  }
  if (refusal || WORDED_CODES.includes(error.code ?? '')) return error.message;
  if (!error.code || /fetch|network/i.test(error.message)) {
    return 'You seem to be offline. Nothing was changed; try again when you are connected.';
  }
  return 'Something went wrong. Please try again.';
}
