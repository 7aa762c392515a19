import type pg from 'pg';

/** What the TypeScript generator needs to know about one schema, read from pg_catalog. */
export interface Relation {
  id: number;
  name: string;
  kind: 'table' | 'view';
  isUpdatable: boolean;
}

export interface Column {
  tableId: number;
  name: string;
  format: string;
  isNullable: boolean;
  hasDefault: boolean;
  identity: 'ALWAYS' | 'BY DEFAULT' | null;
  isUpdatable: boolean;
}

export interface Relationship {
  foreignKeyName: string;
  relation: string;
  columns: string[];
  isOneToOne: boolean;
  referencedRelation: string;
  referencedColumns: string[];
}

export interface FunctionArg {
  mode: string;
  name: string;
  typeId: number;
  hasDefault: boolean;
}

export interface PgFunction {
  name: string;
  args: FunctionArg[];
  argumentTypes: string;
  returnType: string;
  returnTypeId: number;
  returnTypeRelationId: number | null;
  isSetReturning: boolean;
  prorows: number | null;
}

export interface PgType {
  id: number;
  name: string;
  schema: string;
  enums: string[];
  attributes: { name: string; typeId: number }[];
  relationId: number | null;
}

export interface Schema {
  name: string;
  relations: Relation[];
  columns: Column[];
  relationships: Relationship[];
  functions: PgFunction[];
  types: PgType[];
}

const RELATIONS = `
  select c.oid::int as id, c.relname as name, case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind,
    c.relkind = 'v' and (pg_relation_is_updatable(c.oid, false) & 20) = 20 as "isUpdatable"
  from pg_class c
  where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition`;

const COLUMNS = `
  select c.oid::int as "tableId", a.attname as name, coalesce(bt.typname, t.typname) as format,
    not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as "isNullable",
    a.atthasdef as "hasDefault",
    case a.attidentity when 'a' then 'ALWAYS' when 'd' then 'BY DEFAULT' end as identity,
    c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and pg_column_is_updatable(c.oid, a.attnum, false)) as "isUpdatable"
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_type t on t.oid = a.atttypid
  left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
  where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped`;

// Foreign keys as PostgREST sees them: one-to-one when the key columns are a primary key or unique.
const FOREIGN_KEYS = `
  select k.conname as "foreignKeyName", k.conrelid::int as "tableId", src.relname as relation,
    k.confrelid::int as "referencedId", dst.relname as "referencedRelation",
    k.confrelid::regclass::text as "referencedQualified",
    dst.relnamespace = $1::regnamespace as "sameSchema",
    (select array_agg(a.attname::text order by o.n) from unnest(k.conkey) with ordinality o(attnum, n)
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = o.attnum) as columns,
    (select array_agg(a.attname::text order by o.n) from unnest(k.confkey) with ordinality o(attnum, n)
       join pg_attribute a on a.attrelid = k.confrelid and a.attnum = o.attnum) as "referencedColumns",
    k.conkey as "keyNums", k.confkey as "refNums",
    exists (select 1 from pg_constraint u where u.conrelid = k.conrelid and u.contype in ('p', 'u')
      and u.conkey::int[] @> k.conkey::int[] and u.conkey::int[] <@ k.conkey::int[]) as "isOneToOne"
  from pg_constraint k
  join pg_class src on src.oid = k.conrelid
  join pg_class dst on dst.oid = k.confrelid
  where k.contype = 'f' and k.conparentid = 0 and k.connamespace = $1::regnamespace`;

// Which table column each view column comes from, from the view's stored query tree.
const VIEW_SOURCES = `
  select c.oid::int as "viewId", r.ev_action::text as tree
  from pg_class c join pg_rewrite r on r.ev_class = c.oid
  where c.relnamespace = $1::regnamespace and c.relkind in ('v', 'm')`;

const FUNCTIONS = `
  select p.proname as name,
    coalesce(p.proargmodes::text[], array_fill('i'::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes))])) as modes,
    coalesce(p.proargnames, array_fill(''::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes))])) as names,
    coalesce(p.proallargtypes::int[], p.proargtypes::int[]) as types,
    p.pronargs as nargs, p.pronargdefaults as ndefaults,
    pg_get_function_arguments(p.oid) as "argumentTypes",
    pg_get_function_result(p.oid) as "returnType",
    p.prorettype::int as "returnTypeId", nullif(rt.typrelid, 0)::int as "returnTypeRelationId",
    p.proretset as "isSetReturning", case when p.proretset then nullif(p.prorows, 0) end::float8 as prorows
  from pg_proc p join pg_type rt on rt.oid = p.prorettype
  where p.pronamespace = $1::regnamespace and p.prokind = 'f' and rt.typname not in ('trigger', 'event_trigger')`;

