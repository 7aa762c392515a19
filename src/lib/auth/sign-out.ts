import { clearDevice } from '../offline/device.svelte.ts';
import { loadSupabase } from '../supabase-lazy.ts';

/** Everything kept on this device for the signed-in user is removed before the session ends. */
const cleanups: (() => Promise<void> | void)[] = [];

/** Registers work to do when the user signs out (e.g. clearing the offline copy). */
export function onSignOut(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

export async function signOut(): Promise<void> {
  // The offline copies (appointments, profile) go first, whatever else fails.
  await Promise.allSettled([clearDevice(), ...cleanups.map(async (cleanup) => cleanup())]);
  // `local` still signs this device out when the network is down.
  const supabase = await loadSupabase();
  const { error } = await supabase.auth.signOut();
  if (error) await supabase.auth.signOut({ scope: 'local' });
}
