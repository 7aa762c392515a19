import { actionMessage } from '../appointments/errors.ts';
import { supabase } from '../supabase.ts';
import { localToday, rangeProblem } from './schema.ts';

export interface WeeklyRange {
  id: number;
  weekday: number;
  start_time: string;
  end_time: string;
}

export interface DayOff {
  id: number;
  date: string;
  note: string | null;
}

/** Monday first, as most people read a week; values are Postgres/JS weekday numbers. */
export const WEEKDAYS: [number, string][] = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
];

/** A doctor's weekly hours and days off; every change is saved at once, one row at a time. */
export class AvailabilityState {
  ranges = $state<WeeklyRange[]>([]);
  daysOff = $state<DayOff[]>([]);
  loading = $state(true);
  readonly #doctorId: string;

  constructor(doctorId: string) {
    this.#doctorId = doctorId;
  }

  async load(): Promise<string | null> {
    const [ranges, exceptions] = await Promise.all([
      supabase
        .from('doctor_availability')
        .select('id, weekday, start_time, end_time')
        .eq('doctor_id', this.#doctorId)
        .order('start_time'),
      supabase
        .from('doctor_availability_exceptions')
        .select('id, date, note')
        .eq('doctor_id', this.#doctorId)
        .eq('kind', 'day_off')
        .is('start_time', null)
        .gte('date', localToday())
        .order('date'),
    ]);
    this.loading = false;
    if (ranges.error || exceptions.error) return actionMessage(ranges.error ?? exceptions.error);
    this.ranges = ranges.data;
    this.daysOff = exceptions.data;
    return null;
  }

  on(weekday: number): WeeklyRange[] {
    return this.ranges.filter((range) => range.weekday === weekday);
  }

  async addRange(weekday: number, start: string, end: string): Promise<string | null> {
    const problem = rangeProblem(start, end, this.on(weekday));
    if (problem) return problem;
    const { data, error } = await supabase
      .from('doctor_availability')
      .insert({ doctor_id: this.#doctorId, weekday, start_time: start, end_time: end })
      .select('id, weekday, start_time, end_time')
      .single();
    if (error)
      return error.code === '23P01' ? 'This overlaps another range on that day' : actionMessage(error);
    this.ranges = [...this.ranges, data].sort((a, b) => a.start_time.localeCompare(b.start_time));
    return null;
  }

  async removeRange(id: number): Promise<string | null> {
    const { error } = await supabase.from('doctor_availability').delete().eq('id', id);
    if (error) return actionMessage(error);
    this.ranges = this.ranges.filter((range) => range.id !== id);
    return null;
  }

  async addDayOff(date: string, note: string): Promise<string | null> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return 'Choose a date';
    if (date < localToday()) return 'Choose today or a later date';
    if (this.daysOff.some((day) => day.date === date)) return 'That day is already off';
    if (note.length > 200) return 'Keep the note under 200 characters';
    const { data, error } = await supabase
      .from('doctor_availability_exceptions')
      .insert({ doctor_id: this.#doctorId, date, kind: 'day_off', note: note.trim() || null })
      .select('id, date, note')
      .single();
    if (error) return actionMessage(error);
    this.daysOff = [...this.daysOff, data].sort((a, b) => a.date.localeCompare(b.date));
    return null;
  }

  async removeDayOff(id: number): Promise<string | null> {
    const { error } = await supabase.from('doctor_availability_exceptions').delete().eq('id', id);
    if (error) return actionMessage(error);
    this.daysOff = this.daysOff.filter((day) => day.id !== id);
    return null;
  }
}
