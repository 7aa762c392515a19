import type { JWK } from 'jose';

/**
 * The Supabase CLI's local demo secret and keys.
 *
 * These are public by design: every `supabase start` in the world uses them, so the app's
 * `.env` is the same under the CLI and under this stack. Never use them for a hosted project.
 * See supabase/cli `pkg/config/config.go` (the defaults of `auth`) and `pkg/config/apikeys.go`.
 */
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** Legacy anon key: HS256 JWT `{"iss":"supabase-demo","role":"anon","exp":1983812996}`. */
export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

/** Legacy service_role key: HS256 JWT `{"iss":"supabase-demo","role":"service_role","exp":1983812996}`. */
export const SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

/** New-style opaque keys; the gateway swaps them for the matching legacy JWT. */
export const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
export const SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

/**
 * The fixed EC P-256 key the CLI gives GoTrue to sign user access tokens (ES256), with its
 * key id (supabase/cli `pkg/config/config.go`, `SigningKeys`). Public by design, like the secret.
 */
export const SIGNING_KEY: JWK & { kid: string } = {
  kty: 'EC',
  kid: 'b81269f1-21d8-4f2e-b719-c2240a840d90',
  use: 'sig',
  key_ops: ['sign', 'verify'],
  alg: 'ES256',
  ext: true,
  crv: 'P-256',
  x: 'M5Sjqn5zwC9Kl1zVfUUGvv9boQjCGd45G8sdopBExB4',
  y: 'P6IXMvA2WYXSHSOMTBH2jsw_9rrzGy89FjPf6oOsIxQ',
  d: 'dIhR8wywJlqlua4y_yMq2SLhlFXDZJBCvFrY1DCHyVU',
};
