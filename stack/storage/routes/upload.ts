import { randomUUID } from 'node:crypto';
import { signJwt, verifyJwt } from '../../config/jwt.ts';
import { JWT_SECRET } from '../../config/keys.ts';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf, type Caller } from '../internal/caller.ts';
import { sendJson, type Handler, type RouteRequest, type StorageContext } from '../internal/context.ts';
import { bucketAndKey } from '../internal/keys.ts';
import { bucketOf, isUuid, uploadLimit } from '../internal/objects.ts';
import { mimeAllowed, uploadBody } from '../internal/upload-body.ts';

const SIGNED_UPLOAD_SECONDS = 7200;

/**
 * Stores an upload: bytes to a temp file first, then — in one transaction as the caller, so RLS
 * decides — the row and the file's final name; the previous version's bytes go last.
 */
async function store(ctx: StorageContext, request: RouteRequest, caller: Caller, upsert: boolean) {
  const { bucket: bucketId, key } = bucketAndKey(request.rest);
  const bucket = await bucketOf(ctx, bucketId);
  const body = await uploadBody(request.req);
  if (!mimeAllowed(bucket.allowed_mime_types, body.contentType)) {
    body.stream.resume();
    throw new StorageError(storageErrors.invalidMimeType, `mime type ${body.contentType} is not supported`);
  }
  const received = await ctx.disk.receive(body.stream, uploadLimit(ctx, bucket));
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
  const sub = caller.claims.sub;
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
        const { rows } = await db.query<{ id: string }>(
          `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
         values ($1, $2, $3, $4, $5, $6, $7)
         ${upsert ? 'on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id, version = excluded.version, metadata = excluded.metadata, user_metadata = excluded.user_metadata, updated_at = now()' : ''}
         returning id`,
          [
            bucketId,
            key,
            isUuid(sub) ? sub : null,
            typeof sub === 'string' ? sub : null,
            version,
            metadata,
            body.userMetadata,
          ],
        );
        placed = { id: rows[0]!.id, previous: previous?.version ?? null };
        await ctx.disk.place(received.tmp, placed.id, version);
        return placed;
      },
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
  const upsert = request.req.method === 'PUT' || request.req.headers['x-upsert'] === 'true';
  sendJson(request.res, 200, await store(ctx, request, callerOf(request.req), upsert));
};

/** POST /object/upload/sign/{bucket}/{key} — a URL anyone can upload to once, for 2 hours. */
export const createSignedUpload: Handler = async (ctx, request) => {
  const caller = callerOf(request.req);
  const { bucket, key } = bucketAndKey(request.rest);
  await bucketOf(ctx, bucket);
  const upsert = request.req.headers['x-upsert'] === 'true';
  // Probe the caller's INSERT right now, inside a transaction that is rolled back.
  await asCaller(ctx.pool, caller, 'storage.object.upload_sign', async (db) => {
    await db.query('savepoint probe');
    await db.query(
      `insert into storage.objects (bucket_id, name, owner_id, version) values ($1, $2, $3, 'probe')
       ${upsert ? 'on conflict (bucket_id, name) do nothing' : ''}`,
      [bucket, key, caller.claims.sub ?? null],
    );
    await db.query('rollback to savepoint probe');
  });
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(
    {
      owner: caller.claims.sub,
      role: caller.role,
      url: `${bucket}/${key}`,
      upsert,
      scope: 'upload',
      iat: now,
      exp: now + SIGNED_UPLOAD_SECONDS,
    },
    JWT_SECRET,
  );
  sendJson(request.res, 200, {
    url: `/object/upload/sign/${bucket}/${encodeURI(key)}?token=${token}`,
    token,
  });
};

/** PUT /object/upload/sign/{bucket}/{key}?token=… — upload with a signed token, no session. */
export const uploadToSignedUrl: Handler = async (ctx, request) => {
  const { bucket, key } = bucketAndKey(request.rest);
  const result = verifyJwt(request.url.searchParams.get('token') ?? '', JWT_SECRET);
  if (!result.ok)
    throw new StorageError(
      storageErrors.invalidJwt,
      result.reason === 'expired' ? 'jwt expired' : 'invalid signature',
    );
  if (result.claims.scope !== 'upload' || result.claims.url !== `${bucket}/${key}`)
    throw new StorageError(storageErrors.invalidSignature);
  const caller: Caller = {
    role: 'service_role',
    claims: { role: 'service_role', sub: result.claims.owner as string | undefined },
  };
  const stored = await store(ctx, request, caller, result.claims.upsert === true);
  sendJson(request.res, 200, { Key: stored.Key });
};
