/** CORS for browsers calling hosted functions directly (the local gateway adds its own). */
export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
};

/** A JSON error the UI can show: a stable code, a sentence for people, and optional field errors. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Response {
  return Response.json({ code, message, ...(fields ? { fields } : {}) }, { status, headers: corsHeaders });
}

/** Bodies up to this size are read to the end even when refused, so the client sees the answer. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

async function drain(body: ReadableStream<Uint8Array>, alreadyRead: number): Promise<void> {
  const reader = body.getReader();
  let size = alreadyRead;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
    if (size > DRAIN_LIMIT) return void (await reader.cancel());
  }
}

/**
 * Reads a request body as text, refusing anything larger than `limit` bytes (null). A refused
 * body is still drained (up to a cap) so that proxies in between deliver our 413 intact.
 */
export async function readBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) {
    if (request.body) await drain(request.body, 0);
    return null;
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.releaseLock();
      await drain(request.body, size);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Claims of the caller's access token. The runtime has verified its signature before the
 * function runs (`verify_jwt = true`), so decoding is enough here.
 */
export function callerClaims(request: Request): { sub?: string; role?: string } | null {
  const token = request.headers.get('authorization')?.match(/^Bearer (.+)$/i)?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json) as { sub?: string; role?: string };
  } catch {
    return null;
  }
}
