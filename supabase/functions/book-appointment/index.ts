// POST /functions/v1/book-appointment — a patient requests a slot with a doctor.
// Validates with the same zod schema as the booking form, then asks the database, which
// re-checks the slot and holds the no-double-booking constraint, to write it.
import { createClient } from '@supabase/supabase-js';
import { bookingRequest, fieldErrors } from '../_shared/booking.ts';
import { callerClaims, corsHeaders, jsonError, readBody } from '../_shared/http.ts';

const BODY_LIMIT = 16 * 1024;

/**
 * Refusals of public.request_appointment, by the stable code the database puts in `hint`
 * (catalogue: supabase/migrations/20260305000200_care_based_access.sql), as HTTP answers.
 */
const DATABASE_ERRORS: Record<string, [number, string]> = {
  slot_taken: [409, 'slot_taken'],
  slot_unavailable: [422, 'slot_unavailable'],
  not_found: [404, 'doctor_not_found'],
  doctor_not_verified: [409, 'doctor_not_verified'],
  not_allowed: [403, 'not_a_patient'],
  invalid_input: [422, 'invalid_booking'],
  idempotency_key_reused: [422, 'idempotency_key_reused'],
};

/** The same, by SQLSTATE, for refusals that carry no catalogue code (constraints, parse_instant). */
const DATABASE_STATES: Record<string, [number, string]> = {
  '23P01': [409, 'slot_taken'],
  '22023': [422, 'invalid_booking'],
  '22007': [422, 'invalid_booking'],
  '42501': [403, 'not_a_patient'],
};

Deno.serve(async (request) => {
  if (request.method === 'OPTIONS') return new Response('ok', { headers: corsHeaders });
  if (request.method !== 'POST') return jsonError(405, 'method_not_allowed', 'Use POST to book an appointment.');

  const claims = callerClaims(request);
  if (!claims?.sub || claims.role !== 'authenticated') {
    return jsonError(401, 'not_signed_in', 'Sign in as a patient to book an appointment.');
  }

  const text = await readBody(request, BODY_LIMIT);
  if (text === null) return jsonError(413, 'body_too_large', 'The booking request is too large.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError(400, 'invalid_json', 'The booking request is not valid JSON.');
  }
  const parsed = bookingRequest.safeParse(body);
  if (!parsed.success) {
    return jsonError(422, 'invalid_booking', 'Please check the highlighted fields.', fieldErrors(parsed.error));
  }

  const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_ANON_KEY')!, {
    global: { headers: { Authorization: request.headers.get('authorization')! } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await supabase.rpc('request_appointment', {
    doctor_id: parsed.data.doctor_id,
    starts_at: parsed.data.starts_at,
    mode: parsed.data.mode,
    reason: parsed.data.reason,
    idempotency_key: parsed.data.idempotency_key ?? null,
  });

  if (error) {
    const mapped = DATABASE_ERRORS[error.hint ?? ''] ?? DATABASE_STATES[error.code];
    if (!mapped) {
      console.error('request_appointment failed', error);
      return jsonError(500, 'booking_failed', 'The booking could not be saved. Please try again.');
    }
    const [status, code] = mapped;
    const message =
      code === 'slot_taken' ? 'Someone else just booked this time. Please pick another slot.' : error.message;
    return jsonError(status, code, message, code === 'invalid_booking' ? { body: error.message } : undefined);
  }

  const result = data as { appointment: Record<string, unknown>; created: boolean };
  return Response.json(result.appointment, {
    status: result.created ? 201 : 200,
    headers: { ...corsHeaders, ...(result.created ? {} : { 'Idempotent-Replayed': 'true' }) },
  });
});
