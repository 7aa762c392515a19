import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../config/keys.ts';

/** The legacy JWT an `sb_` key stands for, or the key itself when it is no project `sb_` key. */
export function keyToken(key: string): string {
  if (key === SECRET_KEY) return SERVICE_ROLE_KEY;
  if (key === PUBLISHABLE_KEY) return ANON_KEY;
  return key;
}

/**
 * The Authorization header sent upstream, the rule of the CLI's Kong (`BearerToken` in
 * supabase/cli `internal/start/start.go`): a caller's own non-`sb_` Authorization passes
 * unchanged; otherwise the API key, with the project's `sb_` keys swapped for their legacy JWT.
 * Nothing is checked here: without any key the request goes on without Authorization, and the
 * service decides (Auth's public endpoints, public objects, functions with `verify_jwt = false`).
 */
export function upstreamAuthorization(
  authorization: string | undefined,
  apikey: string | undefined,
): string | undefined {
  if (authorization && !/^Bearer sb_/i.test(authorization)) return authorization;
  const key = apikey || authorization?.slice('Bearer '.length);
  return key ? `Bearer ${keyToken(key)}` : undefined;
}
