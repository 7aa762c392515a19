import type { Handler } from '../domain/context.ts';
import { updateUser, userJson } from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { normaliseEmail, optionalObject, optionalString, sendJson } from '../internal/http.ts';
import { limit, requireUser, checkPasswordStrength } from './guards.ts';
import { sendLink } from './email.ts';

/** GET /user — the signed-in user. */
export const getUser: Handler = async (ctx, request) => {
  const { user } = await requireUser(ctx, request);
  sendJson(request.res, 200, await userJson(ctx.pool, user));
};

/** Merges metadata key by key; a null value removes the key (compat doc §3.1). */
function mergeMetadata(current: Record<string, unknown>, changes: Record<string, unknown>) {
  const merged = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** PUT /user — change password, metadata, or email (the new address is confirmed by mail). */
export const putUser: Handler = async (ctx, request) => {
  const { user } = await requireUser(ctx, request);
  limit(ctx, request, 'sign_in_sign_ups');
  const body = await request.body();
  const changes: Record<string, unknown> = {};
  const data = optionalObject(body, 'data');
  if (data) changes.raw_user_meta_data = mergeMetadata(user.raw_user_meta_data ?? {}, data);
  const password = optionalString(body, 'password');
  if (password !== undefined) {
    checkPasswordStrength(ctx, password);
    if (await ctx.hasher.verify(password, user.encrypted_password))
      throw new AuthError(authErrors.samePassword);
    changes.encrypted_password = await ctx.hasher.hash(password);
  }
  const email = optionalString(body, 'email');
  let newEmail: string | undefined;
  if (email !== undefined && normaliseEmail(email) !== user.email) {
    newEmail = normaliseEmail(email);
    const taken = await ctx.pool.query('select 1 from auth.users where lower(email) = $1', [newEmail]);
    if (taken.rowCount) throw new AuthError(authErrors.emailExists);
    changes.email_change = newEmail;
    changes.email_change_sent_at = new Date();
  }
  const updated = Object.keys(changes).length ? await updateUser(ctx.pool, user.id, changes) : user;
  if (newEmail) await sendLink(ctx, updated, 'email_change', request.url.searchParams.get('redirect_to'));
  sendJson(request.res, 200, await userJson(ctx.pool, updated));
};

/** POST /logout?scope=global|local|others — 204. */
export const logout: Handler = async (ctx, request) => {
  const { user, sessionId } = await requireUser(ctx, request);
  const scope = request.url.searchParams.get('scope') ?? 'global';
  if (scope === 'global') await ctx.pool.query('delete from auth.sessions where user_id = $1', [user.id]);
  else if (scope === 'local') await ctx.pool.query('delete from auth.sessions where id = $1', [sessionId]);
  else if (scope === 'others')
    await ctx.pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [user.id, sessionId]);
  else throw new AuthError(authErrors.validationFailed, `Unsupported logout scope "${scope}"`);
  request.res.writeHead(204).end();
};
