import { verifyJwt } from '../config/jwt.ts';
import { ANON_KEY, JWT_SECRET, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../config/keys.ts';

export type KeyCheck = { ok: true; jwt: string } | { ok: false; reason: 'missing' | 'invalid' };

/**
 * Resolves an API key to the JWT the services see: `sb_` keys map to the legacy anon or
 * service_role JWT (compat doc §1.3); any other key must be a JWT signed with the project secret.
 * Hosted Supabase refuses requests without a valid key, and so do we.
 */
export function resolveApiKey(key: string | undefined): KeyCheck {
  if (!key) return { ok: false, reason: 'missing' };
  if (key === SECRET_KEY) return { ok: true, jwt: SERVICE_ROLE_KEY };
  if (key === PUBLISHABLE_KEY) return { ok: true, jwt: ANON_KEY };
  if (key.startsWith('sb_')) return { ok: false, reason: 'invalid' };
  const result = verifyJwt(key, JWT_SECRET);
  return result.ok && typeof result.claims.role === 'string'
    ? { ok: true, jwt: key }
    : { ok: false, reason: 'invalid' };
}

/**
 * The Authorization header forwarded upstream, the CLI gateway's rule: a caller's own
 * non-`sb_` Authorization passes unchanged (the service verifies it); otherwise the key's JWT.
 */
export function upstreamAuthorization(authorization: string | undefined, keyJwt: string): string {
  if (authorization && !/^Bearer sb_/i.test(authorization)) return authorization;
  return `Bearer ${keyJwt}`;
}
