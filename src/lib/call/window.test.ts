import { describe, expect, it } from 'vitest';
import { callAvailability, callWindow, windowPhase } from './window.ts';

const starts = '2026-03-04T10:00:00Z';
const ends = '2026-03-04T10:30:00Z';
const at = (iso: string) => new Date(iso);
const video = { starts_at: starts, ends_at: ends, status: 'scheduled', mode: 'video' };

describe('call window', () => {
  // That the database uses the same window is asserted against Postgres in supabase/tests/calls.test.ts.
  it('opens 10 minutes before the start and closes 30 minutes after the end', () => {
    expect(callWindow(starts, ends)).toEqual({
      opens: at('2026-03-04T09:50:00Z'),
      closes: at('2026-03-04T11:00:00Z'),
    });
  });

  it('is early before it opens, open from the first instant, closed from the last', () => {
    const window = callWindow(starts, ends);
    expect(windowPhase(window, at('2026-03-04T09:49:59Z'))).toBe('early');
    expect(windowPhase(window, at('2026-03-04T09:50:00Z'))).toBe('open');
    expect(windowPhase(window, at('2026-03-04T10:59:59Z'))).toBe('open');
    expect(windowPhase(window, at('2026-03-04T11:00:00Z'))).toBe('closed');
  });
});

describe('call availability', () => {
  it('says not found when RLS returned nothing', () => {
    expect(callAvailability(null)).toEqual({ kind: 'not-found' });
  });

  it('refuses chat appointments and appointments that are not scheduled', () => {
    expect(callAvailability({ ...video, mode: 'chat' }, at('2026-03-04T10:00:00Z'))).toEqual({
      kind: 'not-video',
    });
    expect(callAvailability({ ...video, status: 'pending' }, at('2026-03-04T10:00:00Z'))).toEqual({
      kind: 'not-scheduled',
      status: 'pending',
    });
    expect(callAvailability({ ...video, status: 'cancelled' }).kind).toBe('not-scheduled');
  });

  it('says when an early call opens and that a late one has closed', () => {
    expect(callAvailability(video, at('2026-03-04T09:00:00Z'))).toEqual({
      kind: 'early',
      opens: at('2026-03-04T09:50:00Z'),
    });
    expect(callAvailability(video, at('2026-03-04T12:00:00Z'))).toEqual({
      kind: 'closed',
      closes: at('2026-03-04T11:00:00Z'),
    });
    expect(callAvailability(video, at('2026-03-04T10:05:00Z'))).toEqual({
      kind: 'ready',
      closes: at('2026-03-04T11:00:00Z'),
    });
  });
});
