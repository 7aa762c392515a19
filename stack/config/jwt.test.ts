import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from './jwt.ts';
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from './keys.ts';

describe('HS256 JWTs', () => {
  it('reproduces the CLI’s published demo keys from their claims', () => {
    expect(signJwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }, JWT_SECRET)).toBe(ANON_KEY);
    expect(signJwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }, JWT_SECRET)).toBe(
      SERVICE_ROLE_KEY,
    );
  });

  it('verifies a token and returns its claims', () => {
    const token = signJwt({ sub: 'u', role: 'authenticated', exp: 2000 }, JWT_SECRET);
    expect(verifyJwt(token, JWT_SECRET, 1000)).toEqual({
      ok: true,
      claims: { sub: 'u', role: 'authenticated', exp: 2000 },
    });
  });

  it('refuses expired, tampered, wrongly signed, unsigned and malformed tokens', () => {
    const token = signJwt({ role: 'anon', exp: 2000 }, JWT_SECRET);
    expect(verifyJwt(token, JWT_SECRET, 2000)).toEqual({ ok: false, reason: 'expired' });
    const [header, , sig] = token.split('.');
    const forged = `${header}.${Buffer.from('{"role":"service_role","exp":2000}').toString('base64url')}.${sig}`;
    expect(verifyJwt(forged, JWT_SECRET, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyJwt(token, 'another-secret', 1000)).toEqual({ ok: false, reason: 'bad_signature' });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"service_role"}').toString('base64url')}.`;
    expect(verifyJwt(none, JWT_SECRET)).toEqual({ ok: false, reason: 'unsupported_alg' });
    expect(verifyJwt('a.b', JWT_SECRET)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyJwt('a.b.c', JWT_SECRET)).toEqual({ ok: false, reason: 'malformed' });
  });
});
