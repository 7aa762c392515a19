import { describe, expect, it } from 'vitest';
import { canChange, canJoinCall, isSameLocalDay, splitByTime, type AppointmentLike } from './status.ts';

const now = new Date('2026-03-03T12:00:00Z');
const at = (
  startMinutes: number,
  status: AppointmentLike['status'] = 'scheduled',
  mode: 'video' | 'chat' = 'video',
) => ({
  starts_at: new Date(now.getTime() + startMinutes * 60_000).toISOString(),
  ends_at: new Date(now.getTime() + (startMinutes + 30) * 60_000).toISOString(),
  status,
  mode,
});

describe('when a video call can be joined', () => {
  it('opens ten minutes before and closes thirty minutes after the end', () => {
    expect(canJoinCall(at(11), now)).toBe(false);
    expect(canJoinCall(at(10), now)).toBe(true);
    expect(canJoinCall(at(-30), now)).toBe(true);
    expect(canJoinCall(at(-59), now)).toBe(true);
    // The window closes exactly thirty minutes after the end, as the database has it: [opens, closes).
    expect(canJoinCall(at(-60), now)).toBe(false);
  });

  it('needs a confirmed video appointment', () => {
    expect(canJoinCall(at(0, 'pending'), now)).toBe(false);
    expect(canJoinCall(at(0, 'scheduled', 'chat'), now)).toBe(false);
  });
});

describe('upcoming and past', () => {
  it('keeps open future visits upcoming, soonest first, and the rest past, newest first', () => {
    const items = [at(120), at(60, 'pending'), at(-120, 'completed'), at(300, 'cancelled'), at(-20)];
    const { upcoming, past } = splitByTime(items, now);
    expect(upcoming.map((item) => item.starts_at)).toEqual([
      at(-20).starts_at,
      at(60).starts_at,
      at(120).starts_at,
    ]);
    expect(past.map((item) => item.status)).toEqual(['cancelled', 'completed']);
  });
});

describe('changing an appointment', () => {
  it('is possible for open appointments that have not started', () => {
    expect(canChange(at(60), now)).toBe(true);
    expect(canChange(at(-5), now)).toBe(false);
    expect(canChange(at(60, 'cancelled'), now)).toBe(false);
  });

  it('knows what today is in the viewer’s zone', () => {
    expect(isSameLocalDay('2026-03-03T23:30:00Z', now, 'America/New_York')).toBe(true);
    expect(isSameLocalDay('2026-03-03T23:30:00Z', now, 'Europe/Berlin')).toBe(false);
  });
});
