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

function compare(a: unknown, b: string): number {
  const left = typeof a === 'string' ? a : JSON.stringify(a);
  const x = Number(left);
  const y = Number(b);
  if (left !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return left < b ? -1 : left > b ? 1 : 0;
}

/** Whether a record passes a filter; values compare as numbers when both look numeric. */
export function matches(filter: Filter | undefined, record: Record<string, unknown>): boolean {
  if (!filter) return true;
  const value = record[filter.column];
  if (value === undefined || value === null) return false;
  const first = filter.values[0]!;
  switch (filter.op) {
    case 'eq':
      return compare(value, first) === 0;
    case 'neq':
      return compare(value, first) !== 0;
    case 'lt':
      return compare(value, first) < 0;
    case 'lte':
      return compare(value, first) <= 0;
    case 'gt':
      return compare(value, first) > 0;
    case 'gte':
      return compare(value, first) >= 0;
    case 'in':
      return filter.values.some((v) => compare(value, v) === 0);
  }
}
