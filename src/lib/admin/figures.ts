import { z } from 'zod';
import type { Json } from '../database.types.ts';

/** Appointment statuses the per-day chart stacks, bottom to top. */
export const STATUSES = ['completed', 'scheduled', 'pending', 'cancelled'] as const;
export type ChartStatus = (typeof STATUSES)[number];

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();

/** The document `platform_figures()` returns (supabase/migrations/20260307000300_verification_functions.sql). */
const figuresSchema = z.object({
  from: z.iso.date(),
  until: z.iso.date(),
  per_day: z.array(
    z.object({ day: z.iso.date(), pending: count, scheduled: count, completed: count, cancelled: count }),
  ),
  total: count,
  cancellation_rate: rate,
  no_show_rate: rate,
  signups: z.record(z.string(), count),
  median_confirmation_minutes: z.number().nonnegative().nullable(),
});

export type Figures = z.infer<typeof figuresSchema>;
export type DayCounts = Figures['per_day'][number];

/** Checks the RPC's answer once, so the charts can trust every field. */
export function parseFigures(data: Json): Figures {
  return figuresSchema.parse(data);
}

/** A YYYY-MM-DD the figures may end on, or null (then the server uses today). */
export function untilFromParam(value: string | null): string | null {
  if (!value) return null;
  return z.iso.date().safeParse(value).success ? value : null;
}

/** "12.5 %" (at most one decimal), or null when there is nothing to divide. */
export function formatRate(value: number | null, locale?: string): string | null {
  if (value === null) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** "45 min", "3 h 20 min", "2 d 4 h": the request → confirmation median, to the minute. */
export function formatMinutes(value: number | null): string | null {
  if (value === null) return null;
  const minutes = Math.round(value);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/**
 * Round tick values from 0 up to at least `max` (1, 2 or 5 times a power of ten apart), so the
 * axis ends on a round number above the tallest bar. Never fewer than two ticks.
 */
export function niceTicks(max: number, target = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power;
  // Counts are whole: a step below 1 would label the axis 0.5, 1.5 …
  const whole = Math.max(1, Math.round(step));
  const top = Math.ceil(max / whole) * whole;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += whole) ticks.push(tick);
  return ticks;
}

export interface Segment {
  status: ChartStatus;
  value: number;
  /** Bottom and top of the segment in data units (stacked). */
  from: number;
  to: number;
}

export interface StackedDay {
  day: string;
  total: number;
  segments: Segment[];
}

/** Each day's counts stacked in STATUSES order; zero-height segments are left out. */
export function stackDays(days: DayCounts[]): StackedDay[] {
  return days.map((day) => {
    let from = 0;
    const segments: Segment[] = [];
    for (const status of STATUSES) {
      const value = day[status];
      if (value > 0) segments.push({ status, value, from, to: from + value });
      from += value;
    }
    return { day: day.day, total: from, segments };
  });
}

/** Whether the per-day chart has anything to draw. */
export function hasAppointments(days: DayCounts[]): boolean {
  return days.some((day) => STATUSES.some((status) => day[status] > 0));
}

/** A linear map from [0, domainMax] onto [rangeStart, rangeEnd] (SVG y grows downwards). */
export function linearScale(domainMax: number, rangeStart: number, rangeEnd: number) {
  const span = domainMax > 0 ? domainMax : 1;
  return (value: number) => rangeStart + ((rangeEnd - rangeStart) * value) / span;
}

/** Sign-ups as bars in a fixed order (patients, doctors, admins), with the largest value. */
export function signupBars(signups: Record<string, number>): { role: string; value: number }[] {
  const order = ['patient', 'doctor', 'admin'];
  const roles = [
    ...order.filter((role) => role in signups),
    ...Object.keys(signups).filter((r) => !order.includes(r)),
  ];
  return roles.map((role) => ({ role, value: signups[role] ?? 0 }));
}

/** All sign-ups in the window, whatever the role. */
export function signupTotal(signups: Record<string, number>): number {
  return Object.values(signups).reduce((sum, value) => sum + value, 0);
}

/** Every fifth day (and the last) gets an axis label, so 30 labels never overlap on a phone. */
export function labelledDays(days: string[], every = 5): Set<string> {
  const labelled = new Set(days.filter((_, index) => index % every === 0));
  const last = days.at(-1);
  if (last) labelled.add(last);
  return labelled;
}

/** "3 Mar": a UTC calendar day as the axis and table show it. */
export function formatDayLabel(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The total over all days and the busiest day (the first of equals), for the chart's text alternative. */
export function busiestDay(days: StackedDay[]): { total: number; day: string; count: number } | null {
  let best: StackedDay | null = null;
  let total = 0;
  for (const day of days) {
    total += day.total;
    if (!best || day.total > best.total) best = day;
  }
  return best && total > 0 ? { total, day: best.day, count: best.total } : null;
}
