import type { Session } from '@supabase/supabase-js';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The session state's two neighbours, replaced for this unit test only: the client (whose one
// call here reads a profile) and the device copies (whose read of the last user we hold back).
const lastUserRead = vi.hoisted(() => ({ release: null as (() => void) | null }));

vi.mock('../supabase-lazy.ts', () => {
  const profile = { id: 'doctor-1', role: 'doctor', full_name: 'Dr. Ada Hart', avatar_path: null };
  const query = {
    select: () => query,
    eq: () => query,
    maybeSingle: () => query,
    retry: () => Promise.resolve({ data: profile, error: null }),
  };
  const client = { from: () => query };
  return {
    AUTH_STORAGE_KEY: 'sb-test-auth-token',
    loadSupabase: () => Promise.resolve(client),
    mayHoldSession: () => false,
    publicObjectUrl: (bucket: string, path: string) => `/${bucket}/${path}`,
  };
});

vi.mock('../offline/device.svelte.ts', () => ({
  clearDevice: () => Promise.resolve(),
  DeviceCopyOf: class {
    readonly #kind: string;
    constructor(kind: string) {
      this.#kind = kind;
    }
    save() {
      return Promise.resolve();
    }
    read() {
      if (this.#kind !== 'session') return Promise.resolve(undefined);
      // Offline, reading who was last signed in takes a while (IndexedDB); the test decides when.
      return new Promise<undefined>((resolve) => (lastUserRead.release = () => resolve(undefined)));
    }
  },
}));

const { session } = await import('./session.svelte.ts');

afterEach(() => vi.unstubAllGlobals());

describe('session', () => {
  it('a sign-in is not undone by the start-up report that arrived before it', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const signedIn = { user: { id: 'doctor-1' } } as Session;
    const nobody: Session | null = null;

    // The client reports its start-up session (none) just as the sign-in form applies its own.
    const startUp = session.apply(nobody, 'INITIAL_SESSION');
    const signIn = session.apply(signedIn, 'SIGNED_IN');
    await vi.waitFor(() => expect(lastUserRead.release).not.toBeNull());
    lastUserRead.release?.();
    await Promise.all([startUp, signIn]);

    expect(session.user?.id).toBe('doctor-1');
    expect(session.role).toBe('doctor');
  });
});
