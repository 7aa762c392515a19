import { createClient } from '@supabase/supabase-js';
// SvelteKit 3's successor to `$env/static/public`; src/env.ts declares both values static, so a
// build inlines them (a static SPA has no server to read them from) with local-stack defaults.
import { PUBLIC_SUPABASE_ANON_KEY, PUBLIC_SUPABASE_URL } from '$app/env/public';
import type { Database } from './database.types.ts';
import { AUTH_STORAGE_KEY } from './supabase-lazy.ts';

/** The one Supabase client of the app. */
export const supabase = createClient<Database>(PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY, {
  auth: {
    persistSession: true,
    autoRefreshToken: true,
    detectSessionInUrl: true,
    storageKey: AUTH_STORAGE_KEY,
  },
});
