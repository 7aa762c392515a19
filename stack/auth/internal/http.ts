import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, authErrors } from '../errors.ts';

/** GoTrue's request body limit. */
const BODY_LIMIT = 1024 * 1024;

/** Bodies up to this size are read to the end even when refused, so the client gets our answer. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () =>
      size > BODY_LIMIT
        ? reject(new AuthError(authErrors.requestTooLarge))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** Reads a JSON (or form, on /token) body; refuses oversized and malformed bodies. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (!text.trim()) return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new AuthError(authErrors.badJson);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function bearer(req: IncomingMessage): string | undefined {
  return req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
}

export function clientIp(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/** A string field, or undefined; anything else is a validation error naming the field. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new AuthError(authErrors.validationFailed, `${field} must be a string`);
  return value;
}

export function optionalObject(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AuthError(authErrors.validationFailed, `${field} must be an object`);
  }
  return value as Record<string, unknown>;
}

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Emails are stored lower-cased, as GoTrue does. */
export function normaliseEmail(value: string | undefined): string {
  const email = (value ?? '').trim().toLowerCase();
  if (!email || email.length > 255 || !EMAIL.test(email)) throw new AuthError(authErrors.emailInvalid);
  return email;
}
