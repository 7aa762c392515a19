/** A postgres_changes filter such as `room_id=eq.5` or `status=in.(a,b)` (compat doc §4.8). */
export interface Filter {
  column: string;
  op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';
  values: string[];
}

const OPS = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);

export function parseFilter(text: string | undefined): Filter | undefined {
  if (!text) return undefined;
  const match = /^([^=]+)=([a-z]+)\.(.*)$/s.exec(text);
  if (!match || !OPS.has(match[2]!)) throw new Error(`invalid filter "${text}"`);
  const op = match[2] as Filter['op'];
  const raw = match[3]!;
  const values =
    op === 'in'
      ? raw
          .replace(/^\(|\)$/g, '')
          .split(',')
          .map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
      : [raw.replace(/^"(.*)"$/, '$1')];
  return { column: match[1]!, op, values };
}

const INTEGER = new Set(['int2', 'int4', 'int8', 'oid']);
const EXACT_TEXT = new Set(['text', 'varchar', 'name']);
const TRUE = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE = new Set(['f', 'false', 'n', 'no', 'off', '0']);

/** A value as the column type compares it, or undefined when Postgres would reject it. */
function normalise(type: string, text: string): bigint | boolean | string | undefined {
  const value = text.trim();
  if (INTEGER.has(type)) return /^[+-]?\d+$/.test(value) ? BigInt(value) : undefined;
  if (type === 'bool') {
    const word = value.toLowerCase();
    return TRUE.has(word) ? true : FALSE.has(word) ? false : undefined;
  }
  if (type === 'uuid') {
    const hex = value
      .replace(/^\{(.*)\}$/, '$1')
      .replace(/-/g, '')
      .toLowerCase();
    return /^[0-9a-f]{32}$/.test(hex) ? hex : undefined;
  }
  return text;
}

function order(a: bigint | boolean | string, b: bigint | boolean | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a WAL value (Postgres' text output, `null` for NULL, `undefined` for an unchanged
 * TOAST value) passes a filter, compared as the column's type the way Realtime compares it
 * (`value::type op filter::type`, supabase/realtime `check_equality_op.sql`). Decided here for
 * integers, booleans, uuids and text equality; `undefined` means "ask Postgres" (other types,
 * and text ordering, which follows the column's collation).
 */
export function decide(filter: Filter, type: string, value: string | null | undefined): boolean | undefined {
  if (value === null || value === undefined) return false;
  const known = INTEGER.has(type) || type === 'bool' || type === 'uuid' || EXACT_TEXT.has(type);
  if (!known) return undefined;
  if (EXACT_TEXT.has(type) && !['eq', 'neq', 'in'].includes(filter.op)) return undefined;
  const left = normalise(type, value);
  const rights = filter.values.map((v) => normalise(type, v));
  // A filter value the type rejects makes Postgres raise; such a binding matches nothing.
  if (left === undefined || rights.some((r) => r === undefined)) return false;
  const right = rights[0]!;
  switch (filter.op) {
    case 'eq':
      return order(left, right) === 0;
    case 'neq':
      return order(left, right) !== 0;
    case 'lt':
      return order(left, right) < 0;
    case 'lte':
      return order(left, right) <= 0;
    case 'gt':
      return order(left, right) > 0;
    case 'gte':
      return order(left, right) >= 0;
    case 'in':
      return rights.some((r) => order(left, r!) === 0);
  }
}
