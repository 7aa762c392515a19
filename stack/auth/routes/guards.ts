import { verifyJwt } from '../../config/jwt.ts';
import type { AuthContext, RouteRequest } from '../domain/context.ts';
import { findUserById, type UserRow } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { bearer } from '../internal/http.ts';
import type { Bucket } from '../domain/rate-limit.ts';
import { chooseRedirect } from '../domain/redirects.ts';

/** The signed-in user behind a request's access token, with its live session (supabase/auth `internal/api/auth.go`). */
export async function requireUser(
  ctx: AuthContext,
  request: RouteRequest,
): Promise<{ user: UserRow; sessionId: string }> {
  const token = bearer(request.req);
  if (!token) throw new AuthError(authErrors.noAuthorization);
  const result = await verifyJwt(token);
  if (!result.ok)
    throw new AuthError(result.reason === 'expired' ? authErrors.badJwtExpired : authErrors.badJwt);
  const { sub, session_id: sessionId } = result.claims;
  // The anon key (what the gateway sends for a signed-out client) is a valid JWT without a user.
  if (typeof sub !== 'string' || !sub)
    throw new AuthError(authErrors.badJwt, 'invalid claim: missing sub claim');
  const user = await findUserById(ctx.pool, sub);
  if (!user) throw new AuthError(authErrors.userNotFoundFromJwt);
  const session = await ctx.pool.query('select 1 from auth.sessions where id = $1 and user_id = $2', [
    sessionId,
    user.id,
  ]);
  if (typeof sessionId !== 'string' || !session.rowCount) throw new AuthError(authErrors.sessionNotFound);
  return { user, sessionId };
}

/** Admin endpoints need a JWT whose role is service_role (GOTRUE_JWT_ADMIN_ROLES). */
export async function requireAdmin(request: RouteRequest): Promise<void> {
  const token = bearer(request.req);
  if (!token) throw new AuthError(authErrors.noAuthorization);
  const result = await verifyJwt(token);
  if (!result.ok) throw new AuthError(authErrors.badJwt);
  if (result.claims.role !== 'service_role') throw new AuthError(authErrors.notAdmin);
}

/** GoTrue's per-IP limit for this kind of request: 429 over_request_rate_limit when spent. */
export function limit(ctx: AuthContext, request: RouteRequest, bucket: Bucket): void {
  if (ctx.limiter.take(bucket, request.ip)) return;
  const seconds = ctx.limiter.retryAfterSeconds(bucket, request.ip);
  throw new AuthError(authErrors.overRequestRateLimit, undefined, {}, { 'retry-after': String(seconds) });
}

/** Where an email link may send the user: the requested URL when allowed, else the site URL. */
export function safeRedirect(ctx: AuthContext, requested: string | null | undefined): string {
  return chooseRedirect(ctx.config, requested);
}

/** bcrypt reads at most 72 bytes of a password (supabase/auth `internal/api/password.go`). */
export const MAX_PASSWORD_BYTES = 72;

/**
 * GoTrue's checkPasswordStrength: lengths are UTF-8 bytes (Go's `len`), so a password of 72
 * multi-byte characters is refused instead of being silently cut to its first 72 bytes.
 */
export function checkPasswordStrength(ctx: AuthContext, password: string): void {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    throw new AuthError(
      authErrors.validationFailed,
      `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`,
    );
  }
  if (bytes < ctx.config.minimumPasswordLength) {
    throw new AuthError(
      [422, 'weak_password', ''],
      `Password should be at least ${ctx.config.minimumPasswordLength} characters.`,
      { weak_password: { reasons: ['length'] } },
    );
  }
}
