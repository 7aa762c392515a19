import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a Supabase JWT; only `role` and `exp` are required by the services. */
export interface JwtClaims {
  role?: string;
  exp?: number;
  iat?: number;
  sub?: string;
  [claim: string]: unknown;
}

export type JwtFailure = 'malformed' | 'unsupported_alg' | 'bad_signature' | 'expired';

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; reason: JwtFailure };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function signature(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/**
 * Signs claims as an HS256 JWT, the algorithm of the project's legacy secret.
 * @example signJwt({ role: 'authenticated', sub: id, exp: now + 3600 }, JWT_SECRET)
 */
export function signJwt(claims: JwtClaims, secret: string): string {
  const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${signature(secret, body).toString('base64url')}`;
}

/**
 * Verifies an HS256 JWT. Only HS256 is accepted: `alg: none` and asymmetric algorithms are
 * refused, so a token can never choose its own (absent) key.
 */
export function verifyJwt(token: string, secret: string, nowSeconds = Date.now() / 1000): JwtResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return { ok: false, reason: 'malformed' };
  }
  const [header, payload, sig] = parts as [string, string, string];
  let alg: unknown;
  let claims: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return { ok: false, reason: 'malformed' };
  }
  if (alg !== 'HS256') return { ok: false, reason: 'unsupported_alg' };
  const expected = signature(secret, `${header}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const typed = claims as JwtClaims;
  if (typeof typed.exp === 'number' && typed.exp <= nowSeconds) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, claims: typed };
}
