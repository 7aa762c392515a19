import type pg from 'pg';
import type { JwtClaims } from '../config/jwt.ts';

export interface Identity {
  role: string;
  claims: JwtClaims;
}

/** Sets the role and claims Realtime sets before asking RLS (compat doc §2.3, §4.9). */
async function becomeUser(db: pg.PoolClient, who: Identity, topic: string): Promise<void> {
  await db.query(
    `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
            set_config('request.jwt.claim.sub', $3, true), set_config('request.jwt.claim.role', $1, true),
            set_config('realtime.topic', $4, true)`,
    [who.role, JSON.stringify(who.claims), typeof who.claims.sub === 'string' ? who.claims.sub : '', topic],
  );
}

/**
 * Realtime Authorization: which extensions of a private topic `who` may read. Probe rows are
 * inserted as the service, read back under the user's RLS on realtime.messages, and rolled back.
 */
export async function readRights(
  pool: pg.Pool,
  who: Identity,
  topic: string,
): Promise<{ broadcast: boolean; presence: boolean }> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    await db.query(
      `insert into realtime.messages (topic, extension, private) values ($1, 'broadcast', true), ($1, 'presence', true)`,
      [topic],
    );
    await becomeUser(db, who, topic);
    const { rows } = await db.query<{ extension: string }>(
      'select distinct extension from realtime.messages where topic = $1 and private',
      [topic],
    );
    const seen = new Set(rows.map((row) => row.extension));
    return { broadcast: seen.has('broadcast'), presence: seen.has('presence') };
  } catch {
    return { broadcast: false, presence: false };
  } finally {
    await db.query('rollback').catch(() => undefined);
    db.release();
  }
}

/** Whether `who` may send on a private topic: an INSERT as the user, rolled back. */
export async function mayWrite(
  pool: pg.Pool,
  who: Identity,
  topic: string,
  extension: 'broadcast' | 'presence',
): Promise<boolean> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    await becomeUser(db, who, topic);
    await db.query(`insert into realtime.messages (topic, extension, private) values ($1, $2, true)`, [
      topic,
      extension,
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await db.query('rollback').catch(() => undefined);
    db.release();
  }
}
