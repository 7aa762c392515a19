import { parseSize } from '../../config/project.ts';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf } from '../internal/caller.ts';
import { sendJson, type BucketRow, type Handler } from '../internal/context.ts';
import { checkBucketName } from '../internal/keys.ts';
import { escapeLike } from '../internal/listing.ts';

const COLUMNS = 'id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at';

/**
 * A bucket as Storage's response schema serializes it (supabase/storage `src/storage/schemas/bucket.ts`):
 * `file_size_limit` an integer (int8 is parsed as a number), a null `owner` written as "" since
 * the schema types it as a string. Only the list adds `type`, always 'STANDARD' for these buckets
 * (`src/http/routes/bucket/getAllBuckets.ts`; `getBucket.ts` does not select it).
 */
function bucketJson(row: BucketRow, withType: boolean) {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner ?? '',
    public: row.public,
    ...(withType ? { type: 'STANDARD' } : {}),
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowed_mime_types: row.allowed_mime_types,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function limits(body: Record<string, unknown>) {
  const size = body.file_size_limit;
  const mimes = body.allowed_mime_types;
  return {
    public: body.public === true,
    fileSizeLimit: size === undefined || size === null ? null : parseSize(size, -1),
    allowedMimeTypes: Array.isArray(mimes) ? mimes.filter((m): m is string => typeof m === 'string') : null,
  };
}

const SORT_COLUMNS = ['id', 'name', 'created_at', 'updated_at'];

/** The query of storage-js `listBuckets(options)`, checked as `getAllBuckets.ts`'s schema does. */
function listQuery(params: URLSearchParams): { sql: string; values: unknown[] } {
  const invalid = (message: string) =>
    new StorageError(storageErrors.invalidRequest, `querystring/${message}`);
  const integer = (field: string, minimum: number) => {
    const text = params.get(field);
    if (text === null) return undefined;
    if (!/^-?\d+$/.test(text)) throw invalid(`${field} must be integer`);
    if (Number(text) < minimum) throw invalid(`${field} must be >= ${minimum}`);
    return Number(text);
  };
  const limit = integer('limit', 1);
  const offset = integer('offset', 0);
  const column = params.get('sortColumn') ?? 'name';
  if (!SORT_COLUMNS.includes(column))
    throw invalid(`sortColumn must be equal to one of the allowed values: ${SORT_COLUMNS.join(', ')}`);
  const order = params.get('sortOrder') ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw invalid('sortOrder must be equal to one of the allowed values: asc, desc');
  const values: unknown[] = [];
  const search = params.get('search');
  let sql = `select ${COLUMNS} from storage.buckets`;
  if (search) {
    values.push(`%${escapeLike(search)}%`);
    sql += ` where name ilike $${values.length}`;
  }
  sql += ` order by ${column} ${order}`;
  if (limit !== undefined) sql += ` limit $${values.push(limit)}`;
  if (offset !== undefined) sql += ` offset $${values.push(offset)}`;
  return { sql, values };
}

/** GET /bucket — RLS on storage.buckets decides what a caller sees. */
export const listBuckets: Handler = async (ctx, request) => {
  const { sql, values } = listQuery(request.url.searchParams);
  const rows = await asCaller(
    ctx.pool,
    await callerOf(request.req),
    'storage.bucket.list',
    async (db) => (await db.query<BucketRow>(sql, values)).rows,
  );
  sendJson(
    request.res,
    200,
    rows.map((row) => bucketJson(row, true)),
  );
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
  sendJson(request.res, 200, bucketJson(row, false));
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
