import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, stackInfo, userToken } from '../../tests/helpers/clients.ts';

const clients: SupabaseClient[] = [];

/** A client whose every channel joins with `token` (supabase-js asks `accessToken` each time). */
async function connect(token?: string): Promise<SupabaseClient> {
  const client = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    ...(token ? { accessToken: () => Promise.resolve(token) } : {}),
  });
  clients.push(client);
  // The first join must not race the token (it would join with the API key).
  await client.realtime.setAuth();
  return client;
}

function subscribed(channel: RealtimeChannel): Promise<string> {
  return new Promise((done) =>
    channel.subscribe((status) => {
      if (String(status) !== 'CLOSED') done(String(status));
    }),
  );
}

/** Resolves with the first `system` error the server pushes on the channel. */
function systemError(channel: RealtimeChannel): Promise<string> {
  return new Promise((done) =>
    channel.on('system', {}, (payload: { status: string; message: string }) => {
      if (payload.status === 'error') done(payload.message);
    }),
  );
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
});

describe('postgres changes fan-out', () => {
  const TABLE = `rt_fan_${randomUUID().slice(0, 8)}`;
  let db: pg.Client;

  beforeAll(async () => {
    db = await database();
    // Every evaluation of the read policy takes a number from a sequence (not rolled back), so the
    // test can count how often Realtime asked RLS about one change.
    await db.query(`
      create sequence public.${TABLE}_checks;
      grant usage on sequence public.${TABLE}_checks to authenticated;
      create function public.${TABLE}_checked() returns boolean language sql volatile
        as $$ select nextval('public.${TABLE}_checks') > 0 $$;
      create table public.${TABLE} (id bigint generated always as identity primary key, owner uuid not null, room int not null);
      alter table public.${TABLE} enable row level security;
      create policy "owners read" on public.${TABLE} for select to authenticated
        using (public.${TABLE}_checked() and owner = auth.uid());
      grant select on public.${TABLE} to authenticated;
      alter publication supabase_realtime add table public.${TABLE};
    `);
  });

  afterAll(async () => {
    await db.query(`alter publication supabase_realtime drop table public.${TABLE};
      drop table public.${TABLE}; drop function public.${TABLE}_checked(); drop sequence public.${TABLE}_checks;`);
    await db.end();
  });

  it('filters before asking RLS, and asks once per user however many channels they hold', async () => {
    const user = randomUUID();
    const client = await connect(userToken(user));
    const received: number[] = [];
    const listen = async (i: number, filter?: string) => {
      const channel = client.channel(`fan-${i}-${randomUUID()}`);
      channel.on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: TABLE, ...(filter ? { filter } : {}) },
        () => received.push(i),
      );
      expect(await subscribed(channel)).toBe('SUBSCRIBED');
    };
    for (let i = 0; i < 40; i++) await listen(i);
    for (let i = 40; i < 80; i++) await listen(i, 'room=eq.999');
    const before = await db.query<{ n: string }>(`select last_value as n from public.${TABLE}_checks`);
    await db.query(`insert into public.${TABLE} (owner, room) values ($1, 1)`, [user]);
    await expect.poll(() => received.length).toBe(40);
    const after = await db.query<{ n: string }>(`select last_value as n from public.${TABLE}_checks`);
    // One statement for the one user (a sequence starts at 1, so `before` may be its start value).
    expect(Number(after.rows[0]!.n) - Number(before.rows[0]!.n)).toBeLessThanOrEqual(2);
    expect(received.every((i) => i < 40)).toBe(true);
  });

  it('still checks each user on their own claims', async () => {
    const owner = randomUUID();
    const other = randomUUID();
    const seen: string[] = [];
    for (const [name, who] of [
      ['owner', owner],
      ['other', other],
    ] as const) {
      const channel = (await connect(userToken(who))).channel(`fan-${name}-${randomUUID()}`);
      channel.on('postgres_changes', { event: 'INSERT', schema: 'public', table: TABLE }, () =>
        seen.push(name),
      );
      expect(await subscribed(channel)).toBe('SUBSCRIBED');
    }
    const anon = (await connect()).channel(`fan-anon-${randomUUID()}`);
    anon.on('postgres_changes', { event: 'INSERT', schema: 'public', table: TABLE }, () => seen.push('anon'));
    expect(await subscribed(anon)).toBe('SUBSCRIBED');
    await db.query(`insert into public.${TABLE} (owner, room) values ($1, 2), ($2, 3)`, [owner, owner]);
    await expect.poll(() => seen.length).toBe(2);
    // A row for `other` afterwards proves the earlier rows were judged, not still on their way.
    await db.query(`insert into public.${TABLE} (owner, room) values ($1, 4)`, [other]);
    await expect.poll(() => seen).toEqual(['owner', 'owner', 'other']);
  });
});

describe('presence limits', () => {
  it('shuts a channel down on a track over the payload limit, as Realtime does', async () => {
    const channel = (await connect()).channel(`big-${randomUUID()}`, { config: { presence: { key: 'me' } } });
    const error = systemError(channel);
    expect(await subscribed(channel)).toBe('SUBSCRIBED');
    void channel.track({ blob: 'x'.repeat(3_000_600) });
    expect(await error).toBe('Track message size exceeded');
  });

  it('sends no diff for a track with the same payload', async () => {
    const topic = `same-${randomUUID()}`;
    const watcher = (await connect()).channel(topic, { config: { presence: { key: 'watcher' } } });
    const joins: string[] = [];
    watcher.on('presence', { event: 'join' }, ({ key }: { key: string }) => joins.push(key));
    expect(await subscribed(watcher)).toBe('SUBSCRIBED');
    const tracker = (await connect()).channel(topic, { config: { presence: { key: 'tracker' } } });
    expect(await subscribed(tracker)).toBe('SUBSCRIBED');
    expect(await tracker.track({ status: 'online' })).toBe('ok');
    expect(await tracker.track({ status: 'online' })).toBe('ok');
    expect(await tracker.track({ status: 'away' })).toBe('ok');
    await expect.poll(() => watcher.presenceState<{ status: string }>().tracker?.[0]?.status).toBe('away');
    // Two diffs (online, away): the repeated payload sent none.
    expect(joins).toEqual(['tracker', 'tracker']);
  });

  it('shuts a channel down after 5 presence calls in the window', async () => {
    const channel = (await connect()).channel(`chatty-${randomUUID()}`, {
      config: { presence: { key: 'me' } },
    });
    const error = systemError(channel);
    expect(await subscribed(channel)).toBe('SUBSCRIBED');
    for (let i = 0; i < 5; i++) expect(await channel.track({ n: i })).toBe('ok');
    void channel.track({ n: 5 });
    expect(await error).toBe('Client presence rate limit exceeded');
  });
});
