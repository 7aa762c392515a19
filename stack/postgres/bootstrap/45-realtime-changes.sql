-- What stack/realtime asks the database about one committed change (postgres_changes), in one
-- round trip for every subscriber the change's filters let through. The stack's counterpart of
-- supabase/realtime `priv/repo/tenant_schema/realtime/functions/apply_rls.sql`: the record is the
-- WAL record (not the row as it is now), typed by the column types, cut to the columns the
-- subscriber's role may SELECT, and shown only if RLS under the subscriber's role and claims
-- lets them see the row. Internal to the stack (schema `_stack`, which no API exposes).

-- The WAL columns [{name, type (oid), value (text or null), unchanged}] as one jsonb object of
-- typed values (as to_jsonb types them); unchanged TOAST values are left out.
create or replace function _stack.realtime_typed(columns jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  statement text;
  result jsonb;
begin
  select 'select to_jsonb(r) from (select '
         || string_agg(format('%L::%s as %I', c ->> 'value', pg_catalog.format_type((c ->> 'type')::oid, null), c ->> 'name'), ', ')
         || ') r'
    into statement
    from pg_catalog.jsonb_array_elements(coalesce(columns, '[]')) c
   where not coalesce((c ->> 'unchanged')::boolean, false);
  if statement is null then
    return '{}'::jsonb;
  end if;
  execute statement into result;
  return result;
end
$$;

-- A postgres_changes filter {column, op, values} on the WAL values, compared as the column's
-- type (supabase/realtime `check_equality_op.sql`). A missing, unchanged or null value, or a
-- value the type does not accept, does not match.
create or replace function _stack.realtime_filter(filter jsonb, columns jsonb) returns boolean
language plpgsql stable
set search_path = ''
as $$
declare
  col jsonb;
  type_name text;
  symbol text;
  result boolean;
begin
  select c into col from pg_catalog.jsonb_array_elements(coalesce(columns, '[]')) c
   where c ->> 'name' = filter ->> 'column' limit 1;
  if col is null or col ->> 'value' is null or coalesce((col ->> 'unchanged')::boolean, false) then
    return false;
  end if;
  type_name = pg_catalog.format_type((col ->> 'type')::oid, null);
  symbol = case filter ->> 'op'
    when 'eq' then '=' when 'neq' then '<>' when 'lt' then '<' when 'lte' then '<='
    when 'gt' then '>' when 'gte' then '>=' end;
  if filter ->> 'op' = 'in' then
    execute format('select $1::%1$s = any ($2::%1$s[])', type_name) into result
      using col ->> 'value', array(select pg_catalog.jsonb_array_elements_text(filter -> 'values'));
  elsif symbol is not null then
    execute format('select $1::%1$s %2$s $2::%1$s', type_name, symbol) into result
      using col ->> 'value', filter -> 'values' ->> 0;
  end if;
  return coalesce(result, false);
exception when others then
  return false;
end
$$;

-- One change, every identity (role + claims) that listens to it.
--   entity       the table (the relation id of the WAL's Relation message)
--   action       INSERT | UPDATE | DELETE
--   new_columns  the new tuple (INSERT, UPDATE), old_columns the old one (UPDATE when the
--                replica identity sends it, DELETE): [{name, type, value, unchanged}]
--   filters      [{column, op, values}] that could not be decided without Postgres' types
--   identities   [{role, claims, sure, filters}]: `sure` when one of its bindings already passed
--                its filter, else the indexes into `filters` of the bindings still to decide
-- Returns {filters: [boolean], identities: [{visible, columns, record, old_record, errors}]},
-- identities in the order given.
create or replace function _stack.realtime_apply_rls(
  entity regclass,
  action text,
  new_columns jsonb,
  old_columns jsonb,
  filters jsonb,
  identities jsonb,
  max_record_bytes integer default 1024 * 1024
) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  rls boolean;
  pk text[];
  typed_new jsonb = case when action = 'DELETE' then '{}'::jsonb else _stack.realtime_typed(new_columns) end;
  typed_old jsonb = _stack.realtime_typed(old_columns);
  too_big boolean = octet_length(coalesce(new_columns, old_columns, '[]')::text) > max_record_bytes;
  filter_results jsonb = '[]';
  roles jsonb = '{}';
  output jsonb = '[]';
  f jsonb;
  who jsonb;
  role_name text;
  allowed jsonb;
  selectable text[];
  visible boolean;
  exists_sql text;
  new_record jsonb;
  old_record jsonb;
begin
  select c.relrowsecurity into rls from pg_catalog.pg_class c where c.oid = entity;
  select coalesce(array_agg(a.attname order by a.attnum), '{}') into pk
    from pg_catalog.pg_index i
    join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
   where i.indrelid = entity and i.indisprimary;

  -- Filters first: an identity none of whose bindings passes is never checked against RLS.
  for f in select * from pg_catalog.jsonb_array_elements(coalesce(filters, '[]')) loop
    filter_results = filter_results || to_jsonb(
      _stack.realtime_filter(f, case when action = 'DELETE' then old_columns else new_columns end));
  end loop;

  -- The row by its primary key as the subscriber's role sees it now, under RLS
  -- (supabase/realtime `build_prepared_statement_sql.sql`); the values come from the WAL.
  if rls and action <> 'DELETE' and cardinality(pk) > 0 then
    select 'select exists (select 1 from ' || entity::text || ' where '
           || string_agg(format('%I = %L::%s', a.attname, c ->> 'value', pg_catalog.format_type(a.atttypid, a.atttypmod)), ' and ')
           || ')'
      into exists_sql
      from pg_catalog.pg_attribute a
      join pg_catalog.jsonb_array_elements(new_columns) c on c ->> 'name' = a.attname
     where a.attrelid = entity and a.attname = any (pk);
  end if;

  for who in select * from pg_catalog.jsonb_array_elements(identities) loop
    if not coalesce((who ->> 'sure')::boolean, false) and not exists (
      select 1 from pg_catalog.jsonb_array_elements_text(coalesce(who -> 'filters', '[]')) i
       where (filter_results -> i::int)::boolean
    ) then
      output = output || jsonb_build_array(jsonb_build_object('visible', false));
      continue;
    end if;
    role_name = who ->> 'role';

    -- Column privileges, once per role (apply_rls.sql `is_selectable`).
    if not roles ? role_name then
      begin
        select jsonb_build_object(
                 'names', coalesce(jsonb_agg(a.attname order by a.attnum), '[]'),
                 'columns', coalesce(jsonb_agg(jsonb_build_object('name', a.attname, 'type', t.typname) order by a.attnum), '[]'))
          into allowed
          from pg_catalog.pg_attribute a
          join pg_catalog.pg_type t on t.oid = a.atttypid
         where a.attrelid = entity and a.attnum > 0 and not a.attisdropped
           and pg_catalog.has_column_privilege(role_name, entity, a.attnum, 'SELECT');
      exception when others then
        allowed = jsonb_build_object('names', '[]'::jsonb, 'columns', '[]'::jsonb, 'unknown', true);
      end;
      roles = roles || jsonb_build_object(role_name, allowed);
    end if;
    allowed = roles -> role_name;
    selectable = array(select pg_catalog.jsonb_array_elements_text(allowed -> 'names'));

    if allowed ? 'unknown' then
      output = output || jsonb_build_array(jsonb_build_object('visible', false));
      continue;
    end if;
    if action <> 'DELETE' and cardinality(pk) = 0 then
      output = output || jsonb_build_array(jsonb_build_object(
        'visible', true, 'columns', '[]'::jsonb, 'errors', jsonb_build_array('Error 400: Bad Request, no primary key')));
      continue;
    end if;
    if action <> 'DELETE' and not pk <@ selectable then
      output = output || jsonb_build_array(jsonb_build_object(
        'visible', true, 'columns', '[]'::jsonb, 'errors', jsonb_build_array('Error 401: Unauthorized')));
      continue;
    end if;

    visible = true;
    if exists_sql is not null then
      begin
        perform pg_catalog.set_config('role', role_name, true),
                pg_catalog.set_config('request.jwt.claims', (who -> 'claims')::text, true),
                pg_catalog.set_config('request.jwt.claim.sub', coalesce(who -> 'claims' ->> 'sub', ''), true),
                pg_catalog.set_config('request.jwt.claim.role', role_name, true),
                pg_catalog.set_config('realtime.topic', '', true);
        execute exists_sql into visible;
        perform pg_catalog.set_config('role', null, true);
      exception when others then
        -- A policy that raises hides the row from this subscriber only (and the role is back).
        visible = false;
      end;
    end if;
    if not visible then
      output = output || jsonb_build_array(jsonb_build_object('visible', false));
      continue;
    end if;

    -- Unchanged TOAST values come from the old record when it has them (apply_rls.sql).
    new_record = (select coalesce(jsonb_object_agg(e.key, e.value), '{}')
                from jsonb_each(typed_old || typed_new) e
               where e.key = any (selectable)
                 and (not too_big or octet_length(e.value::text) <= 64));
    old_record = (select coalesce(jsonb_object_agg(e.key, e.value), '{}')
                    from jsonb_each(case
                           when action = 'UPDATE' and old_columns is null
                             then (select coalesce(jsonb_object_agg(n.key, n.value), '{}') from jsonb_each(typed_new) n where n.key = any (pk))
                           else typed_old end) e
                   where e.key = any (selectable)
                     and (not too_big or octet_length(e.value::text) <= 64)
                     -- With RLS a delete cannot be checked, so it shows the primary key only.
                     and (action <> 'DELETE' or not rls or e.key = any (pk)));
    output = output || jsonb_build_array(jsonb_build_object(
      'visible', true,
      'columns', allowed -> 'columns',
      'record', case when action = 'DELETE' then null else new_record end,
      'old_record', case when action = 'INSERT' then null else old_record end,
      'errors', case when too_big then jsonb_build_array('Error 413: Payload Too Large') end));
  end loop;
  perform pg_catalog.set_config('role', null, true);
  return jsonb_build_object('filters', filter_results, 'identities', output);
end
$$;

revoke all on function _stack.realtime_typed(jsonb), _stack.realtime_filter(jsonb, jsonb),
  _stack.realtime_apply_rls(regclass, text, jsonb, jsonb, jsonb, jsonb, integer) from public;
