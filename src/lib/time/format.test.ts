import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatTime,
  groupByDay,
  localDate,
  relativeTime,
  timeZoneOptions,
  zoneLabel,
} from './format.ts';

describe('times in a zone', () => {
  const instant = '2026-03-03T14:30:00Z';

  it('shows the same instant as each zone’s wall clock', () => {
    expect(formatTime(instant, 'America/New_York', 'en-GB')).toBe('9:30');
    expect(formatTime(instant, 'Asia/Kolkata', 'en-GB')).toBe('20:00');
    expect(formatDateTime(instant, 'Asia/Tokyo', 'en-GB')).toBe('Tue 3 Mar, 23:30');
  });

  it('puts late-evening UTC on the next day east of Greenwich', () => {
    expect(localDate('2026-03-03T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-04');
    expect(localDate('2026-03-03T23:30:00Z', 'America/Chicago')).toBe('2026-03-03');
  });

  it('names the zone, following daylight saving', () => {
    expect(zoneLabel('2026-01-15T12:00:00Z', 'America/New_York', 'en-US')).toBe('EST');
    expect(zoneLabel('2026-07-15T12:00:00Z', 'America/New_York', 'en-US')).toBe('EDT');
  });

  it('groups slots by local day in order', () => {
    const slots = ['2026-03-03T22:00:00Z', '2026-03-03T23:30:00Z', '2026-03-04T08:00:00Z'].map(
      (starts_at) => ({ starts_at }),
    );
    const groups = groupByDay(slots, 'Europe/Berlin');
    expect(groups.map((group) => [group.date, group.items.length])).toEqual([
      ['2026-03-03', 1],
      ['2026-03-04', 2],
    ]);
  });

  it('says how far a time is from now', () => {
    const now = new Date('2026-03-03T12:00:00Z');
    expect(relativeTime('2026-03-03T12:05:00Z', now, 'en')).toBe('in 5 minutes');
    expect(relativeTime('2026-03-03T10:00:00Z', now, 'en')).toBe('2 hours ago');
    expect(relativeTime('2026-03-04T12:00:00Z', now, 'en')).toBe('tomorrow');
  });
});

describe('time zone choices', () => {
  it('offers UTC and the stored zone even when the browser does not list them', () => {
    const options = timeZoneOptions('Asia/Kolkata', ['Europe/Berlin', 'Asia/Calcutta']);
    expect(options).toEqual(['Asia/Calcutta', 'Asia/Kolkata', 'Europe/Berlin', 'UTC']);
    expect(timeZoneOptions('UTC', ['UTC'])).toEqual(['UTC']);
  });
});
