import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, SECRET_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { newestMail } from '../../tests/helpers/mail.ts';

// Details where GoTrue 2.196 (what CLI 2.117's `supabase start` runs) is the reference:
// supabase/auth internal/tokens/service.go (RefreshTokenGrant), internal/models/refresh_token.go
// (RevokeTokenFamily), internal/api/verify.go (amr "otp"), and auth-js GoTrueAdminApi.generateLink
// (redirectTo as the `redirect_to` query parameter).

const PASSWORD = 'correct-horse-battery';

function supabase(key = PUBLISHABLE_KEY): SupabaseClient {
  return createClient(stackInfo().apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function refresh(refreshToken: string) {
  const res = await fetch(`${stackInfo().apiUrl}/auth/v1/token?grant_type=refresh_token`, {
    method: 'POST',
    headers: { apikey: PUBLISHABLE_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function signedIn() {
  const email = `gotrue.${randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await supabase().auth.signUp({
    email,
    password: PASSWORD,
    options: { data: { role: 'patient', full_name: 'Grace Hopper' } },
  });
  if (error) throw error;
  return { email, session: data.session! };
}

describe('refresh-token reuse as GoTrue v1 tokens do', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await database('supabase_admin');
  });
  afterAll(async () => {
    await db.end();
  });

  it('swaps a revoked token again within the reuse interval, even when it is not the active one’s parent', async () => {
    const { session } = await signedIn();
    const a = session.refresh_token;
    const b = (await refresh(a)).body.refresh_token!;
    const c = (await refresh(b)).body.refresh_token!;
    // A's child B is no longer active (C is), but A was revoked moments ago: a new child of A.
    const again = await refresh(a);
    expect(again.status).toBe(200);
    expect(again.body.refresh_token).not.toBe(c);
    expect(again.body.refresh_token).not.toBe(b);
    const parent = await db.query('select parent from auth.refresh_tokens where token = $1', [
      again.body.refresh_token,
    ]);
    expect(parent.rows).toEqual([{ parent: a }]);
  });

  it('hands the active child back to a client that lost the response, however late', async () => {
    const { session } = await signedIn();
    const first = (await refresh(session.refresh_token)).body.refresh_token!;
    await db.query(`update auth.refresh_tokens set updated_at = now() - interval '1 hour' where token = $1`, [
      session.refresh_token,
    ]);
    const late = await refresh(session.refresh_token);
    expect(late).toMatchObject({ status: 200, body: { refresh_token: first } });
  });

  it('after the interval: refresh_token_already_used, the whole family revoked, the session row kept', async () => {
    const { session } = await signedIn();
    const sessionId = claimsOf(session.access_token).session_id as string;
    const b = (await refresh(session.refresh_token)).body.refresh_token!;
    await refresh(b);
    await db.query(
      `update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`,
      [session.refresh_token],
    );
    const stolen = await refresh(session.refresh_token);
    expect(stolen).toMatchObject({ status: 400, body: { error_code: 'refresh_token_already_used' } });
    const tokens = await db.query<{ revoked: boolean }>(
      'select revoked from auth.refresh_tokens where session_id = $1',
      [sessionId],
    );
    expect(tokens.rows.length).toBe(3);
    expect(tokens.rows.every((row) => row.revoked)).toBe(true);
    const kept = await db.query('select 1 from auth.sessions where id = $1', [sessionId]);
    expect(kept.rowCount).toBe(1);
  });
});

describe('links and codes', () => {
  it('admin.generateLink honours redirectTo', async () => {
    const { email } = await signedIn();
    const admin = supabase(SECRET_KEY);
    const redirectTo = 'http://127.0.0.1:5173/update-password';
    const { data, error } = await admin.auth.admin.generateLink({
      type: 'recovery',
      email,
      options: { redirectTo },
    });
    expect(error).toBeNull();
    expect(data.properties?.redirect_to).toBe(redirectTo);
    const link = new URL(data.properties!.action_link);
    expect(link.searchParams.get('redirect_to')).toBe(redirectTo);
  });

  it('a session from an emailed code carries amr method "otp"', async () => {
    const { email } = await signedIn();
    expect(
      (await supabase().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error,
    ).toBeNull();
    const code = /code: (\d{6})/.exec((await newestMail(email)).Text)![1]!;
    const { data, error } = await supabase().auth.verifyOtp({ email, token: code, type: 'email' });
    expect(error).toBeNull();
    expect(claimsOf(data.session!.access_token).amr).toEqual([
      { method: 'otp', timestamp: expect.any(Number) },
    ]);
  });
});
