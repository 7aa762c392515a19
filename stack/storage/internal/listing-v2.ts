import type pg from 'pg';
import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, type Caller } from './caller.ts';
import { escapeLike, type ListedEntry, type SortOrder } from './listing.ts';

type V2Column = 'name' | 'updated_at' | 'created_at';

export interface ListV2Options {
  bucket: string;
  prefix: string;
  limit: number | undefined;
  cursor: string | undefined;
  withDelimiter: boolean;
  sortBy: { column: V2Column; order: SortOrder | undefined } | undefined;
}

/** Where a page starts: the last name of the previous page and, for timestamp sorts, its time. */
interface Cursor {
  startAfter: string;
  sortOrder?: string;
  sortColumn?: string;
  sortColumnAfter?: string;
}

const CURSOR_PARTS = { l: 'startAfter', o: 'sortOrder', c: 'sortColumn', a: 'sortColumnAfter' } as const;

/** Cursors are `key:value` lines in base64 (supabase/storage `src/storage/object.ts`). */
function encodeCursor(cursor: Cursor): string {
  const lines = Object.entries(CURSOR_PARTS)
    .filter(([, field]) => cursor[field])
    .map(([part, field]) => `${part}:${cursor[field]}`);
  return Buffer.from(lines.join('\n')).toString('base64');
}

function decodeCursor(token: string): Cursor {
  const cursor: Cursor = { startAfter: '', sortOrder: 'asc' };
  for (const line of Buffer.from(token, 'base64').toString().split('\n')) {
    const match = /^(\S):(.*)/.exec(line);
    const field = match && CURSOR_PARTS[match[1] as keyof typeof CURSOR_PARTS];
    if (!match || !field)
      throw new StorageError(storageErrors.invalidParameter, 'Invalid Parameter continuation token');
    cursor[field] = match[2]!;
  }
  return cursor;
}

interface PageQuery {
  bucket: string;
  prefix: string;
  /** One more than the page, to tell whether another page follows. */
  take: number;
  after: string;
  afterTime: string;
  column: V2Column | undefined;
  order: SortOrder;
}

type Row = ListedEntry & { key?: string };

/** Without a delimiter: every object under the prefix, by name or by a timestamp then name. */
async function flat(db: pg.PoolClient, query: PageQuery): Promise<Row[]> {
  const column = query.column === 'name' ? undefined : query.column;
  const operator = query.order === 'asc' ? '>' : '<';
  const values: unknown[] = [query.bucket, query.take];
  const where = ['bucket_id = $1'];
  if (query.prefix) {
    values.push(`${escapeLike(query.prefix)}%`);
    where.push(`name like $${values.length}`);
  }
  if (query.after && column && query.afterTime) {
    values.push(query.afterTime, query.after);
    where.push(
      `row(date_trunc('milliseconds', ${column}), name collate "C") ${operator}
       row(coalesce(nullif($${values.length - 1}, '')::timestamptz, 'epoch'::timestamptz), $${values.length})`,
    );
  } else if (query.after) {
    values.push(query.after);
    where.push(`name collate "C" ${operator} $${values.length}`);
  }
  const { rows } = await db.query<Row>(
    `select id, name, metadata, updated_at, created_at, last_accessed_at from storage.objects
     where ${where.join(' and ')}
     order by ${column ? `${column} ${query.order}, ` : ''}name collate "C" ${query.order}
     limit $2`,
    values,
  );
  return rows;
}

/**
 * One level below the prefix, case-sensitive and bytewise, folders (`a/b`, no trailing slash)
 * among the files at their `a/b/` key. A cursor naming a folder resumes after everything in it.
 * Upstream: `storage.list_objects_with_delimiter` in supabase/storage
 * `migrations/tenant/0050-search-v2-optimised.sql`; there a cursor naming a file resumes at
 * `name/`, skipping files such as `name.png` that sort between; here it resumes right after it.
 */
