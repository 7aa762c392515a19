import { z } from 'zod';

/** Longest reason a patient can give; the database enforces the same limit. */
export const REASON_MAX = 500;

/** An instant with an explicit offset: a bare local time would be read in the wrong zone. */
const instant = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 time with a time zone, e.g. 2026-03-01T09:30:00Z' });

/**
 * A booking request, validated identically by the booking form and the `book-appointment`
 * Edge Function (one schema, two runtimes).
 */
export const bookingRequest = z.strictObject({
  doctor_id: z.uuid({ message: 'Choose a doctor' }),
  starts_at: instant,
  mode: z.enum(['video', 'chat'], { message: 'Choose video or chat' }),
  reason: z
    .string({ message: 'Tell the doctor why you are booking' })
    .trim()
    .min(3, 'Tell the doctor why you are booking (at least 3 characters)')
    .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`),
  idempotency_key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'idempotency_key must be 8–100 letters, digits, - or _')
    .optional(),
});

export type BookingRequest = z.infer<typeof bookingRequest>;

/** Field → first message, the shape both the form and the function's 422 answer use. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    errors[field] ??= issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}` : issue.message;
  }
  return errors;
}
