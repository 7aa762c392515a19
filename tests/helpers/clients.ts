import { createClient } from '@supabase/supabase-js';
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  ANON_KEY,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
  SIGNING_KEY,
} from '../../stack/config/keys.ts';

export { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY };

export function stackInfo() {
  return inject('stack');
}

/** A supabase-js client as the app builds one, without persisting sessions. */
export function client(key = PUBLISHABLE_KEY, accessToken?: string) {
  return createClient(stackInfo().apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  });
}

const signingKey = createPrivateKey({ key: SIGNING_KEY, format: 'jwk' });
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An access token for a user id, shaped and signed as GoTrue issues them (ES256 with the
 * CLI's key id). Synchronous, so fixtures can build tokens inline; the services verify it
 * with jose like any token Auth issues.
 */
export function userToken(sub: string = randomUUID(), overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub,
    role: 'authenticated',
    aud: 'authenticated',
    iat: now,
    exp: now + 3600,
    email: `${sub}@example.test`,
    ...overrides,
  };
  const input = `${segment({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' })}.${segment(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** A direct database connection (as `postgres`, like the CLI's migrations). */
export async function database(role = 'postgres'): Promise<pg.Client> {
  const connection = new pg.Client({
    host: '127.0.0.1',
    port: stackInfo().dbPort,
    user: role,
    password: 'postgres',
    database: 'postgres',
  });
  await connection.connect();
  return connection;
}
