import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import type { ServiceName } from './routes.ts';

/**
 * The largest request body each service accepts. Auth is GoTrue's own `limitRequestBody(1 << 20)`
 * (supabase/auth `internal/api/api.go`); Storage is the project's file size limit plus room for
 * multipart framing; the rest get a generous ceiling so nobody can stream gigabytes at a service.
 */
export function bodyLimits(storageFileSizeLimit: number): Record<ServiceName, number> {
  return {
    auth: 1 << 20,
    storage: storageFileSizeLimit + (1 << 20),
    rest: 100 << 20,
    functions: 100 << 20,
    realtime: 1 << 20,
  };
}

/** Counts bytes on their way upstream and fails once there are more than `limit`. */
export class BodyLimit extends Transform {
  readonly limit: number;
  #seen = 0;
  constructor(limit: number) {
    super();
    this.limit = limit;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit) done(new BodyTooLargeError(this.limit));
    else done(null, chunk);
  }
}

export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.limit = limit;
  }
}

/** A Content-Length above the limit: refused before a byte goes upstream. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/** 413 in the shape the service's own client reads (auth-js, storage-js, or Kong's `message`). */
export function sendTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  service: ServiceName,
  limit: number,
): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  let body: Record<string, unknown>;
  if (service === 'auth') {
    const message = `Request body too large (max ${limit} bytes)`;
    headers['x-sb-error-code'] = 'request_entity_too_large';
    const versioned = (req.headers['x-supabase-api-version'] ?? '') >= '2024-01-01';
    if (versioned) headers['x-supabase-api-version'] = '2024-01-01';
    body = versioned
      ? { code: 'request_entity_too_large', message }
      : { code: 413, error_code: 'request_entity_too_large', msg: message };
  } else if (service === 'storage') {
    body = {
      statusCode: '413',
      error: 'Payload too large',
      message: `The request is larger than the ${limit} bytes this project accepts`,
    };
  } else {
    body = { message: `Request body too large: the ${service} API accepts at most ${limit} bytes` };
  }
  res.writeHead(413, headers).end(JSON.stringify(body));
}
