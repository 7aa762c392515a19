import type { AuthContext, Handler } from '../domain/context.ts';
import { refreshSession, startSession } from '../domain/sessions.ts';
import { findUserByEmail, findUserById, isBanned } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { optionalString, sendJson } from '../internal/http.ts';
import { limit } from './guards.ts';

/** POST /token?grant_type=password|refresh_token. */
export const token: Handler = async (ctx, request) => {
  const grant = request.url.searchParams.get('grant_type');
  // GoTrue limits every grant on /token with the token_refresh bucket (internal/api/token.go).
  if (grant === 'password' || grant === 'refresh_token') limit(ctx, request, 'token_refresh');
  if (grant === 'password') return passwordGrant(ctx, request);
  if (grant === 'refresh_token') return refreshGrant(ctx, request);
  throw new AuthError([400, 'validation_failed', ''], 'unsupported_grant_type');
};

/** 429 with a Retry-After a person (and auth-js, as over_request_rate_limit) understands. */
function tooManyFailures(seconds: number, whose: 'account' | 'network'): AuthError {
  const wait = seconds === 1 ? '1 second' : `${seconds} seconds`;
  return new AuthError(
    authErrors.overRequestRateLimit,
    `Too many failed sign-in attempts ${whose === 'account' ? 'for this account' : 'from your network'}. Try again in ${wait}.`,
    {},
    { 'retry-after': String(seconds) },
  );
}

/**
 * Refuses a guess before the password is even checked: when this IP has spent its budget of
 * failed sign-ins, or this account is waiting out its back-off. Refused attempts count nowhere.
 * An attempt that goes ahead is counted as a failure at once and forgiven if it succeeds, so
 * a hundred guesses sent in parallel meet the limits as if they came one by one.
 */
function startAttempt(ctx: AuthContext, ip: string, email: string): () => void {
  const accountWait = ctx.backoff.waitMs(email);
  if (accountWait > 0) throw tooManyFailures(Math.ceil(accountWait / 1000), 'account');
  if (!ctx.limiter.take('sign_in_failures', ip))
    throw tooManyFailures(ctx.limiter.retryAfterSeconds('sign_in_failures', ip), 'network');
  ctx.backoff.failed(email);
  return () => {
    ctx.limiter.refund('sign_in_failures', ip);
    ctx.backoff.succeeded(email);
  };
}

const passwordGrant: Handler = async (ctx, request) => {
  const body = await request.body();
  const email = (optionalString(body, 'email') ?? '').trim().toLowerCase();
  const password = optionalString(body, 'password') ?? '';
  const succeeded = startAttempt(ctx, request.ip, email);
  const user = email ? await findUserByEmail(ctx.pool, email) : undefined;
  // Unknown email and wrong password take the same time and give the same answer.
  const valid = await ctx.hasher.verify(password, user?.encrypted_password ?? null);
  if (!user || !valid) throw new AuthError(authErrors.invalidCredentials);
  succeeded();
  if (!user.email_confirmed_at) throw new AuthError(authErrors.emailNotConfirmed);
  if (isBanned(user)) throw new AuthError(authErrors.userBanned);
  const session = await ctx.transaction((db) =>
    startSession(db, user, 'password', ctx.tokens, {
      ip: request.ip,
      userAgent: request.req.headers['user-agent'],
    }),
  );
  sendJson(request.res, 200, session);
};

const refreshGrant: Handler = async (ctx, request) => {
  const body = await request.body();
  const presented = optionalString(body, 'refresh_token');
  if (!presented) {
    request.res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'invalid_request', error_description: 'refresh_token required' }));
    return;
  }
  try {
    const session = await ctx.transaction((db) =>
      refreshSession(db, presented, ctx.tokens, (id) => findUserById(db, id)),
    );
    sendJson(request.res, 200, session);
  } catch (error) {
    // A used token coming back after the reuse interval means it leaked: revoke every token of
    // its session (GoTrue's RevokeTokenFamily); the session row stays.
    const family = error instanceof AuthError ? error.extra.revokeFamily : undefined;
    if (typeof family === 'string') {
      await ctx.pool.query(
        'update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false',
        [family],
      );
      throw new AuthError(authErrors.refreshTokenAlreadyUsed);
    }
    throw error;
  }
};
