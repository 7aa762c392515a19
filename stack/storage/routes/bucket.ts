import { parseSize } from '../../config/project.ts';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf } from '../internal/caller.ts';
import { sendJson, type BucketRow, type Handler } from '../internal/context.ts';
import { checkBucketName } from '../internal/keys.ts';

const COLUMNS = 'id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at';

function limits(body: Record<string, unknown>) {
  const size = body.file_size_limit;
  const mimes = body.allowed_mime_types;
  return {
    public: body.public === true,
    fileSizeLimit: size === undefined || size === null ? null : parseSize(size, -1),
    allowedMimeTypes: Array.isArray(mimes) ? mimes.filter((m): m is string => typeof m === 'string') : null,
  };
}

/** GET /bucket — RLS on storage.buckets decides what a caller sees. */
export const listBuckets: Handler = async (ctx, request) => {
  const rows = await asCaller(
    ctx.pool,
    await callerOf(request.req),
    'storage.bucket.list',
    async (db) => (await db.query<BucketRow>(`select ${COLUMNS} from storage.buckets order by name`)).rows,
  );
  sendJson(request.res, 200, rows);
};

export const getBucket: Handler = async (ctx, request) => {
  const id = checkBucketName(decodeURIComponent(request.rest));
  const row = await asCaller(
    ctx.pool,
    await callerOf(request.req),
    'storage.bucket.get',
    async (db) =>
      (await db.query<BucketRow>(`select ${COLUMNS} from storage.buckets where id = $1`, [id])).rows[0],
  );
  if (!row) throw new StorageError(storageErrors.noSuchBucket);
  sendJson(request.res, 200, row);
};

export const createBucket: Handler = async (ctx, request) => {
  const body = await request.json();
  const id = checkBucketName(body.id ?? body.name);
  const { public: isPublic, fileSizeLimit, allowedMimeTypes } = limits(body);
  if (fileSizeLimit === -1)
    throw new StorageError(storageErrors.invalidRequest, 'file_size_limit is not a size');
  await asCaller(ctx.pool, await callerOf(request.req), 'storage.bucket.create', (db) =>
    db.query(
      'insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values ($1, $1, $2, $3, $4)',
      [id, isPublic, fileSizeLimit, allowedMimeTypes],
    ),
  );
  sendJson(request.res, 200, { name: id });
};

export const updateBucket: Handler = async (ctx, request) => {
  const id = checkBucketName(decodeURIComponent(request.rest));
  const { public: isPublic, fileSizeLimit, allowedMimeTypes } = limits(await request.json());
  const { rowCount } = await asCaller(ctx.pool, await callerOf(request.req), 'storage.bucket.update', (db) =>
    db.query(
      'update storage.buckets set public = $2, file_size_limit = $3, allowed_mime_types = $4, updated_at = now() where id = $1',
      [id, isPublic, fileSizeLimit, allowedMimeTypes],
    ),
  );
  if (!rowCount) throw new StorageError(storageErrors.noSuchBucket);
  sendJson(request.res, 200, { message: 'Successfully updated' });
};

export const emptyBucket: Handler = async (ctx, request) => {
  const id = checkBucketName(decodeURIComponent(request.rest.replace(/\/empty$/, '')));
  const removed = await asCaller(
    ctx.pool,
    await callerOf(request.req),
    'storage.bucket.empty',
    async (db) =>
      (await db.query<{ id: string }>('delete from storage.objects where bucket_id = $1 returning id', [id]))
        .rows,
  );
  await Promise.all(removed.map((row) => ctx.disk.remove(row.id)));
  sendJson(request.res, 200, { message: 'Successfully emptied' });
};

export const deleteBucket: Handler = async (ctx, request) => {
  const id = checkBucketName(decodeURIComponent(request.rest));
  await asCaller(ctx.pool, await callerOf(request.req), 'storage.bucket.delete', async (db) => {
    const objects = await db.query('select 1 from storage.objects where bucket_id = $1 limit 1', [id]);
    if (objects.rowCount) throw new StorageError(storageErrors.notEmpty);
    const { rowCount } = await db.query('delete from storage.buckets where id = $1', [id]);
    if (!rowCount) throw new StorageError(storageErrors.noSuchBucket);
  });
  sendJson(request.res, 200, { message: 'Successfully deleted' });
};
