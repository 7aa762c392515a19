/**
 * A decoder for PostgreSQL's built-in `pgoutput` logical decoding messages (protocol version 1),
 * as returned by pg_logical_slot_get_binary_changes. Values stay in Postgres' text format.
 * https://www.postgresql.org/docs/17/protocol-logicalrep-message-formats.html
 */
export interface Relation {
  id: number;
  schema: string;
  table: string;
  columns: { name: string; typeOid: number; key: boolean }[];
}

/** Text values; `null` is SQL NULL, `undefined` an unchanged TOAST value the WAL leaves out. */
export type Tuple = (string | null | undefined)[];

export type Change =
  | { kind: 'begin'; commitTime: Date }
  | { kind: 'relation'; relation: Relation }
  | { kind: 'insert'; relationId: number; row: Tuple }
  | { kind: 'update'; relationId: number; old: Tuple | null; row: Tuple }
  | { kind: 'delete'; relationId: number; old: Tuple }
  | { kind: 'other' };

// pgoutput timestamps count microseconds from 2000-01-01.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

class Reader {
  offset = 0;
  readonly buffer: Buffer;
  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }
  byte() {
    return this.buffer[this.offset++]!;
  }
  int16() {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32() {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64() {
    const v = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }
  string() {
    const end = this.buffer.indexOf(0, this.offset);
    const text = this.buffer.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }
  tuple(): Tuple {
    const count = this.int16();
    const values: Tuple = [];
    for (let i = 0; i < count; i++) {
      const kind = String.fromCharCode(this.byte());
      if (kind === 't') {
        const length = this.int32();
        values.push(this.buffer.toString('utf8', this.offset, this.offset + length));
        this.offset += length;
      } else values.push(kind === 'u' ? undefined : null);
    }
    return values;
  }
}

export function decodeChange(data: Buffer): Change {
  const r = new Reader(data);
  const tag = String.fromCharCode(r.byte());
  switch (tag) {
    case 'B': {
      r.int64();
      const micros = r.int64();
      return { kind: 'begin', commitTime: new Date(PG_EPOCH_MS + Number(micros / 1000n)) };
    }
    case 'R': {
      const id = r.int32();
      const schema = r.string();
      const table = r.string();
      r.byte();
      const count = r.int16();
      const columns = [];
      for (let i = 0; i < count; i++) {
        const flags = r.byte();
        const name = r.string();
        const typeOid = r.int32();
        r.int32();
        columns.push({ name, typeOid, key: (flags & 1) === 1 });
      }
      return { kind: 'relation', relation: { id, schema, table, columns } };
    }
    case 'I': {
      const relationId = r.int32();
      r.byte();
      return { kind: 'insert', relationId, row: r.tuple() };
    }
    case 'U': {
      const relationId = r.int32();
      const marker = String.fromCharCode(r.byte());
      let old: Tuple | null = null;
      if (marker === 'K' || marker === 'O') {
        old = r.tuple();
        r.byte();
      }
      return { kind: 'update', relationId, old, row: r.tuple() };
    }
    case 'D': {
      const relationId = r.int32();
      r.byte();
      return { kind: 'delete', relationId, old: r.tuple() };
    }
    default:
      return { kind: 'other' };
  }
}
