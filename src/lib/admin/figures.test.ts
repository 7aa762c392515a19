import { describe, expect, it } from 'vitest';
import {
  busiestDay,
  formatDayLabel,
  formatMinutes,
  formatRate,
  hasAppointments,
  labelledDays,
  linearScale,
  niceTicks,
  parseFigures,
  signupBars,
  signupTotal,
  stackDays,
  untilFromParam,
} from './figures.ts';

const day = (
  date: string,
  counts: Partial<Record<'pending' | 'scheduled' | 'completed' | 'cancelled', number>> = {},
) => ({
  day: date,
  pending: 0,
  scheduled: 0,
  completed: 0,
  cancelled: 0,
  ...counts,
});

describe('parseFigures', () => {
  const document = {
    from: '2026-02-06',
    until: '2026-03-07',
    per_day: [day('2026-03-07', { completed: 2 })],
    total: 2,
    cancellation_rate: 0.25,
    no_show_rate: null,
    signups: { patient: 3, doctor: 1, admin: 0 },
    median_confirmation_minutes: 42.5,
  };

  it('accepts what platform_figures returns', () => {
    expect(parseFigures(document)).toEqual(document);
  });

  it('refuses a document with a missing or malformed field', () => {
    expect(() => parseFigures({ ...document, total: -1 })).toThrow();
    expect(() => parseFigures({ ...document, cancellation_rate: 2 })).toThrow();
    expect(() => parseFigures({ ...document, per_day: [{ day: 'yesterday' }] })).toThrow();
    expect(() => parseFigures(null)).toThrow();
  });
});

describe('untilFromParam', () => {
  it('keeps a calendar date and drops anything else', () => {
    expect(untilFromParam('2026-03-07')).toBe('2026-03-07');
    expect(untilFromParam('2026-02-30')).toBeNull();
    expect(untilFromParam('7 March')).toBeNull();
    expect(untilFromParam("2026-03-07' or 1=1")).toBeNull();
    expect(untilFromParam(null)).toBeNull();
  });
});

describe('formatting', () => {
  it('writes rates as percentages with at most one decimal, and nothing for no data', () => {
    expect(formatRate(0.125, 'en')).toBe('12.5%');
    expect(formatRate(0, 'en')).toBe('0%');
    expect(formatRate(1 / 3, 'en')).toBe('33.3%');
    expect(formatRate(null)).toBeNull();
  });

  it('writes the median confirmation time in minutes, hours or days', () => {
    expect(formatMinutes(0.4)).toBe('0 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(200)).toBe('3 h 20 min');
    expect(formatMinutes(24 * 60)).toBe('1 d');
    expect(formatMinutes(52 * 60 + 10)).toBe('2 d 4 h');
    expect(formatMinutes(null)).toBeNull();
  });

  it('labels a UTC day the same in every zone', () => {
    expect(formatDayLabel('2026-03-01', 'en-GB')).toBe('1 Mar');
  });
});

describe('niceTicks', () => {
  it('ends on a round number at or above the maximum', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 5, 10]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(1)).toEqual([0, 1]);
  });

  it('never steps by less than one (counts are whole) and has two ticks for no data', () => {
    expect(niceTicks(2)).toEqual([0, 1, 2]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});

describe('stackDays', () => {
  it('stacks each day in a fixed status order and leaves empty statuses out', () => {
    const [stacked] = stackDays([day('2026-03-07', { completed: 2, pending: 1, cancelled: 3 })]);
    expect(stacked).toEqual({
      day: '2026-03-07',
      total: 6,
      segments: [
        { status: 'completed', value: 2, from: 0, to: 2 },
        { status: 'pending', value: 1, from: 2, to: 3 },
        { status: 'cancelled', value: 3, from: 3, to: 6 },
      ],
    });
  });

  it('knows when there is nothing to draw', () => {
    expect(hasAppointments([day('2026-03-06'), day('2026-03-07')])).toBe(false);
    expect(hasAppointments([day('2026-03-06'), day('2026-03-07', { scheduled: 1 })])).toBe(true);
    expect(hasAppointments([])).toBe(false);
  });

  it('finds the total and the first busiest day for the text alternative', () => {
    const days = stackDays([
      day('2026-03-05', { completed: 1 }),
      day('2026-03-06', { pending: 3 }),
      day('2026-03-07', { scheduled: 3 }),
    ]);
    expect(busiestDay(days)).toEqual({ total: 7, day: '2026-03-06', count: 3 });
    expect(busiestDay(stackDays([day('2026-03-05')]))).toBeNull();
  });
});

describe('linearScale', () => {
  it('maps zero and the maximum onto the ends of the range, either way round', () => {
    const y = linearScale(40, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(40)).toBe(0);
    expect(y(10)).toBe(150);
    expect(linearScale(0, 0, 100)(0)).toBe(0);
  });
});

describe('signups', () => {
  it('orders the roles patients, doctors, admins, then any other', () => {
    expect(signupBars({ admin: 1, doctor: 2, patient: 5 })).toEqual([
      { role: 'patient', value: 5 },
      { role: 'doctor', value: 2 },
      { role: 'admin', value: 1 },
    ]);
    expect(signupBars({ nurse: 1, patient: 0 }).map((bar) => bar.role)).toEqual(['patient', 'nurse']);
    expect(signupTotal({ admin: 1, doctor: 2, patient: 5 })).toBe(8);
    expect(signupTotal({})).toBe(0);
  });
});

describe('labelledDays', () => {
  it('labels every fifth day and the last one', () => {
    const days = Array.from({ length: 12 }, (_, index) => `d${index}`);
    expect([...labelledDays(days)]).toEqual(['d0', 'd5', 'd10', 'd11']);
    expect(labelledDays([]).size).toBe(0);
  });
});
