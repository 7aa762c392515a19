import type { Handler } from '../domain/context.ts';
import { refreshSession, startSession } from '../domain/sessions.ts';
import { findUserByEmail, findUserById, isBanned } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { optionalString, sendJson } from '../internal/http.ts';
import { limit } from './guards.ts';

/** POST /token?grant_type=password|refresh_token. */
export const token: Handler = async (ctx, request) => {
  const grant = request.url.searchParams.get('grant_type');
  if (grant === 'password') return passwordGrant(ctx, request);
  if (grant === 'refresh_token') return refreshGrant(ctx, request);
  throw new AuthError([400, 'validation_failed', ''], 'unsupported_grant_type');
};

const passwordGrant: Handler = async (ctx, request) => {
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  const email = (optionalString(body, 'email') ?? '').trim().toLowerCase();
  const password = optionalString(body, 'password') ?? '';
  const user = email ? await findUserByEmail(ctx.pool, email) : undefined;
  // Unknown email and wrong password take the same time and give the same answer.
  const valid = await ctx.hasher.verify(password, user?.encrypted_password ?? null);
  if (!user || !valid) throw new AuthError(authErrors.invalidCredentials);
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
  limit(ctx, request, 'token_refresh');
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
