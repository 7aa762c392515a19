import { FunctionsFetchError, FunctionsHttpError } from '@supabase/supabase-js';
import { bookingRequest, fieldErrors, type BookingRequest } from '#shared/booking.ts';
import { supabase } from '../supabase.ts';

/** What a person sees when a retried attempt turns out to have booked already, with other details. */
export const ALREADY_BOOKED =
  'Your earlier request already went through. Check your appointments before booking another time.';

export type BookingResult =
  | { ok: true; appointment: { id: string; status: string; starts_at: string } }
  | { ok: false; code: string; message: string; fields: Record<string, string> };

/**
 * Books through the `book-appointment` Edge Function, validating first with the schema the
 * function itself uses. The idempotency key makes a retry after a lost answer safe.
 */
export async function bookAppointment(
  input: Omit<BookingRequest, 'idempotency_key'>,
  idempotencyKey: string,
): Promise<BookingResult> {
  const parsed = bookingRequest.safeParse({ ...input, idempotency_key: idempotencyKey });
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid_booking',
      message: 'Please check the highlighted fields.',
      fields: fieldErrors(parsed.error),
    };
  }
  const answer = await supabase.functions.invoke<{ id: string; status: string; starts_at: string }>(
    'book-appointment',
    {
      body: parsed.data,
    },
  );
  const data = answer.data;
  const error: unknown = answer.error;
  if (!error && data) return { ok: true, appointment: data };
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    const body = (await response.json().catch(() => ({}))) as {
      code?: string;
      message?: string;
      fields?: Record<string, string>;
    };
    return {
      ok: false,
      code: body.code ?? `http_${response.status}`,
      // The key of this attempt already booked something else: the earlier try (whose answer
      // was lost) went through before the form changed.
      message:
        body.code === 'idempotency_key_reused'
          ? ALREADY_BOOKED
          : (body.message ?? 'The booking could not be saved. Please try again.'),
      fields: body.fields ?? {},
    };
  }
  if (error instanceof FunctionsFetchError || !navigator.onLine) {
    return {
      ok: false,
      code: 'offline',
      message: 'You seem to be offline. Nothing was booked; try again when you are connected.',
      fields: {},
    };
  }
  return {
    ok: false,
    code: 'unknown',
    message: 'The booking could not be saved. Please try again.',
    fields: {},
  };
}

/** A fresh key for one booking attempt (kept across retries of that attempt). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
