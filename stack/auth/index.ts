import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnSocket, servicePool, type StartService } from '../config/service.ts';
import type { AuthContext, Handler, RouteRequest } from './domain/context.ts';
import { Outbox } from './domain/mail.ts';
import { RateLimiter } from './domain/rate-limit.ts';
import { SignInBackoff } from './domain/sign-in-backoff.ts';
import { API_VERSION, AuthError, authErrors, sendAuthError } from './errors.ts';
import { clientIp, readBody } from './internal/http.ts';
import { PasswordHasher } from './internal/passwords.ts';
import {
  adminCreateUser,
  adminDeleteUser,
  adminGenerateLink,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
} from './routes/admin.ts';
import { otp, recover, resend, verifyGet, verifyPost } from './routes/email.ts';
import { health, jwks, settings } from './routes/settings.ts';
import { signup } from './routes/signup.ts';
import { token } from './routes/token.ts';
import { getUser, logout, putUser } from './routes/user.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** Routes by method and path (GoTrue's, supabase/auth `internal/api/api.go`). */
function route(method: string, path: string): Handler | undefined {
  const key = `${method} ${path.replace(/\/+$/, '') || '/'}`;
  const exact: Record<string, Handler> = {
    'POST /signup': signup,
    'POST /token': token,
    'GET /user': getUser,
    'PUT /user': putUser,
    'POST /logout': logout,
    'POST /recover': recover,
    'POST /otp': otp,
    'POST /magiclink': otp,
    'POST /resend': resend,
    'POST /verify': verifyPost,
    'GET /verify': verifyGet,
    'GET /settings': settings,
    'GET /health': health,
    'GET /.well-known/jwks.json': jwks,
    'GET /admin/users': adminListUsers,
    'POST /admin/users': adminCreateUser,
    'POST /admin/generate_link': adminGenerateLink,
    'POST /invite': adminGenerateLink,
  };
  if (exact[key]) return exact[key];
  if (/^\/admin\/users\/[^/]+$/.test(path)) {
    return ({ GET: adminGetUser, PUT: adminUpdateUser, DELETE: adminDeleteUser } as Record<string, Handler>)[
      method
    ];
  }
  return undefined;
}

/**
 * The Auth service: a GoTrue-compatible API over the real `auth` schema, so the app's
 * triggers on auth.users and every RLS decision see exactly what hosted Supabase produces.
 */
export const start: StartService = async (context) => {
  const pool = servicePool(context, 'supabase_auth_admin');
  const outbox = new Outbox();
  await outbox.listen(context.mailPort);
  const hasher = new PasswordHasher();
  const auth = context.project.auth;
  const externalUrl = `http://127.0.0.1:${context.apiPort}/auth/v1`;
  const ctx: AuthContext = {
    pool,
    hasher,
    outbox,
    limiter: new RateLimiter(auth.rateLimit),
    backoff: new SignInBackoff(auth.signInBackoff),
    tokens: {
      issuer: externalUrl,
      jwtExpiry: auth.jwtExpiry,
      rotation: auth.refreshTokenRotation,
      reuseIntervalSeconds: auth.refreshTokenReuseInterval,
    },
    config: auth,
    externalUrl,
    async transaction(work) {
      const db = await pool.connect();
      try {
        await db.query('begin');
        const result = await work(db);
        await db.query('commit');
        return result;
      } catch (error) {
        await db.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        db.release();
      }
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://auth');
    const versioned = (req.headers['x-supabase-api-version'] ?? '') >= API_VERSION;
    try {
      const method = req.method ?? 'GET';
      const handler = route(method, url.pathname);
      if (!handler) {
        // A known path asked with another method is 405, as GoTrue's router answers.
        const known = METHODS.some((other) => other !== method && route(other, url.pathname));
        throw new AuthError(known ? authErrors.methodNotAllowed : authErrors.notFound);
      }
      let body: Promise<Record<string, unknown>> | undefined;
      const request: RouteRequest = {
        req,
        res,
        url,
        ip: clientIp(req),
        body: () => (body ??= readBody(req)),
      };
      await handler(ctx, request);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof AuthError) return sendAuthError(res, error, versioned);
      context.log(
        `unexpected error on ${req.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`,
      );
      sendAuthError(
        res,
        new AuthError([
          500,
          'unexpected_failure',
          'Unexpected failure, please check server logs for more information',
        ]),
        versioned,
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await listenOnSocket(server, context.socket);
  return {
    async stop() {
      await closeServer(server);
      await outbox.stop();
      await hasher.stop();
      await pool.end();
    },
  };
};
