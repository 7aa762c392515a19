import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';

/** How the per-account back-off grows; see stack/auth/domain/sign-in-backoff.ts. */
export interface BackoffSettings {
  /** Failed sign-ins in a row an account may have before it waits. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  /** The longest wait, so an attacker can never lock the owner out for long. */
  maxMs: number;
  /** Failures older than this are forgotten. */
  forgetMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = {
  freeFailures: 5,
  baseMs: 1000,
  maxMs: 30_000,
  forgetMs: 15 * 60_000,
};

/** The parts of `supabase/config.toml` the local stack honours, with the CLI's defaults. */
export interface ProjectConfig {
  projectId: string;
  api: { schemas: string[]; extraSearchPath: string[]; maxRows: number };
  auth: {
    siteUrl: string;
    additionalRedirectUrls: string[];
    jwtExpiry: number;
    refreshTokenRotation: boolean;
    refreshTokenReuseInterval: number;
    enableSignup: boolean;
    enableAnonymousSignIns: boolean;
    minimumPasswordLength: number;
    rateLimit: Record<string, number>;
    /** Stack-only: the per-account back-off on failed password sign-ins (stack/auth). */
    signInBackoff: BackoffSettings;
    email: {
      enableSignup: boolean;
      enableConfirmations: boolean;
      doubleConfirmChanges: boolean;
      maxFrequencySeconds: number;
      otpLength: number;
      otpExpiry: number;
    };
  };
  db: { seedEnabled: boolean; seedPaths: string[] };
  storage: { fileSizeLimit: number; buckets: Record<string, SeedBucket> };
  functions: Record<string, { verifyJwt: boolean; enabled: boolean }>;
}

/**
 * A `[storage.buckets.<name>]` table: the bucket `supabase start` and `db reset` create or
 * update, and the local folder whose files they upload into it (supabase/cli
 * `pkg/config/storage.go`, `objects_path` relative to the supabase directory).
 */
export interface SeedBucket {
  public: boolean;
  fileSizeLimit: number | null;
  allowedMimeTypes: string[] | null;
  objectsPath: string | null;
}

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

function pick<T>(value: unknown, fallback: T): T {
  return value === undefined || typeof value !== typeof fallback ? fallback : (value as T);
}

/** Parses sizes as the CLI writes them: "50MiB", "1MB", "512KiB", or a byte count. */
export function parseSize(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B)?\s*$/i.exec(value);
  if (!match) return fallback;
  const unit = (match[2] ?? 'B').toUpperCase();
  const power = { B: 0, KB: 1, KIB: 1, MB: 2, MIB: 2, GB: 3, GIB: 3, TB: 4, TIB: 4 }[unit] ?? 0;
  const base = unit.includes('I') || unit === 'B' ? 1024 : 1000;
  return Math.round(Number(match[1]) * base ** power);
}

/** Parses Go-style durations used in config.toml ("1s", "2m", "60s"). */
export function parseSeconds(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const match = /^(\d+)(s|m|h)?$/.exec(value.trim());
  if (!match) return fallback;
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

/**
 * `[auth.rate_limit]`, overridable per key from the environment as the CLI allows for every
 * key (viper: `SUPABASE_` + the dotted path with `_`, e.g. SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH;
 * supabase/cli `pkg/config/config.go` loadFromFile). Without SMTP the CLI runs GoTrue with
 * 360000 emails an hour (mail goes to the local catcher), so the stack does too.
 */
function rateLimits(configured: Table, smtp: boolean, env: NodeJS.ProcessEnv): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const [name, value] of Object.entries(configured)) {
    if (typeof value === 'number') limits[name] = value;
  }
  for (const name of [
    'email_sent',
    'sms_sent',
    'anonymous_users',
    'token_refresh',
    'sign_in_sign_ups',
    'token_verifications',
    'web3',
  ]) {
    const override = env[`SUPABASE_AUTH_RATE_LIMIT_${name.toUpperCase()}`];
    if (override !== undefined && /^\d+$/.test(override.trim())) limits[name] = Number(override);
  }
  if (!smtp) limits.email_sent = 360000;
  return limits;
}

