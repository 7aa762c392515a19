import pg from 'pg';
import type { Identity } from './authorization.ts';
import { pgIdent, visibleRow } from './authorization.ts';

type Key = { name: string; type: string; value: string | null };

/** Subscribers with the same role and claims see the same rows: ask RLS once for all of them. */
export function identityKey(who: Identity): string {
  return `${who.role}\u0000${JSON.stringify(who.claims)}`;
}

function literal(value: string | null): string {
  return value === null ? 'null' : pg.Client.prototype.escapeLiteral(value);
}

/**
 * The changed row as each identity may see it, for every identity in one round trip: one
 * transaction with, per identity, `set local role` + claims + one SELECT, the way Realtime's
 * `realtime.apply_rls` checks all subscribers of a change in one statement, grouped by role and
 * claims, rather than one transaction per subscriber (supabase/realtime
 * `priv/repo/tenant_schema/realtime/functions/apply_rls.sql`).
 * If any statement fails (a role without SELECT, a policy that raises), each identity is asked on
 * its own, so one bad subscriber cannot hide the row from the others.
 */
export async function visibleRows(
  pool: pg.Pool,
  identities: Identity[],
  schema: string,
  table: string,
  keys: Key[],
): Promise<Map<string, Record<string, unknown> | undefined>> {
  const result = new Map<string, Record<string, unknown> | undefined>();
  if (!identities.length) return result;
  const where = keys
    .map((key) => `t.${pgIdent(key.name)} = ${literal(key.value)}::${key.type}`)
    .join(' and ');
  const select = `select to_jsonb(t.*) as record from ${pgIdent(schema)}.${pgIdent(table)} t where ${where}`;
  const statements = identities.flatMap((who) => [
    `set local role ${pgIdent(who.role)}`,
    `select set_config('request.jwt.claims', ${literal(JSON.stringify(who.claims))}, true), set_config('request.jwt.claim.sub', ${literal(typeof who.claims.sub === 'string' ? who.claims.sub : '')}, true), set_config('request.jwt.claim.role', ${literal(who.role)}, true), set_config('realtime.topic', '', true)`,
    select,
    'reset role',
  ]);
  const db = await pool.connect();
  try {
    const results = (await db.query(
      `begin; ${statements.join('; ')}; rollback`,
    )) as unknown as pg.QueryResult<{ record: Record<string, unknown> }>[];
    identities.forEach((who, i) => result.set(identityKey(who), results[1 + i * 4 + 2]?.rows[0]?.record));
    return result;
  } catch {
    await db.query('rollback').catch(() => undefined);
    for (const who of identities)
      result.set(identityKey(who), await visibleRow(pool, who, schema, table, keys));
    return result;
  } finally {
    db.release();
  }
}
