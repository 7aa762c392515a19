import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { StorageError, storageErrors } from '../errors.ts';

export interface UploadBody {
  stream: Readable;
  contentType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
}

function parseMetadata(text: string | null | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    throw new StorageError(storageErrors.invalidRequest, 'metadata must be JSON');
  }
}

/**
 * Refuses a value that is later sent back as a response header (Content-Type, Cache-Control)
 * unless it is printable ASCII: a CR/LF would split the header, and Node refuses to send any
 * control character, so one stored would make every later read of the object fail.
 */
export function checkHeaderText(field: string, value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new StorageError(
      storageErrors.invalidRequest,
      `${field} may contain only printable characters, no line breaks or other control characters`,
    );
  }
  return value;
}

/**
 * Reads an upload as storage-js sends it (compat doc §5.3): multipart with the file under the
 * field "" (Blob/File/FormData), or a raw body with its own Content-Type.
 */
export async function uploadBody(req: IncomingMessage): Promise<UploadBody> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://storage/upload', {
      method: 'POST',
      headers: { 'content-type': type },
      body: Readable.toWeb(req) as ReadableStream,
      duplex: 'half',
    } as RequestInit).formData();
    let file: File | undefined;
    for (const [, value] of form) if (typeof value !== 'string') file ??= value;
    if (!file) throw new StorageError(storageErrors.noContent);
    const cache = form.get('cacheControl');
    const declared = form.get('contentType');
    if (typeof cache === 'string') checkHeaderText('cacheControl', cache);
    return {
      stream: Readable.fromWeb(file.stream() as never),
      contentType: checkHeaderText(
        'contentType',
        (typeof declared === 'string' && declared) || file.type || 'application/octet-stream',
      ),
      cacheControl: `max-age=${typeof cache === 'string' && /^\d+$/.test(cache) ? cache : '3600'}`,
      userMetadata: parseMetadata(form.get('metadata') as string | null),
    };
  }
  const metadata = req.headers['x-metadata'];
  return {
    stream: req,
    contentType: checkHeaderText('contentType', type || 'application/octet-stream'),
    cacheControl: checkHeaderText('cache-control', req.headers['cache-control'] ?? 'max-age=3600'),
    userMetadata: parseMetadata(
      typeof metadata === 'string' ? Buffer.from(metadata, 'base64').toString('utf8') : null,
    ),
  };
}

/** `image/*` style patterns from allowed_mime_types. */
export function mimeAllowed(allowed: string[] | null, type: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === bare || (p.endsWith('/*') && bare.startsWith(p.slice(0, -1)));
  });
}
