import type { AuthContext, Handler } from '../domain/context.ts';
import { findByToken, issueOtp, type LinkKind } from '../domain/otp.ts';
import { startSession } from '../domain/sessions.ts';
import { findUserByEmail, findUserById, insertUser, type UserRow } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { normaliseEmail, optionalObject, optionalString, sendJson } from '../internal/http.ts';
import { limit, safeRedirect } from './guards.ts';

const SUBJECTS: Record<LinkKind, string> = {
  signup: 'Confirm your email',
  invite: 'You have been invited',
  recovery: 'Reset your password',
  magiclink: 'Your sign-in link',
  email_change: 'Confirm your new email address',
};

/** Mails a one-time link (and code) and returns what admin.generateLink reports. */
export async function sendLink(
  ctx: AuthContext,
  user: UserRow,
  kind: LinkKind,
  redirectTo: string | null | undefined,
) {
  if (!ctx.limiter.take('email_sent', user.email ?? ''))
    throw new AuthError(authErrors.overEmailSendRateLimit);
  const { otp, hash } = await issueOtp(ctx.pool, user, kind, ctx.config.email.otpLength);
  const redirect = safeRedirect(ctx, redirectTo);
  const link = `${ctx.externalUrl}/verify?token=${hash}&type=${kind}&redirect_to=${encodeURIComponent(redirect)}`;
  const to = kind === 'email_change' ? (user.email_change ?? '') : (user.email ?? '');
  ctx.outbox.send(
    to,
    SUBJECTS[kind],
    `${SUBJECTS[kind]}.\n\nFollow this link: ${link}\n\nOr enter the code: ${otp}`,
  );
  return {
    action_link: link,
    email_otp: otp,
    hashed_token: hash,
    verification_type: kind,
    redirect_to: redirect,
  };
}

/** POST /recover — always 200 {} so nobody learns which addresses have accounts. */
export const recover: Handler = async (ctx, request) => {
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  const email = normaliseEmail(optionalString(body, 'email'));
  const user = await findUserByEmail(ctx.pool, email);
  if (user) await sendLink(ctx, user, 'recovery', request.url.searchParams.get('redirect_to'));
  sendJson(request.res, 200, {});
};

/** POST /otp — a magic link and code; creates the user unless create_user is false. */
export const otp: Handler = async (ctx, request) => {
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  const email = normaliseEmail(optionalString(body, 'email'));
  let user = await findUserByEmail(ctx.pool, email);
  if (!user) {
    if (body.create_user === false || !ctx.config.enableSignup) throw new AuthError(authErrors.otpDisabled);
    const data = optionalObject(body, 'data') ?? {};
    try {
      user = await ctx.transaction((db) =>
        insertUser(db, { email, passwordHash: null, userMetadata: data, confirmed: false }),
      );
    } catch {
      throw new AuthError(authErrors.unexpected);
    }
  }
  await sendLink(
    ctx,
    user,
    user.email_confirmed_at ? 'magiclink' : 'signup',
    request.url.searchParams.get('redirect_to'),
  );
  sendJson(request.res, 200, {});
};

/** POST /resend — sends the signup confirmation again. */
export const resend: Handler = async (ctx, request) => {
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  const email = normaliseEmail(optionalString(body, 'email'));
  const user = await findUserByEmail(ctx.pool, email);
  if (user && !user.email_confirmed_at)
    await sendLink(ctx, user, 'signup', request.url.searchParams.get('redirect_to'));
  sendJson(request.res, 200, {});
};

/** Consumes a token and signs the user in; confirms the email or applies an email change. */
async function verifyToken(
  ctx: AuthContext,
  type: string,
  lookup: { hash: string } | { email: string; otp: string },
  ip: string,
) {
  return ctx.transaction(async (db) => {
    const found = await findByToken(db, type, lookup, ctx.config.email.otpExpiry);
    if (!found) throw new AuthError(authErrors.otpExpired);
    if (found.kind === 'email_change') {
      await db.query(
        `update auth.users set email = email_change, email_change = '', updated_at = now() where id = $1`,
        [found.userId],
      );
    }
    await db.query(
      `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
         raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || '{"email_verified": true}' where id = $1`,
      [found.userId],
    );
    const user = (await findUserById(db, found.userId))!;
    // GoTrue signs every verified link or code in with the `otp` method, whatever its type
    // (supabase/auth internal/api/verify.go: issueRefreshToken(…, models.OTP, …)).
    return {
      session: await startSession(db, user, 'otp', ctx.tokens, { ip, userAgent: undefined }),
      kind: found.kind,
    };
  });
}

/** POST /verify — verifyOtp({email, token, type}) or ({token_hash, type}) → Session. */
export const verifyPost: Handler = async (ctx, request) => {
  limit(ctx, request, 'token_verifications');
  const body = await request.body();
  const type = optionalString(body, 'type') ?? '';
  const tokenHash = optionalString(body, 'token_hash');
  const code = optionalString(body, 'token');
  const email = optionalString(body, 'email');
  const lookup = tokenHash
    ? { hash: tokenHash }
    : code && email
      ? { email: normaliseEmail(email), otp: code }
      : undefined;
  if (!lookup) throw new AuthError(authErrors.validationFailed, 'Verify requires a token or a token hash');
  const { session } = await verifyToken(ctx, type, lookup, request.ip);
  sendJson(request.res, 200, session);
};

/** GET /verify?token=…&type=…&redirect_to=… — the email link: 303 with the session in the fragment. */
export const verifyGet: Handler = async (ctx, request) => {
  const params = request.url.searchParams;
  const redirect = safeRedirect(ctx, params.get('redirect_to'));
  const type = params.get('type') ?? '';
  try {
    limit(ctx, request, 'token_verifications');
    const { session } = await verifyToken(ctx, type, { hash: params.get('token') ?? '' }, request.ip);
    const fragment = new URLSearchParams({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      token_type: 'bearer',
      type,
    });
    request.res.writeHead(303, { location: `${redirect}#${fragment}` }).end();
  } catch (error) {
    const failure = error instanceof AuthError ? error : new AuthError(authErrors.otpExpired);
    const fragment = new URLSearchParams({
      error: 'access_denied',
      error_code: failure.code,
      error_description: 'Email link is invalid or has expired',
    });
    request.res.writeHead(303, { location: `${redirect}#${fragment}` }).end();
  }
};
