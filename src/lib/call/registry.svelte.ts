import { PUBLIC_ICE_SERVERS } from '$app/env/public';
import { SvelteMap } from 'svelte/reactivity';
import { CallSession } from './call.svelte.ts';
import { parseIceServers } from './ice.ts';
import { ringTone } from './ring.ts';

interface Held {
  session: CallSession;
  holders: number;
}

/** Every call session of this tab, one per appointment: its channel can be joined only once. */
const held = new SvelteMap<string, Held>();
let iceServers: RTCIceServer[] | undefined;

/** The session of an appointment's call, shared by everyone who holds it; joins its channel. */
export function acquireCall(appointmentId: string): CallSession {
  let entry = held.get(appointmentId);
  if (!entry) {
    iceServers ??= parseIceServers(PUBLIC_ICE_SERVERS);
    const session = new CallSession({ appointmentId, iceServers, ringer: ringTone });
    entry = { session, holders: 0 };
    held.set(appointmentId, entry);
    void session.join();
  }
  entry.holders += 1;
  return entry.session;
}

/** Lets go of a session; the last holder leaves its channel. */
export function releaseCall(appointmentId: string): void {
  const entry = held.get(appointmentId);
  if (!entry) return;
  entry.holders -= 1;
  if (entry.holders > 0) return;
  held.delete(appointmentId);
  void entry.session.leave();
}

/** Every call session of this tab. */
export function heldCalls(): CallSession[] {
  return [...held.values()].map((entry) => entry.session);
}

/** Sessions ringing right now (an incoming call waiting for an answer). */
export function ringingCalls(): CallSession[] {
  return heldCalls().filter((session) => session.state.phase === 'ringing');
}

/** Leaves every channel (sign-out). */
export async function leaveAllCalls(): Promise<void> {
  const entries = [...held.values()];
  held.clear();
  await Promise.all(entries.map((entry) => entry.session.leave()));
}

// A closing tab cannot wait for anything, but a broadcast already on the socket still goes out.
if (typeof window !== 'undefined') {
  const notify = () => {
    for (const entry of held.values()) entry.session.notifyUnload();
  };
  addEventListener('pagehide', notify);
  addEventListener('beforeunload', notify);
  const networkChanged = () => {
    // Back online or on another network mid-call: the old candidate pairs may be dead.
    for (const entry of held.values())
      if (entry.session.state.phase === 'connected') entry.session.restartIce();
  };
  addEventListener('online', networkChanged);
  // Wi-Fi to mobile data and back (Network Information API, where the browser has it).
  (navigator as { connection?: EventTarget }).connection?.addEventListener('change', networkChanged);
}
