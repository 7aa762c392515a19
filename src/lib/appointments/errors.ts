/** Postgres' exclusion violation: another appointment holds the time (no double booking). */
export const SLOT_TAKEN = '23P01';

/** A database or network error from supabase-js, as a sentence for the person who acted. */
export function actionMessage(error: { code?: string; message: string } | null | undefined): string {
  if (!error) return 'Something went wrong. Please try again.';
  if (error.code === SLOT_TAKEN) return 'That time was just taken. Please pick another slot.';
  if (['P0001', 'P0002', '42501', '22023', '23514'].includes(error.code ?? '')) return error.message;
  if (!error.code || /fetch|network/i.test(error.message)) {
    return 'You seem to be offline. Nothing was changed; try again when you are connected.';
  }
  return 'Something went wrong. Please try again.';
}
