import { createHash, randomInt } from 'node:crypto';
import type pg from 'pg';
import type { UserRow } from './users.ts';

/** Which auth.users column holds the token for each kind of email link. */
export type LinkKind = 'signup' | 'invite' | 'recovery' | 'magiclink' | 'email_change';

const COLUMN: Record<LinkKind, [string, string]> = {
  signup: ['confirmation_token', 'confirmation_sent_at'],
  invite: ['confirmation_token', 'confirmation_sent_at'],
  recovery: ['recovery_token', 'recovery_sent_at'],
  magiclink: ['recovery_token', 'recovery_sent_at'],
  email_change: ['email_change_token_new', 'email_change_sent_at'],
};

/** GoTrue's token hash: sha224 of email + code, hex. The link carries the hash, the mail the code too. */
export function tokenHash(email: string, otp: string): string {
  return createHash('sha224')
    .update(email + otp)
    .digest('hex');
}

/** Issues a fresh one-time code for a user; the previous one of the same kind stops working. */
export async function issueOtp(
  db: pg.Pool | pg.PoolClient,
  user: UserRow,
  kind: LinkKind,
  length: number,
): Promise<{ otp: string; hash: string }> {
  const otp = String(randomInt(0, 10 ** length)).padStart(length, '0');
  const hash = tokenHash(kind === 'email_change' ? (user.email_change ?? '') : (user.email ?? ''), otp);
  const [token, sentAt] = COLUMN[kind];
  await db.query(`update auth.users set ${token} = $2, ${sentAt} = now() where id = $1`, [user.id, hash]);
  return { otp, hash };
}

/**
 * The user whose unexpired token matches, by link hash or by email + code. `email` (from
 * verifyOtp type 'email') accepts either kind of token, as GoTrue does.
 */
export async function findByToken(
  db: pg.PoolClient,
  type: string,
  lookup: { hash: string } | { email: string; otp: string },
  expirySeconds: number,
): Promise<{ userId: string; kind: LinkKind } | undefined> {
  const hash = 'hash' in lookup ? lookup.hash : tokenHash(lookup.email, lookup.otp);
  const kinds: LinkKind[] =
    type === 'email' ? ['signup', 'magiclink'] : type in COLUMN ? [type as LinkKind] : [];
  for (const kind of kinds) {
    const [token, sentAt] = COLUMN[kind];
    const { rows } = await db.query<{ id: string }>(
      `select id from auth.users where ${token} = $1 and ${token} <> ''
         and ${sentAt} > now() - make_interval(secs => $2) for update`,
      [hash, expirySeconds],
    );
    if (rows[0]) {
      await db.query(`update auth.users set ${token} = '' where id = $1`, [rows[0].id]);
      return { userId: rows[0].id, kind };
    }
  }
  return undefined;
}
