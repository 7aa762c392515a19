import { REALTIME_SUBSCRIBE_STATES, type RealtimeChannel } from '@supabase/supabase-js';
import { supabase } from '../supabase.ts';
import type { Role } from '../auth/session.svelte.ts';
import { isUnreachable } from '../offline/copy.ts';
import { connectivity } from '../offline/connectivity.svelte.ts';
import { DeviceCopyOf } from '../offline/device.svelte.ts';
import { actionMessage } from './errors.ts';

const COLUMNS = `id, doctor_id, patient_id, starts_at, ends_at, status, mode, reason, cancellation_reason, cancelled_by,
  rescheduled_from, call_started_at, call_answered_at, call_ended_at, updated_at,
  doctor:doctors(time_zone, specialization, profile:profiles(full_name, avatar_path)),
  patient:patients(profile:profiles(full_name, avatar_path)),
  review:reviews(id, rating, comment)`;

function selectAppointments(userId: string, role: Role) {
  return (
    supabase
      .from('appointments')
      .select(COLUMNS)
      .eq(role === 'doctor' ? 'doctor_id' : 'patient_id', userId)
      .order('starts_at', { ascending: true })
      .limit(500)
      // Offline, retrying with backoff would only delay showing the device copy.
      .retry(connectivity.online)
  );
}

export type Appointment = NonNullable<Awaited<ReturnType<typeof selectAppointments>>['data']>[number];

/** The other person on an appointment, from the viewer's side. */
export function otherParty(appointment: Appointment, role: Role): { name: string; avatar: string | null } {
  const profile = role === 'doctor' ? appointment.patient?.profile : appointment.doctor?.profile;
  return { name: profile?.full_name ?? 'Unknown', avatar: profile?.avatar_path ?? null };
}

export type ActionResult = { ok: true } | { ok: false; message: string; code: string | undefined };

/**
 * The signed-in user's appointments, kept live: any change to one of them (the other party
 * confirming, cancelling, moving it) arrives over Realtime and the list reloads. Every fresh
 * list is also kept on the device; when the server can't be reached that copy is shown, marked
 * `fromDevice`, and the list reloads by itself once the browser is back online.
 */
export class AppointmentsState {
  items = $state<Appointment[]>([]);
  loading = $state(true);
  failure = $state('');
  /** When the list was last read from the server. */
  loadedAt = $state<number | null>(null);
  /** True while `items` is the copy kept on this device, not a fresh read. */
  fromDevice = $state(false);
  readonly #userId: string;
  readonly #role: Role;
  readonly #copy: DeviceCopyOf<Appointment[]>;
  #channel: RealtimeChannel | undefined;
  #reloading: ReturnType<typeof setTimeout> | undefined;

  constructor(userId: string, role: Role) {
    this.#userId = userId;
    this.#role = role;
    this.#copy = new DeviceCopyOf<Appointment[]>('appointments', userId, role);
  }

  /**
   * Changes need the server: true while the list is the device copy, i.e. the last read could
   * not reach it. (Not `navigator.onLine` alone: a machine with only a loopback network may
   * report offline and still reach a local server.)
   */
  get readOnly(): boolean {
    return this.fromDevice;
  }

  async load(): Promise<void> {
    // With nothing on screen yet, a slow answer (offline, supabase-js may first retry a token
    // refresh for half a minute) shows the device copy meanwhile; the answer replaces it.
    const meanwhile =
      this.loadedAt === null
        ? setTimeout(() => void this.#showDeviceCopy(), connectivity.online ? 4000 : 1000)
        : undefined;
    const result = await selectAppointments(this.#userId, this.#role);
    clearTimeout(meanwhile);
    const { data, error } = result;
    if (error) {
      if (isUnreachable(result) && (await this.#showDeviceCopy())) return;
      this.loading = false;
      this.failure = isUnreachable(result)
        ? 'You are offline, and no copy of your appointments is saved on this device yet.'
        : actionMessage(error);
      return;
    }
    this.loading = false;
    this.failure = '';
    this.fromDevice = false;
    this.items = data;
    this.loadedAt = Date.now();
    void this.#copy.save(data);
  }

  /** Shows the device copy if there is one (and nothing fresher is on screen). */
  async #showDeviceCopy(): Promise<boolean> {
    if (this.loadedAt !== null) {
      // The list on screen is already the newest this device has seen.
      this.fromDevice = true;
      return true;
    }
    const copy = await this.#copy.read();
    if (this.loadedAt !== null) return true; // a fresh list (or the copy) arrived meanwhile
    if (!copy) return false;
    this.items = copy.value;
    this.loadedAt = copy.savedAt;
    this.fromDevice = true;
    this.loading = false;
    this.failure = '';
    return true;
  }

  /** Starts live updates; returns the function that stops them. */
  live(): () => void {
    const column = this.#role === 'doctor' ? 'doctor_id' : 'patient_id';
    this.#channel = supabase
      .channel(`appointments:${this.#userId}`)
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table: 'appointments', filter: `${column}=eq.${this.#userId}` },
        () => this.#scheduleReload(),
      )
      .subscribe((status) => {
        // After a dropped connection, changes made meanwhile were missed: read everything again.
        if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED && this.loadedAt) this.#scheduleReload();
      });
    // Back online: read again. Gone offline: a quick read that fails marks the list as the copy.
    const onOnline = () => this.#scheduleReload();
    addEventListener('online', onOnline);
    addEventListener('offline', onOnline);
    return () => {
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOnline);
      clearTimeout(this.#reloading);
      if (this.#channel) void supabase.removeChannel(this.#channel);
    };
  }

  #scheduleReload(): void {
    clearTimeout(this.#reloading);
    this.#reloading = setTimeout(() => void this.load(), 100);
  }

  async #run(
    call: PromiseLike<{ error: { code?: string; message: string; hint?: string | null } | null }>,
  ): Promise<ActionResult> {
    const { error } = await call;
    if (error) return { ok: false, message: actionMessage(error), code: error.code };
    await this.load();
    return { ok: true };
  }

  cancel(id: string, reason: string): Promise<ActionResult> {
    return this.#run(supabase.rpc('cancel_appointment', { appointment_id: id, reason }));
  }

  reschedule(id: string, startsAt: string, reason: string): Promise<ActionResult> {
    return this.#run(
      supabase.rpc('reschedule_appointment', { appointment_id: id, starts_at: startsAt, reason }),
    );
  }

  confirm(id: string): Promise<ActionResult> {
    return this.#run(supabase.rpc('confirm_appointment', { appointment_id: id }));
  }

  decline(id: string, reason: string): Promise<ActionResult> {
    return this.#run(supabase.rpc('decline_appointment', { appointment_id: id, reason }));
  }

  complete(id: string): Promise<ActionResult> {
    return this.#run(supabase.rpc('complete_appointment', { appointment_id: id }));
  }

  review(appointmentId: string, rating: number, comment: string): Promise<ActionResult> {
    // doctor_id and patient_id are filled in from the appointment by the database (and the API
    // may not write them), though the generated Insert type lists them as required.
    const row = { appointment_id: appointmentId, rating, comment: comment.trim() || null };
    return this.#run(
      supabase.from('reviews').insert(row as typeof row & { doctor_id: string; patient_id: string }),
    );
  }
}
