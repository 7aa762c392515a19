import type { AuthChangeEvent, Session, SupabaseClient, User } from '@supabase/supabase-js';
import type { Database } from '../database.types.ts';
import { AUTH_STORAGE_KEY, loadSupabase, mayHoldSession, publicObjectUrl } from '../supabase-lazy.ts';
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
  #settled = false;
  #listening = false;
  /** The sessions taken in so far, applied one after another (see `apply`). */
  #applying: Promise<void> = Promise.resolve();

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
    // A sign-in in another tab stores a session; this tab takes it up like supabase-js would.
    addEventListener('storage', (event) => {
      if (event.key === AUTH_STORAGE_KEY && event.newValue) void this.client();
    });
    if (!mayHoldSession(globalThis.localStorage, new URL(location.href))) {
      // Nobody is signed in on this device: nothing to read, and supabase-js need not load yet.
      this.#settle();
      return;
    }
    void this.client();
    // Offline, supabase-js may spend half a minute retrying a token refresh before it reports
    // the stored session; meanwhile the app starts as the last user, from the device copies.
    if (!navigator.onLine) setTimeout(() => void this.#startOffline(), OFFLINE_START_MS);
  }

  /** The Supabase client, with this state following its auth events; loads supabase-js once. */
  async client(): Promise<SupabaseClient<Database>> {
    const supabase = await loadSupabase();
    if (this.#listening) return supabase;
    this.#listening = true;
    supabase.auth.onAuthStateChange((event, session) => {
      if (event === 'PASSWORD_RECOVERY') this.recovering = true;
      if (event === 'SIGNED_OUT') {
        this.recovering = false;
        // However the session ended (here, in another tab, revoked), its data leaves the device.
        void clearDevice();
      }
      // Never await Supabase calls inside this callback (it holds the auth lock).
      setTimeout(() => void this.apply(session, event), 0);
    });
    return supabase;
  }

  async #startOffline(): Promise<void> {
    if (this.#settled) return;
    const user = await offlineUser();
    const profile = user ? ((await profileCopy(user.id).read())?.value ?? null) : null;
    if (this.#settled || !user || !profile) return;
    this.user = user;
    this.profile = profile;
    this.#settle();
  }

  #settle(): void {
    this.#settled = true;
    this.#resolveReady?.();
  }

  /**
   * Takes a session in; a sign-in form calls it so the next page already knows the user.
   * Sessions take effect in the order they arrive: the client can report its start-up session
   * (none) while a sign-in is under way, and that older news, slower to settle offline, must not
   * land after the sign-in and sign the user out again.
   */
  apply(session: Session | null, event?: AuthChangeEvent): Promise<void> {
    const applied = this.#applying.then(() => this.#apply(session, event));
    this.#applying = applied.catch(() => {});
    return applied;
  }

  async #apply(session: Session | null, event?: AuthChangeEvent): Promise<void> {
    if (session?.user) void lastUser().save(session.user);
    const user = session?.user ?? (event === 'INITIAL_SESSION' ? await offlineUser() : null);
    if (user?.id !== this.user?.id || !this.profile) {
      this.profile = user ? await loadProfile(user.id) : null;
    }
    this.user = user;
    this.#settle();
  }

  /** Re-reads the profile after the user changed it (name, avatar). */
  async refreshProfile(): Promise<void> {
    if (this.user) this.profile = await loadProfile(this.user.id);
  }
}

/** How long an offline start waits for supabase-js before using the device copies. */
const OFFLINE_START_MS = 1000;

const profileCopy = (id: string) => new DeviceCopyOf<Profile>('profile', id);

/**
 * Who was last signed in on this device; removed on sign-out with the other copies. (A new
 * handle per use: a handle made before a sign-out refuses to save after it.)
 */
const lastUser = () => new DeviceCopyOf<User>('session', 'last-user');

/**
 * Offline with an access token that expired meanwhile, supabase-js cannot refresh it and starts
 * without a session, though the user never signed out (the refresh token is kept for when the
 * network is back). Then the app continues as the last user, read-only from the device copies,
 * instead of asking for a sign-in that cannot work offline.
 */
async function offlineUser(): Promise<User | null> {
  if (navigator.onLine) return null;
  return (await lastUser().read())?.value ?? null;
}

/** The profile from the server, or offline the copy kept on this device (so pages still open). */
async function loadProfile(id: string): Promise<Profile | null> {
  const copy = profileCopy(id);
  const supabase = await loadSupabase();
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
  return path ? publicObjectUrl('avatars', path) : null;
}
