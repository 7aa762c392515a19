import { verifySecretJwt } from '../../config/jwt.ts';
import { JWT_SECRET } from '../../config/keys.ts';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf } from '../internal/caller.ts';
import {
  sendJson,
  type Handler,
  type ObjectRow,
  type RouteRequest,
  type StorageContext,
} from '../internal/context.ts';
import { bucketAndKey } from '../internal/keys.ts';
import { bucketOf, infoJson, objectOf } from '../internal/objects.ts';

type Access = 'public' | 'authenticated' | 'either' | 'signed';

/** Finds the object the way each route allows: public bucket, caller's RLS, or a signed token. */
async function locate(ctx: StorageContext, request: RouteRequest, access: Access): Promise<ObjectRow> {
  const { bucket: bucketId, key } = bucketAndKey(request.rest);
  if (access === 'signed') {
    const result = await verifySecretJwt(request.url.searchParams.get('token') ?? '', JWT_SECRET);
    if (!result.ok)
      throw new StorageError(
        storageErrors.invalidJwt,
        result.reason === 'expired' ? 'jwt expired' : 'invalid signature',
      );
    if (result.claims.url !== `${bucketId}/${key}` || result.claims.scope === 'upload')
      throw new StorageError(storageErrors.invalidSignature);
    return objectOf(ctx.pool, bucketId, key);
  }
  const bucket = await bucketOf(ctx, bucketId);
  if (access === 'public' || (access === 'either' && bucket.public)) {
    if (!bucket.public) throw new StorageError(storageErrors.noSuchBucket);
    return objectOf(ctx.pool, bucketId, key);
  }
  return asCaller(ctx.pool, await callerOf(request.req), 'storage.object.get', (db) =>
    objectOf(db, bucketId, key),
  );
}

/**
 * Objects are whatever their uploader sent, served from the API's own origin. A browser must
 * never run one as a page there (stored HTML or SVG would script against the origin the app's
 * session lives on), nor guess a type other than the stored one: no sniffing, and a CSP that
 * sandboxes a document and lets it load nothing. Images, video and downloads are unaffected.
 */
const OBJECT_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
};

/** A stored value fit to send as a header, or the fallback (rows written before it was checked). */
function headerText(value: string | undefined, fallback: string): string {
  return value !== undefined && /^[\x20-\x7e]+$/.test(value) ? value : fallback;
}

/** Sends bytes with the headers browsers rely on: ETag/304, Last-Modified, Range/206. */
function sendObject(ctx: StorageContext, request: RouteRequest, row: ObjectRow): void {
  const { req, res, url } = request;
  const size = row.metadata?.size ?? 0;
  const headers: Record<string, string> = {
    'content-type': headerText(row.metadata?.mimetype, 'application/octet-stream'),
    'cache-control': headerText(row.metadata?.cacheControl, 'max-age=3600'),
    etag: headerText(row.metadata?.eTag, ''),
    'last-modified': row.updated_at.toUTCString(),
    'accept-ranges': 'bytes',
    ...OBJECT_SECURITY_HEADERS,
  };
  const download = url.searchParams.get('download');
  if (download !== null) {
    const name = download || row.name.split('/').pop()!;
    headers['content-disposition'] =
      `attachment; filename="${name.replace(/["\\]/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  if (req.headers['if-none-match'] && req.headers['if-none-match'] === headers.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      throw new StorageError(storageErrors.rangeNotSatisfiable, undefined, 416);
    }
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': String(end - start + 1),
    });
    if (req.method === 'HEAD') return void res.end();
    ctx.disk.read(row.id, row.version, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(size) });
  if (req.method === 'HEAD') return void res.end();
  ctx.disk
    .read(row.id, row.version)
    .on('error', () => res.destroy())
    .pipe(res);
}

export const readObject =
  (access: Access): Handler =>
  async (ctx, request) =>
    sendObject(ctx, request, await locate(ctx, request, access));

/** GET /object/info/{bucket}/{key}. */
export const objectInfo: Handler = async (ctx, request) => {
  const row = await locate(ctx, request, 'authenticated');
  sendJson(request.res, 200, infoJson(row));
};
