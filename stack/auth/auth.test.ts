import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createHmac, randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, SECRET_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { newestMail } from '../../tests/helpers/mail.ts';
import { signJwt } from '../config/jwt.ts';
import { JWT_SECRET, SIGNING_KEY } from '../config/keys.ts';

const PASSWORD = 'correct-horse-battery';

function supabase(key = PUBLISHABLE_KEY): SupabaseClient {
  return createClient(stackInfo().apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });
}

function newEmail(): string {
  return `Auth.${randomUUID().slice(0, 8)}@Example.test`;
}

async function signUp(email = newEmail()) {
  const client = supabase();
  const { data, error } = await client.auth.signUp({
    email,
    password: PASSWORD,
    options: { data: { role: 'patient', full_name: 'Ada Lovelace' } },
  });
  if (error) throw error;
  return { client, session: data.session!, user: data.user!, email: email.toLowerCase() };
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function raw(path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(`${stackInfo().apiUrl}/auth/v1${path}`, {
    ...init,
    headers: {
      apikey: PUBLISHABLE_KEY,
      'content-type': 'application/json',
      'x-supabase-api-version': '2024-01-01',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('sign-up and sign-in', () => {
  it('signs up with metadata, returns a session, and the app trigger builds the profile', async () => {
    const { session, user, email } = await signUp();
    expect(user).toMatchObject({
      email,
      aud: 'authenticated',
      role: 'authenticated',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { role: 'patient', full_name: 'Ada Lovelace' },
    });
    expect(user.identities?.[0]?.provider).toBe('email');
    expect(session.refresh_token).toBeTruthy();
    const claims = claimsOf(session.access_token);
    expect(claims).toMatchObject({
      sub: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      aal: 'aal1',
      is_anonymous: false,
      iss: `${stackInfo().apiUrl}/auth/v1`,
    });
    expect((claims.amr as { method: string }[])[0]!.method).toBe('password');
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    const db = await database();
    const { rows } = await db.query(
      'select p.role, p.full_name, u.raw_user_meta_data from public.profiles p join auth.users u using (id) where id = $1',
      [user.id],
    );
    await db.end();
    expect(rows[0]).toMatchObject({ role: 'patient', full_name: 'Ada Lovelace' });
  });

  it('signs in, and answers a wrong password and an unknown email identically', async () => {
    const { email } = await signUp();
    const ok = await supabase().auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(ok.error).toBeNull();
    const wrong = await supabase().auth.signInWithPassword({ email, password: 'not-the-password' });
    const unknown = await supabase().auth.signInWithPassword({
      email: newEmail(),
      password: 'not-the-password',
    });
    for (const result of [wrong, unknown]) {
      expect(result.error?.status).toBe(400);
      expect(result.error?.code).toBe('invalid_credentials');
      expect(result.error?.message).toBe('Invalid login credentials');
    }
  });

  it('refuses a duplicate sign-up, a weak password, a missing role and bad emails', async () => {
    const { email } = await signUp();
    const duplicate = await supabase().auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { role: 'patient' } },
    });
    expect(duplicate.error).toMatchObject({ code: 'user_already_exists', status: 422 });
    const weak = await supabase().auth.signUp({
      email: newEmail(),
      password: 'short',
      options: { data: { role: 'patient' } },
    });
    expect(weak.error).toMatchObject({ code: 'weak_password', status: 422, reasons: ['length'] });
    const noRole = await supabase().auth.signUp({ email: newEmail(), password: PASSWORD });
    expect(noRole.error?.status).toBe(500);
    const invalid = await raw('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: 'not-an-email', password: PASSWORD }),
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'email_address_invalid' } });
    const noPassword = await raw('/signup', { method: 'POST', body: JSON.stringify({ email: newEmail() }) });
    expect(noPassword).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('counts password length in bytes, as bcrypt does: nothing is silently cut at 72 bytes', async () => {
    const tooLong = { code: 'validation_failed', status: 400 };
    const meta = { data: { role: 'patient', full_name: 'Long Password' } };
    // 72 characters, 144 bytes: bcrypt would keep only the first 36 characters.
    const email = newEmail();
    const wide = await supabase().auth.signUp({ email, password: 'é'.repeat(72), options: meta });
    expect(wide.error).toMatchObject(tooLong);
    expect(wide.error?.message).toBe('Password cannot be longer than 72 characters');
    const rows = await database();
    const created = await rows.query('select 1 from auth.users where email = $1', [email.toLowerCase()]);
    await rows.end();
    expect(created.rowCount).toBe(0);
    const overByOne = await supabase().auth.signUp({
      email: newEmail(),
      password: `${'é'.repeat(36)}x`,
      options: meta,
    });
    expect(overByOne.error).toMatchObject(tooLong);

    // Exactly 72 bytes is fine, and only the whole password signs in.
    const exact = 'é'.repeat(36);
    const { client, email: owner } = await signUp();
    expect((await client.auth.updateUser({ password: exact })).error).toBeNull();
    expect((await supabase().auth.signInWithPassword({ email: owner, password: exact })).error).toBeNull();
    const longer = await supabase().auth.signInWithPassword({ email: owner, password: `${exact}!` });
    expect(longer.error).toMatchObject({ code: 'invalid_credentials' });

    // Every other place a password is set refuses it the same way, and changes nothing.
    expect((await client.auth.updateUser({ password: '🔑'.repeat(19) })).error).toMatchObject(tooLong);
    expect((await supabase().auth.signInWithPassword({ email: owner, password: exact })).error).toBeNull();
    const admin = supabase(SECRET_KEY).auth.admin;
    const adminCreate = await admin.createUser({
      email: newEmail(),
      password: 'ß'.repeat(40),
      email_confirm: true,
      user_metadata: meta.data,
    });
    expect(adminCreate.error).toMatchObject(tooLong);
    const link = await admin.generateLink({ type: 'signup', email: newEmail(), password: 'ß'.repeat(40) });
    expect(link.error).toMatchObject(tooLong);
    // GoTrue's minimum counts bytes too: 4 two-byte letters meet minimum_password_length = 8.
    const short = await supabase().auth.signUp({ email: newEmail(), password: 'éééé', options: meta });
    expect(short.error).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('rotates on every refresh, and two clients refreshing at once both succeed', async () => {
    const { client, session } = await signUp();
    const rotated = await client.auth.refreshSession();
    expect(rotated.error).toBeNull();
    expect(rotated.data.session!.refresh_token).not.toBe(session.refresh_token);
    const token = rotated.data.session!.refresh_token;
    const [a, b] = await Promise.all([
      raw('/token?grant_type=refresh_token', {
        method: 'POST',
        body: JSON.stringify({ refresh_token: token }),
      }),
      raw('/token?grant_type=refresh_token', {
        method: 'POST',
        body: JSON.stringify({ refresh_token: token }),
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refresh_token).toBe(b.body.refresh_token);
    expect((a.body.user as { id: string }).id).toBe(session.user.id);
  });

  it('answers unknown refresh tokens and missing ones with GoTrue’s errors', async () => {
    const unknown = await raw('/token?grant_type=refresh_token', {
      method: 'POST',
      body: JSON.stringify({ refresh_token: 'nope' }),
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'refresh_token_not_found' } });
    const missing = await raw('/token?grant_type=refresh_token', { method: 'POST', body: '{}' });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const grant = await raw('/token?grant_type=magic', { method: 'POST', body: '{}' });
    expect(grant.status).toBe(400);
  });
});

describe('users and sessions', () => {
  it('merges metadata, removes keys set to null, refuses the same password', async () => {
    const { client } = await signUp();
    await client.auth.setSession({
      access_token: (await client.auth.getSession()).data.session!.access_token,
      refresh_token: (await client.auth.getSession()).data.session!.refresh_token,
    });
    const merged = await client.auth.updateUser({ data: { theme: 'dark', phone_hint: 'x' } });
    expect(merged.data.user?.user_metadata).toMatchObject({
      role: 'patient',
      theme: 'dark',
      phone_hint: 'x',
    });
    const removed = await client.auth.updateUser({ data: { phone_hint: null } });
    expect(removed.data.user?.user_metadata).not.toHaveProperty('phone_hint');
    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error).toMatchObject({ code: 'same_password', status: 422 });
  });

  it('signs out with global, local and others scopes', async () => {
    const { email } = await signUp();
    const sessions = await Promise.all(
      [1, 2, 3].map(
        async () => (await supabase().auth.signInWithPassword({ email, password: PASSWORD })).data.session!,
      ),
    );
    const [first, second, third] = sessions as [
      (typeof sessions)[0],
      (typeof sessions)[0],
      (typeof sessions)[0],
    ];
    expect((await raw('/logout?scope=others', { method: 'POST', token: first.access_token })).status).toBe(
      204,
    );
    expect((await raw('/user', { token: first.access_token })).status).toBe(200);
    expect((await raw('/user', { token: second.access_token })).body.code).toBe('session_not_found');
    const revokedRefresh = await raw('/token?grant_type=refresh_token', {
      method: 'POST',
      body: JSON.stringify({ refresh_token: third.refresh_token }),
    });
    expect(revokedRefresh.status).toBe(400);
    expect((await raw('/logout?scope=local', { method: 'POST', token: first.access_token })).status).toBe(
      204,
    );
    expect((await raw('/user', { token: first.access_token })).status).toBe(403);
  });

  it('rejects expired, tampered, foreign-secret, unsigned and deleted users’ tokens', async () => {
    const { session, user } = await signUp();
    const claims = claimsOf(session.access_token);
    const expired = await signJwt({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET);
    const foreign = await signJwt(claims, 'a-completely-different-secret-value-here');
    const [header, , sig] = session.access_token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url')}.${sig}`;
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    for (const token of [expired, foreign, tampered, unsigned]) {
      const result = await raw('/user', { token });
      expect(result).toMatchObject({ status: 403, body: { code: 'bad_jwt' } });
    }
    // Signed out, the gateway forwards the anon key: a valid JWT, but no user.
    expect(await raw('/user')).toMatchObject({
      status: 403,
      body: { code: 'bad_jwt', message: 'invalid claim: missing sub claim' },
    });
    await supabase(SECRET_KEY).auth.admin.deleteUser(user.id);
    expect((await raw('/user', { token: session.access_token })).body.code).toBe('user_not_found');
  });
});

describe('ES256 user tokens and the JWKS', () => {
  // supabase/auth `internal/api/jwks.go`; the key and its id are the CLI's (supabase/cli `pkg/config/config.go`).
  const jwksUrl = () => `${stackInfo().apiUrl}/auth/v1/.well-known/jwks.json`;

  it('signs access tokens with ES256 and the CLI’s kid, and publishes only the public key, key-less', async () => {
    const { session, user } = await signUp();
    expect(decodeProtectedHeader(session.access_token)).toMatchObject({ alg: 'ES256', kid: SIGNING_KEY.kid });
    const res = await fetch(jwksUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=600');
    const published = (await res.json()) as JSONWebKeySet;
    expect(published.keys).toHaveLength(1);
    expect(published.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: SIGNING_KEY.kid });
    expect(published.keys[0]).not.toHaveProperty('d');
    expect(JSON.stringify(published)).not.toContain(Buffer.from(JWT_SECRET).toString('base64url'));
    const { payload } = await jwtVerify(session.access_token, createLocalJWKSet(published));
    expect(payload).toMatchObject({ sub: user.id, role: 'authenticated', session_id: expect.any(String) });
  });

  it('lets supabase-js getClaims() verify from the JWKS without asking /user', async () => {
    const email = newEmail();
    await signUp(email);
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    };
    const client = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { fetch: counting },
    });
    const { data: signedIn } = await client.auth.signInWithPassword({ email, password: PASSWORD });
    for (let i = 0; i < 3; i++) {
      const { data, error } = await client.auth.getClaims();
      expect(error).toBeNull();
      expect(data?.claims).toMatchObject({ sub: signedIn.user!.id, email: email.toLowerCase() });
    }
    expect(asked.filter((path) => path === '/auth/v1/user')).toEqual([]);
    expect(asked.filter((path) => path === '/auth/v1/.well-known/jwks.json')).toHaveLength(1);
    // A token with the right kid but another key's signature fails locally, still without /user.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claimsOf(signedIn.session!.access_token))
      .setProtectedHeader({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' })
      .sign(privateKey);
    const refused = await client.auth.getClaims(forged);
    expect(refused.data).toBeNull();
    expect(refused.error?.message).toMatch(/signature/i);
    expect(asked.filter((path) => path === '/auth/v1/user')).toEqual([]);
  });

  it('refuses the right kid with another key, and algorithm confusion, as bad_jwt', async () => {
    const { session } = await signUp();
    const claims = claimsOf(session.access_token);
    const { privateKey } = await generateKeyPair('ES256');
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' })
      .sign(privateKey);
    // HS256 under the published key's kid, the HMAC keyed with the public key itself.
    const published = JSON.stringify(((await (await fetch(jwksUrl())).json()) as JSONWebKeySet).keys[0]);
    const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: SIGNING_KEY.kid, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const confused = `${input}.${createHmac('sha256', published).update(input).digest('base64url')}`;
    for (const token of [otherKey, confused]) {
      expect(await raw('/user', { token })).toMatchObject({ status: 403, body: { code: 'bad_jwt' } });
    }
  });

  it('answers junk sent to the JWKS endpoint plainly, and the keys stay the same', async () => {
    const keys = await (await fetch(jwksUrl())).json();
    const posted = await fetch(jwksUrl(), { method: 'POST', body: '{"keys":[{"kty":"oct","k":"AAAA"}]}' });
    expect(posted.status).toBe(405);
    const junkQuery = await fetch(`${jwksUrl()}?kid=../../etc/passwd&%00=%ff`);
    expect(junkQuery.status).toBe(200);
    expect(await junkQuery.json()).toEqual(keys);
    const junkPath = await fetch(`${jwksUrl()}/%2e%2e/junk`);
    expect(junkPath.status).toBe(404);
    expect(await (await fetch(jwksUrl())).json()).toEqual(keys);
  });
});

describe('admin API', () => {
  it('refuses the anon key', async () => {
    const { error } = await supabase().auth.admin.listUsers();
    expect(error).toMatchObject({ code: 'not_admin', status: 403 });
  });

  it('creates unconfirmed users, lists with pagination, deletes with cascade', async () => {
    const admin = supabase(SECRET_KEY);
    const email = newEmail().toLowerCase();
    const created = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      user_metadata: { role: 'patient', full_name: 'Grace' },
    });
    expect(created.error).toBeNull();
    const signIn = await supabase().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toMatchObject({ code: 'email_not_confirmed' });
    const duplicate = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      user_metadata: { role: 'patient' },
    });
    expect(duplicate.error).toMatchObject({ code: 'email_exists', status: 422 });
    const page = await admin.auth.admin.listUsers({ page: 1, perPage: 2 });
    expect(page.data.users).toHaveLength(2);
    expect((page.data as unknown as { total: number }).total).toBeGreaterThan(2);
    expect((page.data as unknown as { nextPage: number }).nextPage).toBe(2);
    const id = created.data.user!.id;
    expect((await admin.auth.admin.getUserById(id)).data.user?.email).toBe(email);
    expect((await admin.auth.admin.getUserById(randomUUID())).error?.code).toBe('user_not_found');
    await admin.auth.admin.deleteUser(id);
    const db = await database();
    const { rowCount } = await db.query('select 1 from public.profiles where id = $1', [id]);
    await db.end();
    expect(rowCount).toBe(0);
  });
});

describe('email links and codes', () => {
  it('mails a recovery link to the outbox that signs the user in; unknown emails get the same answer', async () => {
    const { email, user } = await signUp();
    const known = await supabase().auth.resetPasswordForEmail(email, {
      redirectTo: 'http://127.0.0.1:5173/update-password',
    });
    const unknown = await supabase().auth.resetPasswordForEmail(newEmail());
    expect(known).toEqual({ data: {}, error: null });
    expect(unknown).toEqual({ data: {}, error: null });
    const mail = await newestMail(email);
    expect(mail.Subject).toBe('Reset your password');
    const link = /https?:\/\/\S+/.exec(mail.Text)![0];
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:5173/update-password');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('type')).toBe('recovery');
    expect(claimsOf(fragment.get('access_token')!).sub).toBe(user.id);
    const again = await fetch(link, { redirect: 'manual' });
    expect(new URLSearchParams(new URL(again.headers.get('location')!).hash.slice(1)).get('error_code')).toBe(
      'otp_expired',
    );
  });

  it('signs in with an emailed one-time code', async () => {
    const { email, user } = await signUp();
    expect(
      (await supabase().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error,
    ).toBeNull();
    const code = /code: (\d{6})/.exec((await newestMail(email)).Text)![1]!;
    const wrong = await supabase().auth.verifyOtp({
      email,
      token: '000000' === code ? '111111' : '000000',
      type: 'email',
    });
    expect(wrong.error).toMatchObject({ code: 'otp_expired', status: 403 });
    const verified = await supabase().auth.verifyOtp({ email, token: code, type: 'email' });
    expect(verified.data.user?.id).toBe(user.id);
    const noSignup = await supabase().auth.signInWithOtp({
      email: newEmail(),
      options: { shouldCreateUser: false },
    });
    expect(noSignup.error).toMatchObject({ code: 'otp_disabled', status: 422 });
  });
});

describe('bad input changes nothing', () => {
  let usersBefore: number;
  beforeAll(async () => {
    const db = await database();
    usersBefore = Number((await db.query('select count(*) from auth.users')).rows[0].count);
    await db.end();
  });

  it('answers malformed JSON, oversized bodies and wrong types with 4xx', async () => {
    expect(await raw('/signup', { method: 'POST', body: '{"email":' })).toMatchObject({
      status: 400,
      body: { code: 'bad_json' },
    });
    expect(
      (
        await raw('/signup', {
          method: 'POST',
          body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) }),
        })
      ).status,
    ).toBe(413);
    expect(
      await raw('/signup', { method: 'POST', body: JSON.stringify({ email: 42, password: PASSWORD }) }),
    ).toMatchObject({ status: 400 });
    const legacy = await raw('/signup', {
      method: 'POST',
      body: '[1]',
      headers: { 'x-supabase-api-version': '' },
    });
    expect(legacy.body).toMatchObject({ code: 400, error_code: 'bad_json' });
  });

  afterAll(async () => {
    const db = await database();
    const after = Number((await db.query('select count(*) from auth.users')).rows[0].count);
    await db.end();
    expect(after).toBe(usersBefore);
  });

  it('stores SQL and script text in names verbatim, as data', async () => {
    const name = `'); drop table auth.users; --<script>alert(1)</script>`;
    const client = supabase();
    const { data, error } = await client.auth.signUp({
      email: newEmail(),
      password: PASSWORD,
      options: { data: { role: 'patient', full_name: name } },
    });
    expect(error).toBeNull();
    expect(data.user?.user_metadata.full_name).toBe(name);
    usersBefore += 1;
  });
});