const TYPES = `
  select t.oid::int as id, t.typname as name, n.nspname as schema,
    coalesce((select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid), '{}') as enums,
    coalesce((select json_agg(json_build_object('name', a.attname, 'typeId', a.atttypid::int) order by a.attnum)
      from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.oid = t.typrelid and c.relkind = 'c' and a.attnum > 0 and not a.attisdropped), '[]') as attributes,
    nullif(t.typrelid, 0)::int as "relationId"
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where t.typrelid = 0 or (select c.relkind in ('c', 'r', 'v', 'm', 'p') from pg_class c where c.oid = t.typrelid)`;

const MODES: Record<string, string> = { i: 'in', o: 'out', b: 'inout', v: 'variadic', t: 'table' };

/** Parses `:resname x … :resorigtbl oid :resorigcol n` out of a stored view query. */
function viewColumnOrigins(tree: string): { viewColumn: string; table: number; column: number }[] {
  const targetList = tree.split(':targetList')[1] ?? '';
  const entries = targetList.matchAll(
    /\{TARGETENTRY .*?:resname (\S+) .*?:resorigtbl (\d+) :resorigcol (\d+)/g,
  );
  return [...entries]
    .map((m) => ({ viewColumn: m[1]!, table: Number(m[2]), column: Number(m[3]) }))
    .filter((origin) => origin.table !== 0);
}

interface ForeignKeyRow extends Relationship {
  tableId: number;
  referencedId: number;
  sameSchema: boolean;
  keyNums: number[];
  refNums: number[];
}

/** Relationships through views, the way PostgREST derives them (a view exposing all key columns). */
function viewRelationships(
  keys: ForeignKeyRow[],
  views: { viewId: number; name: string; tree: string }[],
): Relationship[] {
  const out: Relationship[] = [];
  const exposing = (view: { tree: string }, table: number, nums: number[]) => {
    const origins = viewColumnOrigins(view.tree);
    const perColumn = nums.map((num) =>
      origins.filter((o) => o.table === table && o.column === num).map((o) => o.viewColumn),
    );
    if (perColumn.some((names) => names.length === 0)) return [];
    return perColumn.reduce<string[][]>(
      (acc, names) => acc.flatMap((prefix) => names.map((n) => [...prefix, n])),
      [[]],
    );
  };
  for (const key of keys) {
    // The generator only describes relationships whose both ends are in the schema.
    if (!key.sameSchema) continue;
    for (const view of views) {
      for (const columns of exposing(view, key.tableId, key.keyNums)) {
        out.push({ ...key, relation: view.name, columns });
      }
      for (const referencedColumns of exposing(view, key.referencedId, key.refNums)) {
        out.push({ ...key, referencedRelation: view.name, referencedColumns });
      }
    }
  }
  return out;
}

interface FunctionRow extends Omit<PgFunction, 'args'> {
  modes: string[];
  names: string[];
  types: number[];
  nargs: number;
  ndefaults: number;
}

/** Reads tables, views, columns, relationships, functions and types of `schema`. */
export async function introspect(db: pg.Client, schema: string): Promise<Schema> {
  const relations = await db.query<Relation>(RELATIONS, [schema]);
  const columns = await db.query<Column>(COLUMNS, [schema]);
  const keys = await db.query<ForeignKeyRow>(FOREIGN_KEYS, [schema]);
  const views = await db.query<{ viewId: number; tree: string }>(VIEW_SOURCES, [schema]);
  const functions = await db.query<FunctionRow>(FUNCTIONS, [schema]);
  const types = await db.query<PgType>(TYPES);
  const names = new Map(relations.rows.map((r) => [r.id, r.name]));
  const sameSchemaKeys = keys.rows.filter((key) => key.sameSchema);
  const viewRows = views.rows.map((v) => ({ ...v, name: names.get(v.viewId)! }));
  const pick = ({
    foreignKeyName,
    relation,
    columns,
    isOneToOne,
    referencedRelation,
    referencedColumns,
  }: Relationship) => ({
    foreignKeyName,
    relation,
    columns,
    isOneToOne,
    referencedRelation,
    referencedColumns,
  });
  return {
    name: schema,
    relations: relations.rows,
    columns: columns.rows,
    relationships: [...sameSchemaKeys, ...viewRelationships(keys.rows, viewRows)].map(pick),
    functions: functions.rows.map((row) => ({
      name: row.name,
      args: row.types.map((typeId, i) => ({
        mode: MODES[row.modes[i]!]!,
        name: row.names[i] ?? '',
        typeId,
        // Defaults belong to the last input arguments.
        hasDefault: i < row.nargs && i >= row.nargs - row.ndefaults,
      })),
      argumentTypes: row.argumentTypes,
      returnType: row.returnType,
      returnTypeId: row.returnTypeId,
      returnTypeRelationId: row.returnTypeRelationId,
      isSetReturning: row.isSetReturning,
      prorows: row.prorows,
    })),
    types: types.rows,
  };
}
