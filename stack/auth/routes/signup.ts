import type { Handler } from '../domain/context.ts';
import { startSession } from '../domain/sessions.ts';
import { findUserByEmail, insertUser, userJson } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { normaliseEmail, optionalObject, optionalString, sendJson } from '../internal/http.ts';
import { limit, checkPasswordStrength } from './guards.ts';
import { sendLink } from './email.ts';

/** POST /signup — email + password, `data` becomes user_metadata (compat doc §3.1). */
export const signup: Handler = async (ctx, request) => {
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  if (!ctx.config.enableSignup || !ctx.config.email.enableSignup)
    throw new AuthError(authErrors.signupDisabled);
  const rawEmail = optionalString(body, 'email');
  if (rawEmail === undefined && optionalString(body, 'phone') === undefined) {
    throw new AuthError(authErrors.anonymousDisabled);
  }
  const email = normaliseEmail(rawEmail);
  const password = optionalString(body, 'password');
  if (!password) throw new AuthError(authErrors.validationFailed, 'Signup requires a valid password');
  checkPasswordStrength(ctx, password);
  const data = optionalObject(body, 'data') ?? {};
  const confirmed = !ctx.config.email.enableConfirmations;

  const existing = await findUserByEmail(ctx.pool, email);
  if (existing?.email_confirmed_at) throw new AuthError(authErrors.userAlreadyExists);
  if (existing) {
    // An unconfirmed address signing up again: resend the mail, reveal nothing.
    await sendLink(
      ctx,
      existing,
      'signup',
      optionalString(body, 'redirect_to') ?? request.url.searchParams.get('redirect_to'),
    );
    return sendJson(request.res, 200, await userJson(ctx.pool, existing));
  }

  const passwordHash = await ctx.hasher.hash(password);
  const result = await ctx.transaction(async (db) => {
    let user;
    try {
      user = await insertUser(db, { email, passwordHash, userMetadata: data, confirmed });
    } catch (error) {
      // A trigger on auth.users refused the row (the app's sign-up rules); GoTrue answers 500.
      console.error('sign-up refused by the database:', (error as Error).message);
      throw new AuthError(authErrors.unexpected);
    }
    return confirmed
      ? await startSession(db, user, 'password', ctx.tokens, {
          ip: request.ip,
          userAgent: request.req.headers['user-agent'],
        })
      : user;
  });
  if ('access_token' in result) return sendJson(request.res, 200, result);
  await sendLink(ctx, result, 'signup', request.url.searchParams.get('redirect_to'));
  sendJson(request.res, 200, await userJson(ctx.pool, result));
};
