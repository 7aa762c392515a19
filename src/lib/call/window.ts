/**
 * When a video appointment can be called. Mirrors `public.call_opens_before()` and
 * `public.call_closes_after()` in supabase/migrations/20260304000100_calls.sql, which
 * `record_call_event` enforces; the app uses these to say when a call opens, not to allow it.
 */
export const CALL_OPENS_BEFORE_MS = 10 * 60_000;
export const CALL_CLOSES_AFTER_MS = 30 * 60_000;

export interface CallWindow {
  opens: Date;
  closes: Date;
}

/** The [opens, closes) window of an appointment with these times. */
export function callWindow(startsAt: string | Date, endsAt: string | Date): CallWindow {
  return {
    opens: new Date(new Date(startsAt).getTime() - CALL_OPENS_BEFORE_MS),
    closes: new Date(new Date(endsAt).getTime() + CALL_CLOSES_AFTER_MS),
  };
}

/** An instant in epoch milliseconds as ISO text, for PostgREST filters. */
export function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Whether `now` is before, inside or after the window. */
export function windowPhase(
  window: CallWindow,
  now: Date | number = Date.now(),
): 'early' | 'open' | 'closed' {
  const at = new Date(now).getTime();
  if (at < window.opens.getTime()) return 'early';
  return at < window.closes.getTime() ? 'open' : 'closed';
}

export interface CallableAppointment {
  starts_at: string;
  ends_at: string;
  status: string;
  mode: string;
}

/** Why a call page cannot start a call, or `ready`; the page says it in words. */
export type Availability =
  | { kind: 'not-found' }
  | { kind: 'not-video' }
  | { kind: 'not-scheduled'; status: string }
  | { kind: 'early'; opens: Date }
  | { kind: 'closed'; closes: Date }
  | { kind: 'ready'; closes: Date };

/**
 * The call page's state for an appointment as RLS returned it (null: not the viewer's, or gone).
 * @example callAvailability(null) // { kind: 'not-found' }
 */
export function callAvailability(
  appointment: CallableAppointment | null,
  now: Date | number = Date.now(),
): Availability {
  if (!appointment) return { kind: 'not-found' };
  if (appointment.mode !== 'video') return { kind: 'not-video' };
  if (appointment.status !== 'scheduled') return { kind: 'not-scheduled', status: appointment.status };
  const window = callWindow(appointment.starts_at, appointment.ends_at);
  const phase = windowPhase(window, now);
  if (phase === 'early') return { kind: 'early', opens: window.opens };
  if (phase === 'closed') return { kind: 'closed', closes: window.closes };
  return { kind: 'ready', closes: window.closes };
}
