import type pg from 'pg';
import { decodeChange, type Relation, type Tuple } from './pgoutput.ts';

const SLOT = 'health_connect_realtime';

/**
 * Changes read per round trip (supabase/realtime's `poll_max_changes` bounds its
 * `realtime.list_changes` the same way). Postgres returns whole transactions, so a batch may
 * end a little past it.
 */
const BATCH_ROWS = 200;

/** A batch whose delivery keeps failing is retried this often, then skipped (and logged). */
const MAX_ATTEMPTS = 3;

/** A column as the WAL's Relation message describes it. */
export interface WalColumn {
  name: string;
  typeOid: number;
  /** `pg_type.typname`, as Realtime names column types (`int8`, `uuid`, `timestamptz`). */
  type: string;
}

/** One committed row change from the `supabase_realtime` publication, as the WAL has it. */
export interface RowChange {
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string;
  /** The table's oid (pgoutput's relation id). */
  relationId: number;
  commitTimestamp: string;
  columns: WalColumn[];
  /** The new tuple (INSERT, UPDATE), in `columns` order. */
  row: Tuple | undefined;
  /** The old tuple: a DELETE's replica identity; an UPDATE's when the identity is full or the key changed. */
  old: Tuple | undefined;
}

const COMMIT = 'C'.charCodeAt(0);

/**
 * Reads committed changes from a permanent logical slot (pgoutput, so no extension is needed)
 * every `intervalMs`, in bounded batches, and hands each change to `deliver` in commit order.
 * A batch is peeked, delivered, and only then acknowledged (the slot advanced past it), so a
 * delivery that fails is tried again rather than lost. The slot survives restarts of the stack.
 */
export class ChangeFeed {
  readonly #pool: pg.Pool;
  readonly #deliver: (change: RowChange) => Promise<void>;
  readonly #relations = new Map<number, Relation>();
  readonly #types = new Map<number, string>();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;
  #commitTime = new Date();
  #failed = { lsn: '', attempts: 0 };

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
    this.#timer = setInterval(() => {
      this.#polling ??= this.#poll().finally(() => (this.#polling = undefined));
    }, intervalMs);
  }

  /** Stops polling; resolves once the batch in hand is delivered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#polling;
  }

  async #poll(): Promise<void> {
    try {
      while (!this.#stopped) {
        const { rows } = await this.#pool.query<{ lsn: string; data: Buffer }>(
          `select lsn::text, data from pg_logical_slot_peek_binary_changes($1, null, $2, 'proto_version', '1', 'publication_names', 'supabase_realtime')`,
          [SLOT, BATCH_ROWS],
        );
        const end = rows.findLast((row) => row.data[0] === COMMIT)?.lsn;
        if (!end) return;
        await this.#deliverBatch(rows, end);
        await this.#pool.query('select pg_replication_slot_advance($1, $2::pg_lsn)', [SLOT, end]);
        if (rows.length < BATCH_ROWS) return;
      }
    } catch (error) {
      console.error('realtime change feed:', (error as Error).message);
    }
  }

  async #deliverBatch(rows: { lsn: string; data: Buffer }[], end: string): Promise<void> {
    try {
      for (const { data } of rows) await this.#handle(data);
      this.#failed = { lsn: '', attempts: 0 };
    } catch (error) {
      const attempts = this.#failed.lsn === end ? this.#failed.attempts + 1 : 1;
      this.#failed = { lsn: end, attempts };
      if (attempts < MAX_ATTEMPTS) throw error;
      console.error(
        `realtime change feed: skipping changes up to ${end} after ${attempts} failed deliveries`,
      );
    }
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

  async #handle(data: Buffer): Promise<void> {
    const change = decodeChange(data);
    if (change.kind === 'begin') this.#commitTime = change.commitTime;
    if (change.kind === 'relation') this.#relations.set(change.relation.id, change.relation);
    if (change.kind !== 'insert' && change.kind !== 'update' && change.kind !== 'delete') return;
    const relation = this.#relations.get(change.relationId);
    if (!relation) return;
    const columns: WalColumn[] = [];
    for (const column of relation.columns)
      columns.push({
        name: column.name,
        typeOid: column.typeOid,
        type: await this.#typeName(column.typeOid),
      });
    await this.#deliver({
      type: change.kind === 'insert' ? 'INSERT' : change.kind === 'update' ? 'UPDATE' : 'DELETE',
      schema: relation.schema,
      table: relation.table,
      relationId: relation.id,
      commitTimestamp: this.#commitTime.toISOString(),
      columns,
      row: change.kind === 'delete' ? undefined : change.row,
      old: change.kind === 'insert' ? undefined : (change.old ?? undefined),
    });
  }
}
