import type { Session, User } from '@supabase/supabase-js';
import { supabase } from '../supabase.ts';
import type { Database } from '../database.types.ts';
import { isUnreachable } from '../offline/copy.ts';
import { clearDevice, DeviceCopyOf } from '../offline/device.svelte.ts';

export type Role = Database['public']['Enums']['user_role'];

export interface Profile {
  id: string;
  role: Role;
  full_name: string;
  avatar_path: string | null;
}

/**
 * Who is signed in, and as what. One instance for the app, started once by the root layout;
 * pages read it and await `ready` before deciding anything.
 */
class SessionState {
  user = $state<User | null>(null);
  profile = $state<Profile | null>(null);
  /** True while the signed-in user arrived through a password-reset link. */
  recovering = $state(false);
  #ready: Promise<void> | undefined;
  #resolveReady: (() => void) | undefined;

  get role(): Role | null {
    return this.profile?.role ?? null;
  }

  /** Resolves once the stored session (and its profile) has been read. */
  get ready(): Promise<void> {
    this.start();
    return this.#ready ?? Promise.resolve();
  }

  start(): void {
    if (this.#ready) return;
    this.#ready = new Promise((resolve) => (this.#resolveReady = resolve));
    supabase.auth.onAuthStateChange((event, session) => {
      if (event === 'PASSWORD_RECOVERY') this.recovering = true;
      if (event === 'SIGNED_OUT') {
        this.recovering = false;
        // However the session ended (here, in another tab, revoked), its data leaves the device.
        void clearDevice();
      }
      // Never await Supabase calls inside this callback (it holds the auth lock).
      setTimeout(() => void this.apply(session), 0);
    });
  }

  /** Takes a session in; a sign-in form calls it so the next page already knows the user. */
  async apply(session: Session | null): Promise<void> {
    const user = session?.user ?? null;
    if (user?.id !== this.user?.id || !this.profile) {
      this.profile = user ? await loadProfile(user.id) : null;
    }
    this.user = user;
    this.#resolveReady?.();
  }

  /** Re-reads the profile after the user changed it (name, avatar). */
  async refreshProfile(): Promise<void> {
    if (this.user) this.profile = await loadProfile(this.user.id);
  }
}

/** The profile from the server, or offline the copy kept on this device (so pages still open). */
async function loadProfile(id: string): Promise<Profile | null> {
  const copy = new DeviceCopyOf<Profile>('profile', id);
  const result = await supabase
    .from('profiles')
    .select('id, role, full_name, avatar_path')
    .eq('id', id)
    .maybeSingle()
    // Offline, retrying with backoff would hold every page for seconds before the device copy.
    .retry(navigator.onLine);
  if (result.data) void copy.save(result.data);
  else if (isUnreachable(result)) return (await copy.read())?.value ?? null;
  return result.data;
}

export const session = new SessionState();

/** The public URL of an avatar in the `avatars` bucket, versioned by its path. */
export function avatarUrl(path: string | null | undefined): string | null {
  return path ? supabase.storage.from('avatars').getPublicUrl(path).data.publicUrl : null;
}
