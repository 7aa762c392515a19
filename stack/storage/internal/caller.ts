import type { IncomingMessage } from 'node:http';
import type pg from 'pg';
import { verifyJwt, type JwtClaims } from '../../config/jwt.ts';
import { StorageError, storageErrors } from '../errors.ts';

/** Who is asking: the role and claims of the request's JWT (the gateway always sends one). */
export interface Caller {
  role: string;
  claims: JwtClaims;
}

const ROLES = new Set(['anon', 'authenticated', 'service_role']);

export async function callerOf(req: IncomingMessage): Promise<Caller> {
  const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token)
    throw new StorageError(storageErrors.accessDenied, "headers must have required property 'authorization'");
  const result = await verifyJwt(token);
  if (!result.ok) {
    throw new StorageError(
      storageErrors.accessDenied,
      result.reason === 'expired' ? 'jwt expired' : 'invalid signature',
    );
  }
  const role =
    typeof result.claims.role === 'string' && ROLES.has(result.claims.role) ? result.claims.role : 'anon';
  return { role, claims: result.claims };
}

/**
 * Runs `work` in a transaction as the caller: their role and claims, as Supabase Storage sets
 * them (compat doc §5.4), so the project's RLS policies on storage.objects decide. `before`
 * runs first in the same transaction with the service's own rights (for its private state).
 */
export async function asCaller<T>(
  pool: pg.Pool,
  caller: Caller,
  operation: string,
  work: (db: pg.PoolClient) => Promise<T>,
  before?: (db: pg.PoolClient) => Promise<void>,
): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    if (before) await before(db);
    await db.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              set_config('request.jwt.claim.sub', $3, true), set_config('request.jwt.claim.role', $1, true),
              set_config('storage.operation', $4, true), set_config('storage.allow_delete_query', 'true', true)`,
      [
        caller.role,
        JSON.stringify(caller.claims),
        typeof caller.claims.sub === 'string' ? caller.claims.sub : '',
        operation,
      ],
    );
    const result = await work(db);
    await db.query('commit');
    return result;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw translate(error);
  } finally {
    db.release();
  }
}

/** Postgres refusals become Storage's errors. */
export function translate(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === '42501') return new StorageError(storageErrors.accessDenied);
  if (code === '23505') return new StorageError(storageErrors.alreadyExists);
  if (code === '23503') return new StorageError(storageErrors.noSuchBucket);
  return error;
}
