import { randomUUID } from 'node:crypto';
import { signJwt } from '../../config/jwt.ts';
import { JWT_SECRET } from '../../config/keys.ts';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf } from '../internal/caller.ts';
import { sendJson, type Handler, type ObjectRow } from '../internal/context.ts';
import { bucketAndKey, checkBucketName, checkKey } from '../internal/keys.ts';
import { objectOf } from '../internal/objects.ts';

/** DELETE /object/{bucket} {prefixes} — only rows the caller may delete; the rest are skipped. */
export const removeObjects: Handler = async (ctx, request) => {
  const bucket = checkBucketName(decodeURIComponent(request.rest));
  const body = await request.json();
  const names = Array.isArray(body.prefixes)
    ? body.prefixes.filter((p): p is string => typeof p === 'string')
    : [];
  if (names.length === 0)
    throw new StorageError(storageErrors.invalidRequest, 'prefixes must be a non-empty array of names');
  const deleted = await asCaller(
    ctx.pool,
    await callerOf(request.req),
    'storage.object.delete_many',
    async (db) => {
      const { rows } = await db.query<ObjectRow>(
        `delete from storage.objects where bucket_id = $1 and name = any($2)
       returning id, bucket_id, name, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at`,
        [bucket, names],
      );
      return rows;
    },
  );
  await Promise.all(deleted.map((row) => ctx.disk.remove(row.id)));
  sendJson(request.res, 200, deleted);
};

function moveArgs(body: Record<string, unknown>) {
  const from = typeof body.bucketId === 'string' ? body.bucketId : '';
  const to =
    typeof body.destinationBucket === 'string' && body.destinationBucket ? body.destinationBucket : from;
  return {
    fromBucket: checkBucketName(from),
    toBucket: checkBucketName(to),
    source: checkKey(typeof body.sourceKey === 'string' ? body.sourceKey : ''),
    destination: checkKey(typeof body.destinationKey === 'string' ? body.destinationKey : ''),
  };
}

/** POST /object/move — a rename; the bytes are keyed by object id and stay where they are. */
export const moveObject: Handler = async (ctx, request) => {
  const args = moveArgs(await request.json());
  const moved = await asCaller(ctx.pool, await callerOf(request.req), 'storage.object.move', async (db) => {
    const { rows } = await db.query<{ id: string }>(
      'update storage.objects set bucket_id = $3, name = $4 where bucket_id = $1 and name = $2 returning id',
      [args.fromBucket, args.source, args.toBucket, args.destination],
    );
    if (!rows[0]) throw new StorageError(storageErrors.noSuchKey);
    return rows[0];
  });
  sendJson(request.res, 200, {
    message: 'Successfully moved',
    Id: moved.id,
    Key: `${args.toBucket}/${args.destination}`,
  });
};

/** POST /object/copy — a new object with the same bytes. */
export const copyObject: Handler = async (ctx, request) => {
  const args = moveArgs(await request.json());
  const caller = await callerOf(request.req);
  const version = randomUUID();
  const copy = await asCaller(ctx.pool, caller, 'storage.object.copy', async (db) => {
    const source = await objectOf(db, args.fromBucket, args.source);
    const { rows } = await db.query<{ id: string }>(
      `insert into storage.objects (bucket_id, name, owner_id, version, metadata, user_metadata)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [
        args.toBucket,
        args.destination,
        caller.claims.sub ?? null,
        version,
        source.metadata,
        source.user_metadata,
      ],
    );
    await ctx.disk.copy(source.id, source.version, rows[0]!.id, version);
    return rows[0]!;
  });
  sendJson(request.res, 200, { Id: copy.id, Key: `${args.toBucket}/${args.destination}` });
};

async function signedUrl(bucket: string, key: string, expiresIn: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt({ url: `${bucket}/${key}`, iat: now, exp: now + expiresIn }, JWT_SECRET);
  return `/object/sign/${bucket}/${encodeURI(key)}?token=${token}`;
}

function expiresIn(body: Record<string, unknown>): number {
  const value = Number(body.expiresIn);
  if (!Number.isInteger(value) || value < 1)
    throw new StorageError(storageErrors.invalidRequest, 'expiresIn must be a whole number of seconds ≥ 1');
  return value;
}

/** POST /object/sign/{bucket}/{key} — only for objects the caller can read. */
export const signObject: Handler = async (ctx, request) => {
  const { bucket, key } = bucketAndKey(request.rest);
  const seconds = expiresIn(await request.json());
  await asCaller(ctx.pool, await callerOf(request.req), 'storage.object.sign', (db) =>
    objectOf(db, bucket, key),
  );
  sendJson(request.res, 200, { signedURL: await signedUrl(bucket, key, seconds) });
};

/** POST /object/sign/{bucket} {paths} — per path, a URL or an error. */
export const signObjects: Handler = async (ctx, request) => {
  const bucket = checkBucketName(decodeURIComponent(request.rest));
  const body = await request.json();
  const seconds = expiresIn(body);
  const paths = Array.isArray(body.paths) ? body.paths.filter((p): p is string => typeof p === 'string') : [];
  const visible = await asCaller(ctx.pool, await callerOf(request.req), 'storage.object.sign', async (db) => {
    const { rows } = await db.query<{ name: string }>(
      'select name from storage.objects where bucket_id = $1 and name = any($2)',
      [bucket, paths],
    );
    return new Set(rows.map((row) => row.name));
  });
  sendJson(
    request.res,
    200,
    await Promise.all(
      paths.map(async (path) =>
        visible.has(path)
          ? { path, signedURL: await signedUrl(bucket, path, seconds), error: null }
          : {
              path,
              signedURL: null,
              error: 'Either the object does not exist or you do not have access to it',
            },
      ),
    ),
  );
};
