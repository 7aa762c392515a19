import { createHmac, createPublicKey } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { PUBLIC_JWKS, SERVICE_JWKS, signJwt, signUserJwt, verifyJwt, verifySecretJwt } from './jwt.ts';
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY, SIGNING_KEY } from './keys.ts';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token whose HMAC signature is made with `secret`, whatever its header claims. */
function hmacToken(header: object, claims: object, secret: string | Buffer): string {
  const input = `${segment(header)}.${segment(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('HS256 JWTs', () => {
  it('reproduces the CLI’s published demo keys from their claims', async () => {
    expect(await signJwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }, JWT_SECRET)).toBe(ANON_KEY);
    expect(await signJwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }, JWT_SECRET)).toBe(
      SERVICE_ROLE_KEY,
    );
  });

  it('verifies a token and returns its claims', async () => {
    const token = await signJwt({ sub: 'u', role: 'authenticated', exp: 2000 }, JWT_SECRET);
    expect(await verifyJwt(token, 1000)).toEqual({
      ok: true,
      claims: { sub: 'u', role: 'authenticated', exp: 2000 },
    });
  });

  it('refuses expired, tampered, wrongly signed, unsigned and malformed tokens', async () => {
    const token = await signJwt({ role: 'anon', exp: 2000 }, JWT_SECRET);
    expect(await verifyJwt(token, 2000)).toEqual({ ok: false, reason: 'expired' });
    const [header, , sig] = token.split('.');
    const forged = `${header}.${segment({ role: 'service_role', exp: 2000 })}.${sig}`;
    expect(await verifyJwt(forged, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifySecretJwt(token, 'another-secret', 1000)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const none = `${segment({ alg: 'none' })}.${segment({ role: 'service_role' })}.`;
    expect(await verifyJwt(none)).toEqual({ ok: false, reason: 'unsupported_alg' });
    expect(await verifyJwt('a.b')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyJwt('a.b.c')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('keeps secret-only verification to HS256: a user’s ES256 token is no Storage URL token', async () => {
    const user = await signUserJwt({ role: 'authenticated', url: 'avatars/a.png', exp: 2000 });
    expect(await verifySecretJwt(user, JWT_SECRET, 1000)).toEqual({ ok: false, reason: 'unsupported_alg' });
  });
});

describe('ES256 user tokens', () => {
  it('are signed with the CLI’s key id and verify against the published JWKS alone', async () => {
    const token = await signUserJwt({ sub: 'u', role: 'authenticated', exp: 2000 });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      kid: 'b81269f1-21d8-4f2e-b719-c2240a840d90',
      typ: 'JWT',
    });
    // What any verifier (auth-js getClaims, PostgREST) does with the public keys only.
    const { payload } = await jwtVerify(token, createLocalJWKSet(PUBLIC_JWKS), {
      currentDate: new Date(1000_000),
    });
    expect(payload).toEqual({ sub: 'u', role: 'authenticated', exp: 2000 });
    expect(await verifyJwt(token, 1000)).toEqual({
      ok: true,
      claims: { sub: 'u', role: 'authenticated', exp: 2000 },
    });
    expect(await verifyJwt(token, 2000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('publishes no private or secret material', () => {
    expect(PUBLIC_JWKS.keys).toHaveLength(1);
    expect(PUBLIC_JWKS.keys[0]).not.toHaveProperty('d');
    expect(PUBLIC_JWKS.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: SIGNING_KEY.kid,
      key_ops: ['verify'],
    });
    // The services' JWKS adds the legacy secret, as the CLI's ResolveJWKS does.
    expect(SERVICE_JWKS.keys.map((key) => key.kty)).toEqual(['EC', 'oct']);
  });

  it('refuses a token with the right kid signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'u', role: 'service_role', exp: 2000 })
      .setProtectedHeader({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' })
      .sign(privateKey);
    expect(await verifyJwt(token, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token with an unknown kid', async () => {
    const token = await signUserJwt({ role: 'authenticated', exp: 2000 });
    const [, payload, sig] = token.split('.');
    const header = segment({ alg: 'ES256', kid: 'not-the-key', typ: 'JWT' });
    expect(await verifyJwt(`${header}.${payload}.${sig}`, 1000)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses algorithm confusion: HS256 signed with the public key, or an HMAC under an ES256 header', async () => {
    const claims = { sub: 'u', role: 'service_role', exp: 2000 };
    const publicJwk = JSON.stringify(PUBLIC_JWKS.keys[0]);
    const publicPem = createPublicKey({ key: SIGNING_KEY, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    for (const secret of [publicJwk, publicPem, SIGNING_KEY.x!]) {
      const token = hmacToken({ alg: 'HS256', kid: SIGNING_KEY.kid, typ: 'JWT' }, claims, secret);
      expect(await verifyJwt(token, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
    }
    for (const secret of [JWT_SECRET, publicJwk]) {
      const token = hmacToken({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' }, claims, secret);
      expect(await verifyJwt(token, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('refuses algorithms the project has no key for', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'service_role', exp: 2000 })
      .setProtectedHeader({ alg: 'RS256', kid: SIGNING_KEY.kid })
      .sign(privateKey);
    expect(await verifyJwt(token, 1000)).toEqual({ ok: false, reason: 'unsupported_alg' });
  });
});
