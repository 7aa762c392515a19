import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf, type Caller } from '../internal/caller.ts';
import { sendJson, type Handler, type RouteRequest, type StorageContext } from '../internal/context.ts';
import { checkImageContent, IMAGE_HEAD_BYTES, isImageBucket } from '../internal/image-type.ts';
import { bucketAndKey } from '../internal/keys.ts';
import { bucketOf, uploadLimit, writeObject } from '../internal/objects.ts';
import { checkHeaderText, mimeAllowed, uploadBody } from '../internal/upload-body.ts';
import { issueUploadToken, redeemUploadToken, spendUploadToken } from '../internal/upload-tokens.ts';

/** `x-upsert: true` asks to replace an existing object (compat doc §5.3); nothing else does. */
function upsertHeader(request: RouteRequest): boolean {
  const value = request.req.headers['x-upsert'];
  return typeof value === 'string' && checkHeaderText('x-upsert', value) === 'true';
}

/**
 * Stores an upload: bytes to a temp file first, then — in one transaction as the caller, so RLS
 * decides — the row and the file's final name; the previous version's bytes go last.
 */
async function store(
  ctx: StorageContext,
  request: RouteRequest,
  caller: Caller,
  upsert: boolean,
  before?: (db: pg.PoolClient) => Promise<void>,
) {
  const { bucket: bucketId, key } = bucketAndKey(request.rest);
  const bucket = await bucketOf(ctx, bucketId);
  const limit = uploadLimit(ctx, bucket);
  const body = await uploadBody(request.req);
  if (!mimeAllowed(bucket.allowed_mime_types, body.contentType)) {
    body.stream.resume();
    throw new StorageError(storageErrors.invalidMimeType, `mime type ${body.contentType} is not supported`);
  }
  const inspect = isImageBucket(bucket.allowed_mime_types)
    ? { headBytes: IMAGE_HEAD_BYTES, check: (head: Buffer) => checkImageContent(body.contentType, head) }
    : undefined;
  const received = await ctx.disk.receive(body.stream, limit, inspect);
  const version = randomUUID();
  const metadata = {
    eTag: received.etag,
    size: received.size,
    mimetype: body.contentType,
    cacheControl: body.cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: received.size,
    httpStatusCode: 200,
  };
  let placed: { id: string; previous: string | null } | undefined;
  try {
    const row = await asCaller(
      ctx.pool,
      caller,
      upsert ? 'storage.object.upload_upsert' : 'storage.object.upload',
      async (db) => {
        const previous = upsert
          ? (
              await db.query<{ version: string }>(
                'select version from storage.objects where bucket_id = $1 and name = $2 for update',
                [bucketId, key],
              )
            ).rows[0]
          : undefined;
        const id = await writeObject(
          db,
          {
            bucket: bucketId,
            key,
            sub: caller.claims.sub,
            version,
            metadata,
            userMetadata: body.userMetadata,
          },
          upsert,
        );
        placed = { id, previous: previous?.version ?? null };
        await ctx.disk.place(received.tmp, id, version);
        return placed;
      },
      before,
    );
    if (row.previous) await ctx.disk.removeVersion(row.id, row.previous);
    return { Id: row.id, Key: `${bucketId}/${key}` };
  } catch (error) {
    await ctx.disk.discard(received.tmp);
    if (placed) await ctx.disk.removeVersion(placed.id, version);
    throw error;
  }
}

/** POST /object/{bucket}/{key} (x-upsert) and PUT (always upsert). */
export const uploadObject: Handler = async (ctx, request) => {
  const upsert = request.req.method === 'PUT' || upsertHeader(request);
  sendJson(request.res, 200, await store(ctx, request, await callerOf(request.req), upsert));
};

/**
 * POST /object/upload/sign/{bucket}/{key} — a URL that uploads once, within 2 hours, with the
 * signer's rights. The write the URL will make is tried now as the signer and rolled back
 * (supabase/storage `src/storage/uploader.ts`, canUpload), so an upsert URL needs the UPDATE
 * policies too; the upload itself runs as the signer again, so what RLS allowed at signing
 * still has to hold when the bytes arrive.
 */
export const createSignedUpload: Handler = async (ctx, request) => {
  const caller = await callerOf(request.req);
  const { bucket, key } = bucketAndKey(request.rest);
  await bucketOf(ctx, bucket);
  const upsert = upsertHeader(request);
  await asCaller(ctx.pool, caller, 'storage.object.upload_sign', async (db) => {
    await db.query('savepoint probe');
    await writeObject(
      db,
      { bucket, key, sub: caller.claims.sub, version: 'probe', metadata: null, userMetadata: null },
      upsert,
    );
    await db.query('rollback to savepoint probe');
  });
  const token = await issueUploadToken(ctx.pool, caller, `${bucket}/${key}`, upsert);
  sendJson(request.res, 200, {
    url: `/object/upload/sign/${bucket}/${encodeURI(key)}?token=${token}`,
    token,
  });
};

/** PUT /object/upload/sign/{bucket}/{key}?token=… — upload with a signed token, no session. */
export const uploadToSignedUrl: Handler = async (ctx, request) => {
  const { bucket, key } = bucketAndKey(request.rest);
  const { caller, grant } = await redeemUploadToken(
    ctx.pool,
    request.url.searchParams.get('token') ?? '',
    `${bucket}/${key}`,
  );
  const stored = await store(ctx, request, caller, grant.upsert, (db) => spendUploadToken(db, grant.jti));
  sendJson(request.res, 200, { Key: stored.Key });
};
