import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, stackInfo, userToken } from '../../tests/helpers/clients.ts';

// postgres_changes carry the WAL record, as supabase/realtime
// `priv/repo/tenant_schema/realtime/functions/apply_rls.sql` builds it.
const TABLE = `rt_wal_${randomUUID().slice(0, 8)}`;
const OPEN = `rt_wal_open_${randomUUID().slice(0, 8)}`;
const clients: SupabaseClient[] = [];

type Change = {
  eventType: string;
  new: Record<string, unknown>;
  old: Record<string, unknown>;
  errors: string[] | null;
};

async function listen(
  token: string | undefined,
  table: string,
  options: { event: '*' | 'INSERT' | 'UPDATE' | 'DELETE'; filter?: string },
): Promise<Change[]> {
  const client = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...(token ? { accessToken: () => Promise.resolve(token) } : {}),
  });
  clients.push(client);
  await client.realtime.setAuth();
  const events: Change[] = [];
  const channel = client.channel(`wal-${randomUUID()}`);
  (
    channel as unknown as { on: (type: string, filter: object, callback: (payload: Change) => void) => void }
  ).on('postgres_changes', { schema: 'public', table, ...options }, (payload) => events.push(payload));
  await new Promise((done) => channel.subscribe((status) => String(status) === 'SUBSCRIBED' && done(null)));
  return events;
}

describe('postgres changes carry the WAL record', () => {
  let db: pg.Client;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    db = await database();
    await db.query(`
      create table public.${TABLE} (id bigint generated always as identity primary key, owner uuid not null,
        body text, secret text, score numeric);
      alter table public.${TABLE} enable row level security;
      create policy "owners read" on public.${TABLE} for select to authenticated using (owner = auth.uid());
      revoke all on public.${TABLE} from anon, authenticated;
      grant select (id, owner, body, score) on public.${TABLE} to authenticated;
      create table public.${OPEN} (id int primary key, note text);
      alter table public.${OPEN} replica identity full;
      grant select on public.${OPEN} to anon;
      alter publication supabase_realtime add table public.${TABLE}, public.${OPEN};
    `);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.removeAllChannels()));
    await db.query(`alter publication supabase_realtime drop table public.${TABLE}, public.${OPEN};
      drop table public.${TABLE}; drop table public.${OPEN};`);
    await db.end();
  });

  it('sends an INSERT with the inserted values when an UPDATE follows within 10 ms, then the UPDATE', async () => {
    const events = await listen(userToken(alice), TABLE, { event: '*' });
    // Two transactions sent back to back on one connection (pipelined), well within one poll.
    const marker = randomUUID();
    const [inserted] = await Promise.all([
      db.query<{ id: string }>(
        `insert into public.${TABLE} (owner, body, secret) values ($1, $2, 'hidden') returning id`,
        [alice, marker],
      ),
      db.query(`update public.${TABLE} set body = 'second' where body = $1`, [marker]),
    ]);
    const rows = inserted.rows;
    await expect.poll(() => events.length).toBe(2);
    expect(events.map((e) => e.eventType)).toEqual(['INSERT', 'UPDATE']);
    expect(events[0]!.new).toEqual({ id: Number(rows[0]!.id), owner: alice, body: marker, score: null });
    expect(events[1]!.new).toMatchObject({ body: 'second' });
    // Default replica identity: the old record of an UPDATE is the primary key.
    expect(events[1]!.old).toEqual({ id: Number(rows[0]!.id) });
  });

  it('keeps only the columns the role may select', async () => {
    const events = await listen(userToken(alice), TABLE, { event: 'INSERT' });
    await db.query(
      `insert into public.${TABLE} (owner, body, secret, score) values ($1, 'b', 'never sent', 2.5)`,
      [alice],
    );
    await expect.poll(() => events.length).toBe(1);
    expect(Object.keys(events[0]!.new).sort()).toEqual(['body', 'id', 'owner', 'score']);
    expect(events[0]!.new.score).toBe(2.5);
    expect(JSON.stringify(events)).not.toContain('never sent');
  });

  it('matches filters on the values the row had at the change, compared as the column type', async () => {
    const byBody = await listen(userToken(alice), TABLE, { event: 'INSERT', filter: 'body=eq.early' });
    // An upper-case uuid is the same uuid to Postgres.
    const byOwner = await listen(userToken(alice), TABLE, {
      event: 'INSERT',
      filter: `owner=eq.${alice.toUpperCase()}`,
    });
    // numeric is compared by Postgres, in the same round trip.
    const byScore = await listen(userToken(alice), TABLE, { event: 'INSERT', filter: 'score=gt.10.5' });
    const { rows } = await db.query<{ id: string }>(
      `insert into public.${TABLE} (owner, body, score) values ($1, 'early', 11) returning id`,
      [alice],
    );
    await db.query(`update public.${TABLE} set body = 'late', score = 1 where id = $1`, [rows[0]!.id]);
    await db.query(`insert into public.${TABLE} (owner, body, score) values ($1, 'other', 3)`, [alice]);
    await expect.poll(() => byOwner.length).toBe(2);
    expect(byBody.map((e) => e.new.body)).toEqual(['early']);
    expect(byOwner.map((e) => e.new.body)).toEqual(['early', 'other']);
    expect(byScore.map((e) => e.new.body)).toEqual(['early']);
  });

  it('does not deliver rows RLS hides, and errors a role without SELECT on the key', async () => {
    const forBob = await listen(userToken(bob), TABLE, { event: 'INSERT' });
    const forAnon = await listen(undefined, TABLE, { event: 'INSERT' });
    await db.query(`insert into public.${TABLE} (owner, body) values ($1, 'for alice only')`, [alice]);
    await db.query(`insert into public.${TABLE} (owner, body) values ($1, 'for bob')`, [bob]);
    await expect.poll(() => forBob.length).toBe(1);
    expect(forBob[0]!.new.body).toBe('for bob');
    // anon may not select the primary key: Realtime sends "Error 401: Unauthorized" and no values.
    await expect.poll(() => forAnon.length).toBe(2);
    expect(forAnon.map((e) => e.errors)).toEqual([['Error 401: Unauthorized'], ['Error 401: Unauthorized']]);
    expect(JSON.stringify(forAnon)).not.toContain('for alice only');
  });

  it('sends a DELETE with the primary key only under RLS, and the whole old row with replica identity full', async () => {
    const guarded = await listen(userToken(bob), TABLE, { event: 'DELETE' });
    const open = await listen(undefined, OPEN, { event: '*' });
    const { rows } = await db.query<{ id: string }>(
      `insert into public.${TABLE} (owner, body) values ($1, 'gone') returning id`,
      [alice],
    );
    await db.query(`delete from public.${TABLE} where id = $1`, [rows[0]!.id]);
    await db.query(`insert into public.${OPEN} values (1, 'one')`);
    await db.query(`update public.${OPEN} set note = 'uno' where id = 1`);
    await db.query(`delete from public.${OPEN} where id = 1`);
    await expect.poll(() => open.length).toBe(3);
    await expect.poll(() => guarded.length).toBe(1);
    expect(guarded[0]!.old).toEqual({ id: Number(rows[0]!.id) });
    expect(open.map((e) => [e.eventType, e.new, e.old])).toEqual([
      ['INSERT', { id: 1, note: 'one' }, {}],
      ['UPDATE', { id: 1, note: 'uno' }, { id: 1, note: 'one' }],
      ['DELETE', {}, { id: 1, note: 'uno' }],
    ]);
  });
});
