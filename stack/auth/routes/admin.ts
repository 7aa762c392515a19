import type { Handler } from '../domain/context.ts';
import { type LinkKind } from '../domain/otp.ts';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  updateUser,
  userJson,
  type UserRow,
} from '../domain/users.ts';
import { AuthError, authErrors } from '../errors.ts';
import { normaliseEmail, optionalObject, optionalString, sendJson } from '../internal/http.ts';
import { requireAdmin, checkPasswordStrength } from './guards.ts';
import { sendLink } from './email.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function userIdFrom(path: string): string {
  const id = path.split('/')[3] ?? '';
  if (!UUID.test(id)) throw new AuthError([404, 'validation_failed', ''], 'user_id must be a UUID');
  return id;
}

async function loadUser(ctx: Parameters<Handler>[0], id: string): Promise<UserRow> {
  const user = await findUserById(ctx.pool, id);
  if (!user) throw new AuthError(authErrors.userNotFound);
  return user;
}

/** POST /admin/users — create a user; unconfirmed unless email_confirm is true (compat doc §3.1). */
export const adminCreateUser: Handler = async (ctx, request) => {
  await requireAdmin(request);
  const body = await request.body();
  const email = normaliseEmail(optionalString(body, 'email'));
  const password = optionalString(body, 'password');
  if (password !== undefined) checkPasswordStrength(ctx, password);
  if (await findUserByEmail(ctx.pool, email)) throw new AuthError(authErrors.emailExists);
  const passwordHash = password ? await ctx.hasher.hash(password) : null;
  const user = await ctx.transaction((db) =>
    insertUser(db, {
      email,
      passwordHash,
      userMetadata: optionalObject(body, 'user_metadata') ?? {},
      appMetadata: optionalObject(body, 'app_metadata') ?? {},
      confirmed: body.email_confirm === true,
      id: optionalString(body, 'id'),
    }).catch(() => {
      throw new AuthError(authErrors.unexpected);
    }),
  );
  sendJson(request.res, 200, await userJson(ctx.pool, user));
};

/** GET /admin/users?page=&per_page= — with X-Total-Count and a Link header auth-js parses. */
export const adminListUsers: Handler = async (ctx, request) => {
  await requireAdmin(request);
  const page = Math.max(1, Number(request.url.searchParams.get('page') ?? 1) || 1);
  const perPage = Math.min(1000, Math.max(1, Number(request.url.searchParams.get('per_page') ?? 50) || 50));
  const total = Number(
    (await ctx.pool.query<{ n: string }>('select count(*) as n from auth.users where deleted_at is null'))
      .rows[0]!.n,
  );
  const { rows } = await ctx.pool.query<{ id: string }>(
    'select id from auth.users where deleted_at is null order by created_at, id limit $1 offset $2',
    [perPage, (page - 1) * perPage],
  );
  const users = [];
  for (const row of rows) users.push(await userJson(ctx.pool, (await findUserById(ctx.pool, row.id))!));
  const last = Math.max(1, Math.ceil(total / perPage));
  const base = `${ctx.externalUrl}/admin/users`;
  const links = [];
  if (page < last) links.push(`<${base}?page=${page + 1}&per_page=${perPage}>; rel="next"`);
  links.push(`<${base}?page=${last}&per_page=${perPage}>; rel="last"`);
  sendJson(
    request.res,
    200,
    { users, aud: 'authenticated' },
    { 'x-total-count': String(total), link: links.join(', ') },
  );
};

export const adminGetUser: Handler = async (ctx, request) => {
  await requireAdmin(request);
  sendJson(request.res, 200, await userJson(ctx.pool, await loadUser(ctx, userIdFrom(request.url.pathname))));
};

/** PUT /admin/users/{id} — email, password, metadata, confirmation, ban. */
export const adminUpdateUser: Handler = async (ctx, request) => {
  await requireAdmin(request);
  const user = await loadUser(ctx, userIdFrom(request.url.pathname));
  const body = await request.body();
  const changes: Record<string, unknown> = {};
  const email = optionalString(body, 'email');
  if (email !== undefined) changes.email = normaliseEmail(email);
  const password = optionalString(body, 'password');
  if (password !== undefined) {
    checkPasswordStrength(ctx, password);
    changes.encrypted_password = await ctx.hasher.hash(password);
  }
  const userMetadata = optionalObject(body, 'user_metadata');
  if (userMetadata) changes.raw_user_meta_data = { ...user.raw_user_meta_data, ...userMetadata };
  const appMetadata = optionalObject(body, 'app_metadata');
  if (appMetadata) changes.raw_app_meta_data = { ...user.raw_app_meta_data, ...appMetadata };
  if (body.email_confirm === true && !user.email_confirmed_at) changes.email_confirmed_at = new Date();
  const ban = optionalString(body, 'ban_duration');
  if (ban !== undefined) {
    const hours = /^(\d+)h$/.exec(ban)?.[1];
    changes.banned_until =
      ban === 'none' ? null : hours ? new Date(Date.now() + Number(hours) * 3_600_000) : undefined;
    if (changes.banned_until === undefined)
      throw new AuthError(authErrors.validationFailed, 'ban_duration must look like "24h" or "none"');
  }
  const updated = Object.keys(changes).length ? await updateUser(ctx.pool, user.id, changes) : user;
  sendJson(request.res, 200, await userJson(ctx.pool, updated));
};

/** DELETE /admin/users/{id} — cascades to identities, sessions and the app's rows. */
export const adminDeleteUser: Handler = async (ctx, request) => {
  await requireAdmin(request);
  const user = await loadUser(ctx, userIdFrom(request.url.pathname));
  await ctx.pool.query('delete from auth.users where id = $1', [user.id]);
  sendJson(request.res, 200, {});
};

/** POST /admin/generate_link — the link without sending mail; User fields plus link properties. */
export const adminGenerateLink: Handler = async (ctx, request) => {
  await requireAdmin(request);
  const body = await request.body();
  const type = optionalString(body, 'type') ?? '';
  const kinds: Record<string, LinkKind> = {
    signup: 'signup',
    invite: 'invite',
    magiclink: 'magiclink',
    recovery: 'recovery',
  };
  const kind = kinds[type];
  if (!kind) throw new AuthError(authErrors.validationFailed, `Unsupported link type "${type}"`);
  const email = normaliseEmail(optionalString(body, 'email'));
  let user = await findUserByEmail(ctx.pool, email);
  if (!user) {
    if (kind === 'recovery' || kind === 'magiclink') throw new AuthError(authErrors.userNotFound);
    const password = optionalString(body, 'password');
    if (password) checkPasswordStrength(ctx, password);
    const passwordHash = password ? await ctx.hasher.hash(password) : null;
    user = await ctx.transaction((db) =>
      insertUser(db, {
        email,
        passwordHash,
        userMetadata: optionalObject(body, 'data') ?? {},
        confirmed: false,
      }),
    );
  }
  // auth-js sends options.redirectTo as the `redirect_to` query parameter; GoTrue also reads the body.
  const redirectTo = request.url.searchParams.get('redirect_to') ?? optionalString(body, 'redirect_to');
  const link = await sendLink(ctx, user, kind, redirectTo);
  sendJson(request.res, 200, { ...(await userJson(ctx.pool, user)), ...link });
};
