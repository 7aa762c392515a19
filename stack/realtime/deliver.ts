import type pg from 'pg';
import type { RowChange } from './changes.ts';
import type { Hub, Subscription } from './channel.ts';
import { decide, type Filter } from './filters.ts';

interface Candidate {
  sub: Subscription;
  /** Bindings whose filter already passed (or that have none). */
  sure: number[];
  /** Bindings whose filter Postgres decides: [binding id, index into the filters sent]. */
  open: [number, number][];
  identity: number;
}

interface Verdict {
  visible: boolean;
  columns?: unknown;
  record?: Record<string, unknown> | null;
  old_record?: Record<string, unknown> | null;
  errors?: string[] | null;
}

type WalValue = { name: string; type: number; value: string | null; unchanged?: true };

/** A tuple as the SQL function takes it (JSON text), or SQL NULL when the WAL has none. */
function walColumns(change: RowChange, tuple: RowChange['row']): string | null {
  if (!tuple) return null;
  const columns: WalValue[] = change.columns.map((column, i) => {
    const value = tuple[i];
    return value === undefined
      ? { name: column.name, type: column.typeOid, value: null, unchanged: true }
      : { name: column.name, type: column.typeOid, value };
  });
  return JSON.stringify(columns);
}

/**
 * Delivers one change to the subscribers who asked for it and may see it, as supabase/realtime
 * does (`priv/repo/tenant_schema/realtime/functions/apply_rls.sql`): event, schema, table and
 * filter first, evaluated on the WAL values, so that a change nobody's filter wants costs no
 * query at all; then one round trip (`_stack.realtime_apply_rls`, stack/postgres/bootstrap) for
 * every remaining subscriber, grouped by role and claims, that returns the WAL record cut to the
 * columns each role may select and whether RLS lets each identity see the row.
 */
export async function deliverChange(pool: pg.Pool, hub: Hub, change: RowChange): Promise<void> {
  // Filters see the new values, a DELETE its old (identity) values.
  const tuple = change.type === 'DELETE' ? change.old : change.row;
  const filters: Filter[] = [];
  const filterIndex = new Map<string, number>();
  const identities: { role: string; claims: unknown; sure: boolean; filters: number[] }[] = [];
  const identityIndex = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const sub of hub.all()) {
    const sure: number[] = [];
    const open: [number, number][] = [];
    for (const b of sub.bindings) {
      if (b.event !== '*' && b.event !== change.type) continue;
      if (b.schema !== change.schema || (b.table !== '*' && b.table !== change.table)) continue;
      if (!b.filter) {
        sure.push(b.id);
        continue;
      }
      const at = change.columns.findIndex((c) => c.name === b.filter!.column);
      // A column the WAL does not carry (generated, or not in the tuple) matches nothing.
      if (at < 0 || !tuple) continue;
      const verdict = decide(b.filter, change.columns[at]!.type, tuple[at]);
      if (verdict === true) sure.push(b.id);
      else if (verdict === undefined) {
        const key = JSON.stringify(b.filter);
        if (!filterIndex.has(key)) filterIndex.set(key, filters.push(b.filter) - 1);
        open.push([b.id, filterIndex.get(key)!]);
      }
    }
    if (!sure.length && !open.length) continue;
    const key = `${sub.role}\u0000${JSON.stringify(sub.claims)}`;
    if (!identityIndex.has(key))
      identityIndex.set(
        key,
        identities.push({ role: sub.role, claims: sub.claims, sure: false, filters: [] }) - 1,
      );
    const identity = identityIndex.get(key)!;
    const who = identities[identity]!;
    who.sure ||= sure.length > 0;
    for (const [, index] of open) if (!who.filters.includes(index)) who.filters.push(index);
    candidates.push({ sub, sure, open, identity });
  }
  if (!candidates.length) return;

  const { rows } = await pool.query<{ result: { filters: boolean[]; identities: Verdict[] } }>(
    'select _stack.realtime_apply_rls($1::oid::regclass, $2, $3, $4, $5, $6) as result',
    [
      change.relationId,
      change.type,
      walColumns(change, change.row),
      walColumns(change, change.old),
      JSON.stringify(filters),
      JSON.stringify(identities),
    ],
  );
  const { filters: passed, identities: verdicts } = rows[0]!.result;
  for (const { sub, sure, open, identity } of candidates) {
    const verdict = verdicts[identity];
    if (!verdict?.visible) continue;
    const ids = [...sure, ...open.filter(([, index]) => passed[index]).map(([id]) => id)];
    if (!ids.length) continue;
    const failed = verdict.errors?.some((e) => !e.startsWith('Error 413')) ?? false;
    sub.push('postgres_changes', {
      ids,
      data: {
        schema: change.schema,
        table: change.table,
        // An error row carries no timestamp, columns or values (supabase/realtime
        // `lib/extensions/postgres_cdc_rls/replication_poller.ex` generate_record/1).
        commit_timestamp: failed ? null : change.commitTimestamp,
        type: change.type,
        columns: verdict.columns ?? [],
        ...(change.type !== 'DELETE' ? { record: failed ? {} : (verdict.record ?? {}) } : {}),
        ...(change.type !== 'INSERT' ? { old_record: failed ? {} : (verdict.old_record ?? {}) } : {}),
        errors: verdict.errors?.length ? verdict.errors : null,
      },
    });
  }
}
