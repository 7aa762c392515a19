import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = [
  'authorization',
  'x-client-info',
  'apikey',
  'content-type',
  'x-retry-count',
  'traceparent',
  'tracestate',
  'baggage',
  'accept-profile',
  'content-profile',
  'prefer',
  'range',
  'x-upsert',
  'x-metadata',
  'cache-control',
  'x-supabase-api-version',
  'x-region',
  'if-none-match',
].join(', ');

const EXPOSED_HEADERS = [
  'Content-Range',
  'X-Total-Count',
  'Link',
  'X-Supabase-Api-Version',
  'Content-Disposition',
  'ETag',
  'Content-Length',
  'Content-Type',
  'Last-Modified',
  'Accept-Ranges',
  'x-relay-error',
  'x-sb-error-code',
  'Range-Unit',
  'Preference-Applied',
  'Location',
].join(', ');

/** CORS as the CLI's Kong applies it to every route (compat doc §1.5): any origin, no credentials. */
export function corsHeaders(): Record<string, string> {
  return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
}

/** Answers a preflight itself, reflecting the headers the browser asks for. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    ...corsHeaders(),
    'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT',
    'access-control-allow-headers': typeof requested === 'string' && requested ? requested : ALLOWED_HEADERS,
    'access-control-max-age': '3600',
    'content-length': '0',
  });
  res.end();
}
