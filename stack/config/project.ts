import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';

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
  storage: { fileSizeLimit: number };
  functions: Record<string, { verifyJwt: boolean; enabled: boolean }>;
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

/** Reads `<supabaseDir>/config.toml`; a missing file yields the CLI defaults. */
export function loadProjectConfig(supabaseDir: string): ProjectConfig {
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
  const rateLimit: Record<string, number> = {};
  for (const [name, value] of Object.entries(table(auth.rate_limit))) {
    if (typeof value === 'number') rateLimit[name] = value;
  }
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
    storage: { fileSizeLimit: parseSize(table(raw.storage).file_size_limit, 50 * 1024 * 1024) },
    functions,
  };
}