/**
 * The sign-in back-off is the stack's own (GoTrue has none), so it is not a config.toml key;
 * STACK_AUTH_SIGN_IN_BACKOFF_MS sets its first wait (tests use a short one), the longest is 30×.
 */
function signInBackoff(env: NodeJS.ProcessEnv): BackoffSettings {
  const base = Number(env.STACK_AUTH_SIGN_IN_BACKOFF_MS);
  if (!Number.isInteger(base) || base <= 0) return DEFAULT_BACKOFF;
  return { ...DEFAULT_BACKOFF, baseMs: base, maxMs: base * 30 };
}

function seedBuckets(configured: Table): Record<string, SeedBucket> {
  const buckets: Record<string, SeedBucket> = {};
  for (const [name, value] of Object.entries(configured)) {
    const bucket = table(value);
    const size = parseSize(bucket.file_size_limit, -1);
    const types = bucket.allowed_mime_types;
    buckets[name] = {
      public: pick(bucket.public, false),
      fileSizeLimit: size < 0 ? null : size,
      allowedMimeTypes: Array.isArray(types) ? types.filter((type) => typeof type === 'string') : null,
      objectsPath: typeof bucket.objects_path === 'string' ? bucket.objects_path : null,
    };
  }
  return buckets;
}

/** Reads `<supabaseDir>/config.toml`; a missing file yields the CLI defaults. */
export function loadProjectConfig(supabaseDir: string, env: NodeJS.ProcessEnv = process.env): ProjectConfig {
  let raw: Table = {};
  try {
    raw = parse(readFileSync(join(supabaseDir, 'config.toml'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`supabase/config.toml: ${(error as Error).message}`, { cause: error });
    }
  }
  const api = table(raw.api);
  const auth = table(raw.auth);
  const email = table(auth.email);
  const functions: ProjectConfig['functions'] = {};
  for (const [name, value] of Object.entries(table(raw.functions))) {
    const fn = table(value);
    functions[name] = { verifyJwt: pick(fn.verify_jwt, true), enabled: pick(fn.enabled, true) };
  }
  const rateLimit = rateLimits(table(auth.rate_limit), table(email.smtp).enabled === true, env);
  return {
    projectId: pick(raw.project_id, 'local'),
    api: {
      schemas: pick(api.schemas, ['public', 'graphql_public']),
      extraSearchPath: pick(api.extra_search_path, ['public', 'extensions']),
      maxRows: pick(api.max_rows, 1000),
    },
    auth: {
      siteUrl: pick(auth.site_url, 'http://127.0.0.1:3000'),
      additionalRedirectUrls: pick(auth.additional_redirect_urls, []),
      jwtExpiry: pick(auth.jwt_expiry, 3600),
      refreshTokenRotation: pick(auth.enable_refresh_token_rotation, true),
      refreshTokenReuseInterval: pick(auth.refresh_token_reuse_interval, 10),
      enableSignup: pick(auth.enable_signup, true),
      enableAnonymousSignIns: pick(auth.enable_anonymous_sign_ins, false),
      minimumPasswordLength: pick(auth.minimum_password_length, 6),
      rateLimit,
      signInBackoff: signInBackoff(env),
      email: {
        enableSignup: pick(email.enable_signup, true),
        enableConfirmations: pick(email.enable_confirmations, false),
        doubleConfirmChanges: pick(email.double_confirm_changes, true),
        maxFrequencySeconds: parseSeconds(email.max_frequency, 1),
        otpLength: pick(email.otp_length, 6),
        otpExpiry: pick(email.otp_expiry, 3600),
      },
    },
    db: {
      seedEnabled: pick(table(table(raw.db).seed).enabled, true),
      seedPaths: pick(table(table(raw.db).seed).sql_paths, ['./seed.sql']),
    },
    storage: {
      fileSizeLimit: parseSize(table(raw.storage).file_size_limit, 50 * 1024 * 1024),
      buckets: seedBuckets(table(table(raw.storage).buckets)),
    },
    functions,
  };
}
