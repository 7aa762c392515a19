import { StorageError, storageErrors } from '../errors.ts';
import { asCaller, callerOf } from '../internal/caller.ts';
import { sendJson, type Handler } from '../internal/context.ts';
import { checkBucketName } from '../internal/keys.ts';
import { listObjectsV2 } from '../internal/listing-v2.ts';
import { searchObjects, type SearchColumn, type SortOrder } from '../internal/listing.ts';

type Body = Record<string, unknown>;

/** The body checks Storage's route schemas make, worded as Fastify words them. */
const invalid = (message: string) => new StorageError(storageErrors.invalidRequest, `body/${message}`);

function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be string`);
  return value;
}

function optionalInteger(body: Body, field: string, minimum: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(`${field} must be integer`);
  if (number < minimum) throw invalid(`${field} must be >= ${minimum}`);
  return number;
}

function sortByOf<C extends string>(
  body: Body,
  columns: readonly C[],
): { column: C; order: SortOrder | undefined } | undefined {
  const value = body.sortBy;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('sortBy must be object');
  const { column, order } = value as Record<string, unknown>;
  if (column === undefined) throw invalid("sortBy must have required property 'column'");
  if (!columns.includes(column as C))
    throw invalid(`sortBy/column must be equal to one of the allowed values: ${columns.join(', ')}`);
  if (order !== undefined && order !== 'asc' && order !== 'desc')
    throw invalid('sortBy/order must be equal to one of the allowed values: asc, desc');
  return { column: column as C, order };
}

const SEARCH_COLUMNS = ['name', 'updated_at', 'created_at', 'last_accessed_at'] as const;

/**
 * POST /object/list/{bucket} — one level below a prefix; folders have id null.
 * Upstream: supabase/storage `src/http/routes/object/listObjects.ts`, `src/storage/object.ts`
 * (`searchObjects`: the prefix is taken as a folder).
 */
export const listObjects: Handler = async (ctx, request) => {
  const bucket = checkBucketName(decodeURIComponent(request.rest));
  const body = await request.json();
  let prefix = optionalString(body, 'prefix');
  if (prefix === undefined) throw invalid("must have required property 'prefix'");
  if (prefix && !prefix.endsWith('/')) prefix = `${prefix}/`;
  const limit = optionalInteger(body, 'limit', 1);
  const offset = optionalInteger(body, 'offset', 0);
  const sortBy = sortByOf<SearchColumn>(body, SEARCH_COLUMNS);
  const query = {
    bucket,
    prefix,
    search: optionalString(body, 'search') ?? '',
    limit: Math.min(limit || 100, 1500),
    offset: offset || 0,
    column: sortBy?.column ?? 'name',
    order: sortBy?.order ?? 'asc',
  };
  const rows = await asCaller(ctx.pool, await callerOf(request.req), 'storage.object.list', (db) =>
    searchObjects(db, query),
  );
  sendJson(request.res, 200, rows);
};
/**
 * POST /object/list-v2/{bucket} — storage-js `listV2()`: cursor pages, flat or by folder.
 * Upstream: supabase/storage `src/http/routes/object/listObjectsV2.ts`.
 */
export const listObjectsV2Route: Handler = async (ctx, request) => {
  const bucket = checkBucketName(decodeURIComponent(request.rest));
  const body = await request.json();
  const delimiter = body.with_delimiter;
  if (delimiter !== undefined && typeof delimiter !== 'boolean')
    throw invalid('with_delimiter must be boolean');
  const options = {
    bucket,
    prefix: optionalString(body, 'prefix') ?? '',
    limit: optionalInteger(body, 'limit', 1),
    cursor: optionalString(body, 'cursor'),
    withDelimiter: delimiter === true,
    sortBy: sortByOf(body, ['name', 'updated_at', 'created_at'] as const),
  };
  const caller = await callerOf(request.req);
  sendJson(request.res, 200, await listObjectsV2(ctx.pool, caller, options));
};
