import type { RealtimeChannel } from '@supabase/supabase-js';
import { goto } from '$app/navigation';
import { SvelteSet } from 'svelte/reactivity';
import { resolve } from '$app/paths';
import type { Role } from '../auth/session.svelte.ts';
import { onSignOut } from '../auth/sign-out.ts';
import { supabase } from '../supabase.ts';
import type { CallSession } from './call.svelte.ts';
import { acquireCall, heldCalls, leaveAllCalls, releaseCall, ringingCalls } from './registry.svelte.ts';
import { CALL_CLOSES_AFTER_MS, CALL_OPENS_BEFORE_MS, isoAt } from './window.ts';

const RECHECK_MS = 60_000;

export interface IncomingCall {
  session: CallSession;
  callerName: string;
}

/**
 * Listens for calls wherever the user is in the app: while signed in, it holds the call session
 * of each of the user's scheduled video appointments whose call window is open (checked every
 * minute and whenever one of their appointments changes), so a ring reaches them on any page.
 */
export class IncomingCalls {
  /** The other person's name per appointment, for "… is calling". */
  names = $state<Record<string, string>>({});
  #user: { id: string; role: Role } | null = null;
  #held = new SvelteSet<string>();
  /** Missed calls (by call attempt) the user has dismissed. */
  #seen = new SvelteSet<string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #changes: RealtimeChannel | null = null;

  /** The call ringing now, if any (the first, should two ring at once). */
  get current(): IncomingCall | null {
    const session = ringingCalls()[0];
    return session ? { session, callerName: this.names[session.appointmentId] ?? 'Someone' } : null;
  }

  /** Calls that rang here and went unanswered, until the user dismisses them. */
  get missed(): IncomingCall[] {
    return heldCalls()
      .filter(({ state }) => state.phase === 'ended' && state.endReason === 'missed' && state.polite)
      .filter(({ state }) => !this.#seen.has(state.callId ?? ''))
      .map((session) => ({ session, callerName: this.names[session.appointmentId] ?? 'Someone' }));
  }

  dismissMissed(call: IncomingCall): void {
    this.#seen.add(call.session.state.callId ?? '');
  }

  /** Follows the signed-in user: starts for a user, stops on sign-out. */
  follow(userId: string | null, role: Role | null): void {
    if (userId === this.#user?.id) return;
    void this.stop();
    if (!userId || !role) return;
    this.#user = { id: userId, role };
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), RECHECK_MS);
    const column = role === 'doctor' ? 'doctor_id' : 'patient_id';
    this.#changes = supabase
      .channel(`incoming-calls:${userId}`)
      .on(
        'postgres_changes',
        { event: '*', schema: 'public', table: 'appointments', filter: `${column}=eq.${userId}` },
        () => void this.refresh(),
      )
      .subscribe();
  }

  async refresh(): Promise<void> {
    const user = this.#user;
    if (!user) return;
    const now = Date.now();
    const { data, error } = await supabase
      .from('appointments')
      .select(
        'id, doctor:doctors(profile:profiles(full_name)), patient:patients(profile:profiles(full_name))',
      )
      .eq(user.role === 'doctor' ? 'doctor_id' : 'patient_id', user.id)
      .eq('status', 'scheduled')
      .eq('mode', 'video')
      .lte('starts_at', isoAt(now + CALL_OPENS_BEFORE_MS))
      .gt('ends_at', isoAt(now - CALL_CLOSES_AFTER_MS));
    if (error || this.#user !== user) return;
    const names: Record<string, string> = {};
    for (const row of data) {
      const other = user.role === 'doctor' ? row.patient?.profile : row.doctor?.profile;
      names[row.id] = other?.full_name ?? (user.role === 'doctor' ? 'Your patient' : 'Your doctor');
    }
    this.names = names;
    for (const id of Object.keys(names)) {
      if (!this.#held.has(id)) {
        this.#held.add(id);
        acquireCall(id);
      }
    }
    for (const id of [...this.#held]) {
      if (!(id in names)) {
        this.#held.delete(id);
        releaseCall(id);
      }
    }
  }

  /** Answers the ringing call and opens the call page, where it continues. */
  async accept(): Promise<void> {
    const call = this.current;
    if (!call) return;
    void call.session.accept();
    await goto(resolve('/call/[appointmentId]', { appointmentId: call.session.appointmentId }));
  }

  decline(): void {
    this.current?.session.reject();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    const changes = this.#changes;
    this.#changes = null;
    this.#user = null;
    for (const id of this.#held) releaseCall(id);
    this.#held.clear();
    if (changes) await supabase.removeChannel(changes);
  }

  /** Sign-out: every channel goes, including any call page's. */
  async stopAll(): Promise<void> {
    await this.stop();
    await leaveAllCalls();
  }
}

export const incomingCalls = new IncomingCalls();

onSignOut(() => incomingCalls.stopAll());
