import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { signJwt, verifySecretJwt } from '../../config/jwt.ts';
import { JWT_SECRET } from '../../config/keys.ts';
import { StorageError, storageErrors } from '../errors.ts';
import type { Caller } from './caller.ts';

/** How long a signed upload URL stays valid (the CLI's local default, compat doc §5.3). */
export const SIGNED_UPLOAD_SECONDS = 7200;

export interface UploadGrant {
  jti: string;
  upsert: boolean;
}

/**
 * Issues a signed upload token for `url` (`<bucket>/<key>`). Its claims are those Supabase
 * Storage signs (supabase/storage `src/storage/object.ts`, signUploadObjectUrl): owner, url,
 * upsert, scope — and no `role`, so PostgREST and Realtime never take it for a session
 * (PostgREST falls back to anon, Realtime refuses it). The signer's role and claims stay here,
 * in `_stack.storage_upload_tokens`, so the upload runs with exactly the signer's rights.
 */
export async function issueUploadToken(
  pool: pg.Pool,
  caller: Caller,
  url: string,
  upsert: boolean,
): Promise<string> {
  const jti = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const exp = now + SIGNED_UPLOAD_SECONDS;
  await pool.query(
    `with purged as (delete from _stack.storage_upload_tokens where expires_at < now())
     insert into _stack.storage_upload_tokens (id, role, claims, expires_at) values ($1, $2, $3, to_timestamp($4))`,
    [jti, caller.role, JSON.stringify(caller.claims), exp],
  );
  const owner = typeof caller.claims.sub === 'string' ? caller.claims.sub : undefined;
  return signJwt({ owner, url, upsert, scope: 'upload', jti, iat: now, exp }, JWT_SECRET);
}

const refused = (message: string) => new StorageError(storageErrors.invalidJwt, message);

/** Checks a signed upload token for `url` and finds who signed it; does not spend it. */
export async function redeemUploadToken(
  pool: pg.Pool,
  token: string,
  url: string,
): Promise<{ caller: Caller; grant: UploadGrant }> {
  const result = await verifySecretJwt(token, JWT_SECRET);
  if (!result.ok) throw refused(result.reason === 'expired' ? 'jwt expired' : 'invalid signature');
  const { claims } = result;
  if (claims.scope !== 'upload' || claims.url !== url) throw new StorageError(storageErrors.invalidSignature);
  const { rows } = await pool.query<{ role: string; claims: Caller['claims']; used: boolean }>(
    `select role, claims, used_at is not null as used from _stack.storage_upload_tokens
     where id = $1 and expires_at > now()`,
    [typeof claims.jti === 'string' && /^[0-9a-f-]{36}$/.test(claims.jti) ? claims.jti : null],
  );
  const row = rows[0];
  if (!row) throw refused('This signed upload URL is not known or has expired. Ask for a new one.');
  if (row.used) throw refused('This signed upload URL was already used. Ask for a new one.');
  return {
    caller: { role: row.role, claims: row.claims },
    grant: { jti: claims.jti as string, upsert: claims.upsert === true },
  };
}

/**
 * Spends a token inside the upload's transaction, before its role is set: two uploads racing
 * with one URL serialise on the row, and the second finds it used.
 */
export async function spendUploadToken(db: pg.PoolClient, jti: string): Promise<void> {
  const { rowCount } = await db.query(
    'update _stack.storage_upload_tokens set used_at = now() where id = $1 and used_at is null',
    [jti],
  );
  if (!rowCount) throw refused('This signed upload URL was already used. Ask for a new one.');
}
