import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { ProjectConfig } from '../../config/project.ts';
import type { PasswordHasher } from '../internal/passwords.ts';
import type { Outbox } from './mail.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SignInBackoff } from './sign-in-backoff.ts';
import type { TokenSettings } from './sessions.ts';

/** Everything a route handler needs; one per running Auth service. */
export interface AuthContext {
  pool: pg.Pool;
  hasher: PasswordHasher;
  outbox: Outbox;
  limiter: RateLimiter;
  backoff: SignInBackoff;
  tokens: TokenSettings;
  config: ProjectConfig['auth'];
  /** External URL of the Auth API, e.g. http://127.0.0.1:54321/auth/v1. */
  externalUrl: string;
  transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T>;
}

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ip: string;
  body(): Promise<Record<string, unknown>>;
}

export type Handler = (ctx: AuthContext, request: RouteRequest) => Promise<void>;
