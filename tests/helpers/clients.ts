import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { signJwt } from '../../stack/config/jwt.ts';
import {
  ANON_KEY,
  JWT_SECRET,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
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

/** An access token for a user id, shaped as GoTrue issues them. */
export function userToken(sub: string = randomUUID(), overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub,
      role: 'authenticated',
      aud: 'authenticated',
      iat: now,
      exp: now + 3600,
      email: `${sub}@example.test`,
      ...overrides,
    },
    JWT_SECRET,
  );
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