async function byName(db: pg.PoolClient, query: PageQuery, levels: number): Promise<Row[]> {
  const operator = query.order === 'asc' ? '>' : '<';
  const { rows } = await db.query<Row>(
    `with level as (
       select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
              position('/' in substr(o.name, length($2) + 1)) as cut
       from storage.objects o
       where o.bucket_id = $1 and starts_with(o.name, $2)
     ), entries as (
       select distinct on (entry_key)
              (case when cut > 0 then left(level.name, length($2) + cut) else level.name end) collate "C" as entry_key,
              case when cut > 0 then rtrim(left(level.name, length($2) + cut), '/') else level.name end as name,
              case when cut > 0 then null else level.id end as id,
              case when cut > 0 then null else level.updated_at end as updated_at,
              case when cut > 0 then null else level.created_at end as created_at,
              case when cut > 0 then null else level.last_accessed_at end as last_accessed_at,
              case when cut > 0 then null else level.metadata end as metadata
       from level
       order by entry_key
     ), start as (
       select case when exists (select 1 from storage.objects o
                                where o.bucket_id = $1 and starts_with(o.name, $3 || '/'))
                   then $3 || '/' else $3 end collate "C" as entry_key
     )
     select split_part(entries.name, '/', $5) as key, entries.name, id, updated_at, created_at,
            last_accessed_at, metadata
     from entries, start
     where $3 = '' or entries.entry_key ${operator} start.entry_key
     order by entries.entry_key ${query.order}
     limit $4`,
    [query.bucket, query.prefix, query.after, query.take, levels],
  );
  return rows;
}

/**
 * One level below the prefix sorted by a timestamp; a folder's time is its oldest object's
 * `created_at`. Upstream: `storage.search_by_timestamp` in the same migration.
 */
async function byTime(db: pg.PoolClient, query: PageQuery, levels: number): Promise<Row[]> {
  const column = query.column === 'updated_at' ? 'updated_at' : 'created_at';
  const operator = query.order === 'asc' ? '>' : '<';
  const { rows } = await db.query<Row>(
    `with raw as (
       select o.*, case when position('/' in substr(o.name, length($2) + 1)) > 0
                        then left(o.name, length($2) + position('/' in substr(o.name, length($2) + 1))) end
                     as common_prefix
       from storage.objects o
       where o.bucket_id = $1 and starts_with(o.name, $2)
     ), combined as (
       select rtrim(common_prefix, '/') as name, null::uuid as id, min(created_at) as updated_at,
              min(created_at) as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
       from raw where common_prefix is not null group by common_prefix
       union all
       select name, id, updated_at, created_at, last_accessed_at, metadata from raw where common_prefix is null
     )
     select split_part(name, '/', $5) as key, name, id, updated_at, created_at, last_accessed_at, metadata
     from combined
     where $3 = '' or row(date_trunc('milliseconds', ${column}), name collate "C") ${operator}
                      row(coalesce(nullif($6, '')::timestamptz, 'epoch'::timestamptz), $3)
     order by coalesce(date_trunc('milliseconds', ${column}), 'epoch'::timestamptz) ${query.order},
              name collate "C" ${query.order}
     limit $4`,
    [query.bucket, query.prefix, query.after, query.take, levels, query.afterTime],
  );
  return rows;
}

export interface ListV2Result {
  hasNext: boolean;
  nextCursor?: string;
  nextCursorKey?: string;
  folders: Row[];
  objects: Row[];
}

/**
 * `POST /object/list-v2/{bucket}` as supabase/storage `src/storage/object.ts` (`listObjectsV2`)
 * answers it: at most 1000 entries a page, folders (named with a trailing `/`) apart from
 * objects, and an opaque cursor that carries the sort on to the next page. Run as the caller.
 */
export async function listObjectsV2(
  pool: pg.Pool,
  caller: Caller,
  options: ListV2Options,
): Promise<ListV2Result> {
  const limit = Math.min(options.limit || 1000, 1000);
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  const column = (cursor?.sortColumn || options.sortBy?.column) as V2Column | undefined;
  const order = cursor?.sortOrder || options.sortBy?.order;
  const query: PageQuery = {
    bucket: options.bucket,
    prefix: options.prefix,
    take: limit + 1,
    after: cursor?.startAfter ?? '',
    afterTime: cursor?.sortColumnAfter ?? '',
    column,
    order: order === 'desc' ? 'desc' : 'asc',
  };
  const levels = options.prefix ? options.prefix.split('/').length : 1;
  const rows = await asCaller(pool, caller, 'storage.object.list_v2', (db) => {
    if (!options.withDelimiter) return flat(db, query);
    return column && column !== 'name' ? byTime(db, query, levels) : byName(db, query, levels);
  });

  const hasNext = rows.length > limit;
  const page = rows.slice(0, limit);
  const folders = page
    .filter((row) => row.id === null)
    .map((row) => ({ ...row, name: row.name.endsWith('/') ? row.name : `${row.name}/` }));
  const result: ListV2Result = { hasNext, folders, objects: page.filter((row) => row.id !== null) };
  const last = page.at(-1);
  if (hasNext && last) {
    const time = column && column !== 'name' ? last[column] : null;
    result.nextCursor = encodeCursor({
      startAfter: last.name,
      sortOrder: order,
      sortColumn: column,
      sortColumnAfter: time ? new Date(time).toISOString() : undefined,
    });
    result.nextCursorKey = last.name;
  }
  return result;
}
