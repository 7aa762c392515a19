import { callWindow, windowPhase } from '../call/window.ts';
import type { Database } from '../database.types.ts';

export type AppointmentStatus = Database['public']['Enums']['appointment_status'];

export interface AppointmentLike {
  starts_at: string;
  ends_at: string;
  status: AppointmentStatus;
  mode: 'video' | 'chat';
}

/**
 * Whether the appointment's video call is open now: the same [opens, closes) window that
 * `record_call_event` and the `call:<id>` channel enforce (src/lib/call/window.ts).
 */
export function canJoinCall(appointment: AppointmentLike, now: Date = new Date()): boolean {
  if (appointment.mode !== 'video' || appointment.status !== 'scheduled') return false;
  return windowPhase(callWindow(appointment.starts_at, appointment.ends_at), now) === 'open';
}

/** Upcoming: still ahead (or running) and not settled; past: everything else, newest first. */
export function splitByTime<T extends AppointmentLike>(
  items: T[],
  now: Date = new Date(),
): { upcoming: T[]; past: T[] } {
  const upcoming: T[] = [];
  const past: T[] = [];
  for (const item of items) {
    const open = item.status === 'pending' || item.status === 'scheduled';
    if (open && Date.parse(item.ends_at) > now.getTime()) upcoming.push(item);
    else past.push(item);
  }
  upcoming.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  past.sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at));
  return { upcoming, past };
}

/** Appointments on the same local calendar day as `now` in `zone`. */
export function isSameLocalDay(instant: string, now: Date, zone: string): boolean {
  const day = (value: Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(value);
  return day(new Date(instant)) === day(now);
}

/** Whether the patient may still cancel or reschedule (the database decides; this hides buttons). */
export function canChange(appointment: AppointmentLike, now: Date = new Date()): boolean {
  return (
    (appointment.status === 'pending' || appointment.status === 'scheduled') &&
    Date.parse(appointment.starts_at) > now.getTime()
  );
}

/** Status words for people. */
export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  pending: 'Waiting for the doctor',
  scheduled: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  rescheduled: 'Moved',
};
