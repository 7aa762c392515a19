import type pg from 'pg';

/**
 * One entry of a listing: a file (id set) or a folder (id and every other field null), as
 * Storage's `storage.search*` functions return them.
 */
export interface ListedEntry {
  name: string;
  id: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: Record<string, unknown> | null;
}

export type SortOrder = 'asc' | 'desc';
export type SearchColumn = 'name' | 'updated_at' | 'created_at' | 'last_accessed_at';

export interface SearchQuery {
  bucket: string;
  /** Ends with `/` unless empty (Storage's `searchObjects` appends it). */
  prefix: string;
  search: string;
  limit: number;
  offset: number;
  column: SearchColumn;
  order: SortOrder;
}

/** LIKE's wildcards taken literally (Storage escapes them for the non-name sorts). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Segments of a key, counted as Postgres' `string_to_array` does (none for ''). */
function segments(text: string): number {
  return text === '' ? 1 : text.split('/').length;
}

/**
 * `list()`, sorted by name: folders and files interleaved in `lower(name) COLLATE "C"` order, a
 * folder sorting at its `prefix/` key, and `offset`/`limit` counting both. `search` extends the
 * prefix (a case-insensitive prefix match, not a substring). Names are relative to the prefix.
 * Upstream: supabase/storage `migrations/tenant/0063-fix-search-name-relative-to-prefix.sql`
 * (`storage.search`, name branch) and `src/storage/database/pg.ts` (`searchObjects`).
 */
async function searchByName(db: pg.PoolClient, query: SearchQuery): Promise<ListedEntry[]> {
  const direction = query.order === 'desc' ? 'desc' : 'asc';
  const { rows } = await db.query<ListedEntry>(
    `with level as (
       select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
              position('/' in substr(lower(o.name), length($2) + 1)) as cut
       from storage.objects o
       where o.bucket_id = $1 and starts_with(lower(o.name), lower($2))
     ), keyed as (
       select level.*,
              lower(case when cut > 0 then left(level.name, length($2) + cut) else level.name end) collate "C" as entry_key,
              case when cut > 0 then null else level.id end as file_id
       from level
     ), entries as (
       select distinct on (entry_key, file_id)
              entry_key, file_id,
              case when cut > 0 then rtrim(left(keyed.name, length($2) + cut), '/') else keyed.name end as full_name,
              case when cut > 0 then null else keyed.updated_at end as updated_at,
              case when cut > 0 then null else keyed.created_at end as created_at,
              case when cut > 0 then null else keyed.last_accessed_at end as last_accessed_at,
              case when cut > 0 then null else keyed.metadata end as metadata
       from keyed
       order by entry_key, file_id, lower(keyed.name) collate "C", keyed.name collate "C"
     )
     select substr(full_name, $3 + 1) as name, file_id as id, updated_at, created_at, last_accessed_at, metadata
     from entries
     order by entry_key ${direction}, full_name collate "C" ${direction}
     limit $4 offset $5`,
    [query.bucket, query.prefix + query.search, query.prefix.length, query.limit, query.offset],
  );
  return rows;
}

/**
 * `list()` sorted by a timestamp: every folder first (by name), then the files by the column.
 * Upstream: the non-name branch of `storage.search` in the same migration.
 */
async function searchByTimestamp(db: pg.PoolClient, query: SearchQuery): Promise<ListedEntry[]> {
  const direction = query.order === 'desc' ? 'desc' : 'asc';
  const column = query.column === 'name' ? 'updated_at' : query.column;
  const pattern = `${escapeLike(query.prefix)}${escapeLike(query.search)}%`;
  const { rows } = await db.query<ListedEntry>(
    `select name, id, updated_at, created_at, last_accessed_at, metadata from (
       select folder as name, null::uuid as id, null::timestamptz as updated_at,
              null::timestamptz as created_at, null::timestamptz as last_accessed_at,
              null::jsonb as metadata, 0 as kind, null::timestamptz as sort_value
       from (select distinct array_to_string(o.path_tokens[$3:$4], '/') as folder
             from storage.objects o
             where o.bucket_id = $1 and o.name ilike $2 and array_length(o.path_tokens, 1) <> $4) folders
       union all
       select array_to_string(o.path_tokens[$3:$4], '/'), o.id, o.updated_at, o.created_at,
              o.last_accessed_at, o.metadata, 1, o.${column}
       from storage.objects o
       where o.bucket_id = $1 and o.name ilike $2 and array_length(o.path_tokens, 1) = $4
     ) entries
     order by kind, case when kind = 0 then name end ${direction}, sort_value ${direction}, name collate "C"
     limit $5 offset $6`,
    [
      query.bucket,
      pattern,
      segments(query.prefix),
      segments(query.prefix + query.search),
      query.limit,
      query.offset,
    ],
  );
  return rows;
}

/** `POST /object/list/{bucket}`'s rows, run on `db` so the caller's RLS decides what is seen. */
export function searchObjects(db: pg.PoolClient, query: SearchQuery): Promise<ListedEntry[]> {
  return query.column === 'name' ? searchByName(db, query) : searchByTimestamp(db, query);
}
