import {
  SignJWT,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTVerifyOptions,
} from 'jose';
import { JWT_SECRET, SIGNING_KEY } from './keys.ts';

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

/** The signing key's public half, as the CLI's `ToPublicJWK` gives it (supabase/cli `pkg/config/auth.go`). */
export const PUBLIC_SIGNING_KEY: JWK = {
  kty: SIGNING_KEY.kty,
  kid: SIGNING_KEY.kid,
  use: SIGNING_KEY.use,
  key_ops: ['verify'],
  alg: SIGNING_KEY.alg,
  ext: true,
  crv: SIGNING_KEY.crv,
  x: SIGNING_KEY.x,
  y: SIGNING_KEY.y,
};

/** What Auth publishes at `/.well-known/jwks.json`: public keys only, never the HMAC secret. */
export const PUBLIC_JWKS = { keys: [PUBLIC_SIGNING_KEY] };

/**
 * The JWKS the CLI hands PostgREST, Realtime, Storage and edge-runtime (`ResolveJWKS` in
 * supabase/cli `pkg/config/config.go`): the public signing key plus the legacy secret as an
 * `oct` key, so both kinds of token verify.
 */
export const SERVICE_JWKS = {
  keys: [PUBLIC_SIGNING_KEY, { kty: 'oct', k: Buffer.from(JWT_SECRET).toString('base64url') }],
};

const secretKey = (secret: string) => new TextEncoder().encode(secret);
const publicKeys = createLocalJWKSet(PUBLIC_JWKS);
let privateKey: Promise<CryptoKey> | undefined;

/**
 * Signs claims as an HS256 JWT with a shared secret: the legacy anon/service_role keys, and
 * Storage's own signed-URL and upload tokens.
 * @example await signJwt({ role: 'anon', exp }, JWT_SECRET)
 */
export function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secretKey(secret));
}

/**
 * Signs a user's access token as the CLI's GoTrue does: ES256 with the fixed local key, its
 * `kid` in the header (`GOTRUE_JWT_KEYS`, supabase/cli `internal/start/start.go`).
 */
export async function signUserJwt(claims: JwtClaims): Promise<string> {
  // WebCrypto lets a private EC key only sign; the JWK's `verify` belongs to its public half.
  privateKey ??= importJWK({ ...SIGNING_KEY, key_ops: ['sign'] }, 'ES256') as Promise<CryptoKey>;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: SIGNING_KEY.kid, typ: 'JWT' })
    .sign(await privateKey);
}

function failure(error: unknown): JwtResult {
  if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return { ok: false, reason: 'unsupported_alg' };
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: false, reason: 'malformed' };
}

function options(nowSeconds: number | undefined, algorithms: string[]): JWTVerifyOptions {
  return {
    algorithms,
    clockTolerance: 0,
    ...(nowSeconds === undefined ? {} : { currentDate: new Date(nowSeconds * 1000) }),
  };
}

/**
 * Verifies a token only against a shared secret, HS256 only: for tokens a service signs for
 * itself (Storage's signed URLs and upload tokens).
 */
export async function verifySecretJwt(
  token: string,
  secret: string,
  nowSeconds?: number,
): Promise<JwtResult> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), options(nowSeconds, ['HS256']));
    return { ok: true, claims: payload };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Verifies a token presented to a service, as the CLI's services do: HS256 against the legacy
 * secret, ES256 against the published signing key, chosen by the header's `alg` and each key
 * bound to its one algorithm, so a token cannot pick a key of another kind (algorithm
 * confusion). `alg: none` and any other algorithm are refused.
 */
export async function verifyJwt(token: string, nowSeconds?: number): Promise<JwtResult> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (alg === 'HS256') return verifySecretJwt(token, JWT_SECRET, nowSeconds);
  if (alg !== 'ES256') return { ok: false, reason: 'unsupported_alg' };
  try {
    const { payload } = await jwtVerify(token, publicKeys, options(nowSeconds, ['ES256']));
    return { ok: true, claims: payload };
  } catch (error) {
    return failure(error);
  }
}
