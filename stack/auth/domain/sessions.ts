import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { signUserJwt } from '../../config/jwt.ts';
import { AuthError, authErrors } from '../errors.ts';
import { type UserRow, userJson } from './users.ts';

export interface TokenSettings {
  issuer: string;
  jwtExpiry: number;
  rotation: boolean;
  reuseIntervalSeconds: number;
}

interface RefreshRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string;
  updated_at: Date;
}

/** An opaque, unguessable refresh token. */
function newRefreshToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Access token with GoTrue's claims (compat doc §3.2, checklist 10). */
function accessToken(
  user: UserRow,
  sessionId: string,
  method: string,
  settings: TokenSettings,
  now: number,
): Promise<string> {
  return signUserJwt({
    iss: settings.issuer,
    sub: user.id,
    aud: 'authenticated',
    exp: now + settings.jwtExpiry,
    iat: now,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method, timestamp: now }],
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  });
}

async function sessionResponse(
  db: pg.PoolClient,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
  method: string,
  settings: TokenSettings,
) {
  const now = Math.floor(Date.now() / 1000);
  return {
    access_token: await accessToken(user, sessionId, method, settings, now),
    token_type: 'bearer',
    expires_in: settings.jwtExpiry,
    expires_at: now + settings.jwtExpiry,
    refresh_token: refreshToken,
    user: await userJson(db, user),
  };
}

async function insertRefreshToken(
  db: pg.PoolClient,
  userId: string,
  sessionId: string,
  parent: string | null,
) {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, parent, session_id, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, $3, $4, now(), now())`,
    [token, userId, parent, sessionId],
  );
  return token;
}

/** Starts a session for a signed-in user: session row, first refresh token, access token. */
export async function startSession(
  db: pg.PoolClient,
  user: UserRow,
  method: 'password' | 'otp' | 'magiclink' | 'recovery' | 'email/signup' | 'invite',
  settings: TokenSettings,
  client: { ip: string; userAgent: string | undefined },
) {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4)`,
    [
      sessionId,
      user.id,
      client.userAgent ?? null,
      client.ip.includes(':') || /^\d/.test(client.ip) ? client.ip : null,
    ],
  );
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
     values ($1, now(), now(), $2, gen_random_uuid())`,
    [sessionId, method],
  );
  await db.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
  const token = await insertRefreshToken(db, user.id, sessionId, null);
  return sessionResponse(db, { ...user, last_sign_in_at: new Date() }, sessionId, token, method, settings);
}

/**
 * Rotates a refresh token the way GoTrue's v1 tokens do (supabase/auth
 * internal/tokens/service.go, RefreshTokenGrant): an active token is swapped for a child. A
 * revoked token whose child is the session's active token gets that child back (the client lost
 * the response). Any other revoked token is swapped again within `refresh_token_reuse_interval`
 * of its revocation (two tabs refreshing at once); after that it counts as stolen: every token of
 * the session is revoked (the session row stays) and the answer is `refresh_token_already_used`.
 */
export async function refreshSession(
  db: pg.PoolClient,
  presented: string,
  settings: TokenSettings,
  loadUser: (id: string) => Promise<UserRow | undefined>,
) {
  const found = await db.query<RefreshRow>(
    'select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens where token = $1',
    [presented],
  );
  const token = found.rows[0];
  if (!token) throw new AuthError(authErrors.refreshTokenNotFound);
  // One refresh of a session at a time: concurrent tabs are ordered here.
  const session = await db.query('select id from auth.sessions where id = $1 for update', [token.session_id]);
  if (!session.rowCount) throw new AuthError(authErrors.sessionNotFoundRefresh);
  const user = await loadUser(token.user_id);
  if (!user) throw new AuthError(authErrors.sessionNotFoundRefresh);

  const current = await db.query<RefreshRow>(
    'select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens where id = $1',
    [token.id],
  );
  const fresh = current.rows[0]!;
  let issued: string | undefined;
  if (fresh.revoked) {
    const active = await db.query<RefreshRow>(
      `select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens
       where session_id = $1 and revoked = false order by id desc limit 1`,
      [fresh.session_id],
    );
    const activeToken = active.rows[0];
    if (activeToken && activeToken.parent === fresh.token) {
      issued = activeToken.token;
    } else if (Date.now() > fresh.updated_at.getTime() + settings.reuseIntervalSeconds * 1000) {
      // The error that follows rolls this transaction back; the family is revoked after it.
      throw new AuthError(
        authErrors.refreshTokenAlreadyUsed,
        undefined,
        settings.rotation ? { revokeFamily: fresh.session_id } : {},
      );
    }
  }
  if (!issued) {
    await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [
      fresh.id,
    ]);
    issued = await insertRefreshToken(db, user.id, fresh.session_id, fresh.token);
  }
  await db.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [
    fresh.session_id,
  ]);
  const method = await db.query<{ authentication_method: string }>(
    'select authentication_method from auth.mfa_amr_claims where session_id = $1 limit 1',
    [fresh.session_id],
  );
  return sessionResponse(
    db,
    user,
    fresh.session_id,
    issued,
    method.rows[0]?.authentication_method ?? 'password',
    settings,
  );
}
