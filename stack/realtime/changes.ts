import type pg from 'pg';
import { decodeChange, type Relation, type Tuple } from './pgoutput.ts';

const SLOT = 'health_connect_realtime';

/** One committed row change from the `supabase_realtime` publication. */
export interface RowChange {
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string;
  commitTimestamp: string;
  columns: { name: string; type: string }[];
  /** Primary-key (replica identity) columns with their type and text value. */
  keys: { name: string; type: string; value: string | null }[];
  /** The new row as committed (INSERT, UPDATE), typed as to_jsonb types it. */
  record: Record<string, unknown> | undefined;
  rowSecurity: boolean;
}

/**
 * Reads committed changes from a permanent logical slot (pgoutput, so no extension is needed)
 * every `intervalMs`, and hands each to `deliver`. The slot survives restarts of the stack.
 */
export class ChangeFeed {
  readonly #pool: pg.Pool;
  readonly #deliver: (change: RowChange) => Promise<void>;
  readonly #relations = new Map<number, Relation>();
  readonly #types = new Map<number, string>();
  readonly #sqlTypes = new Map<number, string>();
  readonly #rls = new Map<string, boolean>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #commitTime = new Date();

  constructor(pool: pg.Pool, deliver: (change: RowChange) => Promise<void>) {
    this.#pool = pool;
    this.#deliver = deliver;
  }

  async start(intervalMs = 50): Promise<void> {
    await this.#pool.query(
      `select pg_create_logical_replication_slot($1, 'pgoutput')
       where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
      [SLOT],
    );
    // Changes made while no one listened are of no use to anyone now.
    await this.#pool.query(`select pg_replication_slot_advance($1, pg_current_wal_lsn())`, [SLOT]);
    this.#timer = setInterval(() => void this.#poll(), intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #typeName(oid: number): Promise<string> {
    if (!this.#types.has(oid)) {
      const { rows } = await this.#pool.query<{ typname: string }>(
        'select typname from pg_type where oid = $1',
        [oid],
      );
      this.#types.set(oid, rows[0]?.typname ?? 'text');
    }
    return this.#types.get(oid)!;
  }

  /** The row's text values as JSON with Postgres' own types (what PostgREST would return). */
  async #typedRecord(relation: Relation, tuple: Tuple): Promise<Record<string, unknown>> {
    const parts: string[] = [];
    for (const [i, column] of relation.columns.entries()) {
      if (!this.#sqlTypes.has(column.typeOid)) {
        const { rows } = await this.#pool.query<{ t: string }>('select format_type($1, null) as t', [
          column.typeOid,
        ]);
        this.#sqlTypes.set(column.typeOid, rows[0]!.t);
      }
      parts.push(`$${i + 1}::${this.#sqlTypes.get(column.typeOid)} as "${column.name.replace(/"/g, '""')}"`);
    }
    const { rows } = await this.#pool.query<{ record: Record<string, unknown> }>(
      `select to_jsonb(r) as record from (select ${parts.join(', ')}) r`,
      tuple,
    );
    return rows[0]!.record;
  }

  async #rowSecurity(schema: string, table: string): Promise<boolean> {
    const key = `${schema}.${table}`;
    if (!this.#rls.has(key)) {
      const { rows } = await this.#pool.query<{ on: boolean }>(
        'select c.relrowsecurity as on from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2',
        [schema, table],
      );
      this.#rls.set(key, rows[0]?.on ?? false);
    }
    return this.#rls.get(key)!;
  }

  async #poll(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const { rows } = await this.#pool.query<{ data: Buffer }>(
        `select data from pg_logical_slot_get_binary_changes($1, null, null, 'proto_version', '1', 'publication_names', 'supabase_realtime')`,
        [SLOT],
      );
      for (const { data } of rows) await this.#handle(data);
    } catch (error) {
      console.error('realtime change feed:', (error as Error).message);
    } finally {
      this.#running = false;
    }
  }

  async #handle(data: Buffer): Promise<void> {
    const change = decodeChange(data);
    if (change.kind === 'begin') this.#commitTime = change.commitTime;
    if (change.kind === 'relation') this.#relations.set(change.relation.id, change.relation);
    if (change.kind !== 'insert' && change.kind !== 'update' && change.kind !== 'delete') return;
    const relation = this.#relations.get(change.relationId);
    if (!relation) return;
    const tuple: Tuple = change.kind === 'delete' ? change.old : change.row;
    const columns = await Promise.all(
      relation.columns.map(async (c) => ({ name: c.name, type: await this.#typeName(c.typeOid) })),
    );
    const keys = relation.columns
      .map((column, i) => ({ ...column, i }))
      .filter((column) => column.key)
      .map((column) => ({
        name: column.name,
        type: columns[column.i]!.type,
        value: tuple[column.i] ?? null,
      }));
    await this.#deliver({
      type: change.kind === 'insert' ? 'INSERT' : change.kind === 'update' ? 'UPDATE' : 'DELETE',
      schema: relation.schema,
      table: relation.table,
      commitTimestamp: this.#commitTime.toISOString(),
      columns,
      keys,
      record: change.kind === 'delete' ? undefined : await this.#typedRecord(relation, tuple),
      rowSecurity: await this.#rowSecurity(relation.schema, relation.table),
    });
  }
}
