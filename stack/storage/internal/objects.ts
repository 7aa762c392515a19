import type pg from 'pg';
import { StorageError, storageErrors } from '../errors.ts';
import type { BucketRow, ObjectRow, StorageContext } from './context.ts';

const OBJECT_COLUMNS =
  'id, bucket_id, name, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at';

/** The bucket, read with the service's own rights (limits apply whoever uploads). */
export async function bucketOf(ctx: StorageContext, id: string): Promise<BucketRow> {
  const { rows } = await ctx.pool.query<BucketRow>(
    'select id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at from storage.buckets where id = $1',
    [id],
  );
  if (!rows[0]) throw new StorageError(storageErrors.noSuchBucket);
  return rows[0];
}

/** The object as `db` may see it (a caller's transaction applies their RLS). */
export async function objectOf(
  db: pg.Pool | pg.PoolClient,
  bucket: string,
  key: string,
  lock = false,
): Promise<ObjectRow> {
  const { rows } = await db.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2${lock ? ' for update' : ''}`,
    [bucket, key],
  );
  if (!rows[0]) throw new StorageError(storageErrors.noSuchKey);
  return rows[0];
}

export function uploadLimit(ctx: StorageContext, bucket: BucketRow): number {
  const own = bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit);
  return Math.min(own, ctx.globalLimit);
}

/** storage-js camel-cases this (`info()`). */
export function infoJson(row: ObjectRow) {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    bucket_id: row.bucket_id,
    size: row.metadata?.size ?? 0,
    content_type: row.metadata?.mimetype ?? 'application/octet-stream',
    cache_control: row.metadata?.cacheControl ?? 'max-age=3600',
    etag: row.metadata?.eTag ?? '',
    metadata: row.user_metadata ?? {},
    last_modified: row.updated_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}

export function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}

export interface ObjectWrite {
  bucket: string;
  key: string;
  /** The JWT `sub` of whoever the write runs as; becomes owner_id (and owner when a uuid). */
  sub: unknown;
  version: string;
  metadata: Record<string, unknown> | null;
  userMetadata: Record<string, unknown> | null;
}

/**
 * Writes an object's row as `db`'s role sees fit. With `upsert` an existing row is replaced
 * through `on conflict do update`, so Postgres applies the UPDATE policies to the row being
 * replaced (an RLS refusal there is an error, not a silent skip) as well as INSERT's.
 */
export async function writeObject(db: pg.PoolClient, row: ObjectWrite, upsert: boolean): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
     values ($1, $2, $3, $4, $5, $6, $7)
     ${upsert ? 'on conflict (bucket_id, name) do update set owner = excluded.owner, owner_id = excluded.owner_id, version = excluded.version, metadata = excluded.metadata, user_metadata = excluded.user_metadata, updated_at = now()' : ''}
     returning id`,
    [
      row.bucket,
      row.key,
      isUuid(row.sub) ? row.sub : null,
      typeof row.sub === 'string' ? row.sub : null,
      row.version,
      row.metadata,
      row.userMetadata,
    ],
  );
  return rows[0]!.id;
}
