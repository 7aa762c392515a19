import { defineEnvVars } from '@sveltejs/kit/env';

// Public and static: the SPA is plain files, so the values are inlined at build time.
// All three are public by design (the URL and publishable key identify the project; RLS guards data).
export const variables = defineEnvVars({
  PUBLIC_SUPABASE_URL: {
    public: true,
    static: true,
    schema: (value) => value || 'http://127.0.0.1:54321',
  },
  PUBLIC_SUPABASE_ANON_KEY: {
    public: true,
    static: true,
    // The Supabase CLI's local publishable key, the same on every machine.
    schema: (value) => value || 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  },
  PUBLIC_ICE_SERVERS: {
    public: true,
    static: true,
    schema: (value) => value || '[]',
  },
});
