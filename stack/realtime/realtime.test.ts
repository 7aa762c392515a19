import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, stackInfo, userToken } from '../../tests/helpers/clients.ts';
import { signJwt } from '../config/jwt.ts';
import { JWT_SECRET } from '../config/keys.ts';

const TABLE = `rt_${randomUUID().slice(0, 8)}`;
const clients: SupabaseClient[] = [];

function connect(token?: string, vsn?: '1.0.0'): SupabaseClient {
  const client = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...(vsn ? { realtime: { vsn } } : {}),
  });
  if (token) void client.realtime.setAuth(token);
  clients.push(client);
  return client;
}

function subscribed(channel: RealtimeChannel): Promise<{ status: string; error?: Error }> {
  return new Promise((done) =>
    channel.subscribe((status, error) => {
      if (String(status) !== 'CLOSED') done({ status: String(status), error });
    }),
  );
}

const settle = (ms = 400) => new Promise((done) => setTimeout(done, ms));

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
});

describe('broadcast and presence', () => {
  it('delivers broadcasts to others, to the sender only with self, and acks', async () => {
    const topic = `room-${randomUUID()}`;
    const seen: string[] = [];
    const sender = connect().channel(topic, { config: { broadcast: { self: true, ack: true } } });
    sender.on('broadcast', { event: 'msg' }, ({ payload }) => seen.push(`sender:${payload.text}`));
    const receiver = connect(undefined, '1.0.0').channel(topic);
    receiver.on('broadcast', { event: 'msg' }, ({ payload }) => seen.push(`receiver:${payload.text}`));
    const quiet = connect().channel(topic);
    quiet.on('broadcast', { event: 'msg' }, ({ payload }) => seen.push(`quiet:${payload.text}`));
    for (const ch of [sender, receiver, quiet]) expect((await subscribed(ch)).status).toBe('SUBSCRIBED');
    expect(await sender.send({ type: 'broadcast', event: 'msg', payload: { text: 'héllo ✓' } })).toBe('ok');
    expect(await quiet.send({ type: 'broadcast', event: 'msg', payload: { text: 'quiet' } })).toBe('ok');
    await settle();
    expect(seen.sort()).toEqual(
      ['receiver:héllo ✓', 'receiver:quiet', 'sender:héllo ✓', 'sender:quiet', 'quiet:héllo ✓'].sort(),
    );
  });

  it('tracks presence, shows it to others, and removes it when a client leaves', async () => {
    const topic = `lobby-${randomUUID()}`;
    const alice = connect().channel(topic, { config: { presence: { key: 'alice' } } });
    const bob = connect().channel(topic, { config: { presence: { key: 'bob' } } });
    const leaves: string[] = [];
    alice.on('presence', { event: 'leave' }, ({ key }) => leaves.push(key));
    await subscribed(alice);
    await subscribed(bob);
    expect(await alice.track({ status: 'online' })).toBe('ok');
    expect(await bob.track({ status: 'typing' })).toBe('ok');
    await settle();
    const state = alice.presenceState<{ status: string }>();
    expect(state.alice?.[0]?.status).toBe('online');
    expect(state.bob?.[0]?.status).toBe('typing');
    expect(state.bob?.[0]?.presence_ref).toBeTruthy();
    await bob.unsubscribe();
    await settle();
    expect(leaves).toContain('bob');
    expect(alice.presenceState().bob).toBeUndefined();
  });
});

describe('broadcast over HTTP', () => {
  it('delivers httpSend and REST broadcasts to subscribers with 202', async () => {
    const topic = `http-${randomUUID()}`;
    const seen: unknown[] = [];
    const channel = connect().channel(topic);
    channel.on('broadcast', { event: 'note' }, ({ payload }) => seen.push(payload));
    await subscribed(channel);
    const sent = await connect().channel(topic).httpSend('note', { via: 'httpSend' });
    expect(sent).toMatchObject({ success: true });
    const res = await fetch(`${stackInfo().apiUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: PUBLISHABLE_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ topic, event: 'note', payload: { via: 'rest' } }] }),
    });
    expect(res.status).toBe(202);
    await settle();
    expect(seen).toEqual([{ via: 'httpSend' }, { via: 'rest' }]);
    const empty = await fetch(`${stackInfo().apiUrl}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: PUBLISHABLE_KEY, 'content-type': 'application/json' },
      body: '{"messages":[]}',
    });
    expect(empty.status).toBe(422);
  });
});

describe('postgres changes with RLS', () => {
  let db: pg.Client;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    db = await database();
    await db.query(`
      create table public.${TABLE} (id bigint generated always as identity primary key, owner uuid not null, room int not null, body text);
      alter table public.${TABLE} enable row level security;
      create policy "owners read" on public.${TABLE} for select to authenticated using (owner = auth.uid());
      grant select on public.${TABLE} to authenticated;
      alter publication supabase_realtime add table public.${TABLE};
    `);
  });

  afterAll(async () => {
    await db.query(
      `alter publication supabase_realtime drop table public.${TABLE}; drop table public.${TABLE};`,
    );
    await db.end();
  });

  async function listen(
    user: string,
    options: { event: '*' | 'INSERT' | 'UPDATE' | 'DELETE'; filter?: string },
  ) {
    const events: { eventType: string; new: Record<string, unknown>; old: Record<string, unknown> }[] = [];
    const channel = connect(userToken(user)).channel(`db-${randomUUID()}`);
    // The typed overloads want literal event names; the options here are data-driven.
    (
      channel as unknown as { on: (type: string, filter: object, callback: (payload: never) => void) => void }
    ).on('postgres_changes', { schema: 'public', table: TABLE, ...options }, (payload: never) =>
      events.push(payload),
    );
    expect((await subscribed(channel)).status).toBe('SUBSCRIBED');
    return events;
  }

  it('delivers inserts, updates and deletes only to subscribers whose RLS lets them see the row', async () => {
    const aliceEvents = await listen(alice, { event: '*' });
    const bobEvents = await listen(bob, { event: '*' });
    const { rows } = await db.query<{ id: string }>(
      `insert into public.${TABLE} (owner, room, body) values ($1, 1, 'secret') returning id`,
      [alice],
    );
    await settle(300);
    await db.query(`update public.${TABLE} set body = 'edited' where id = $1`, [rows[0]!.id]);
    await settle(300);
    await db.query(`delete from public.${TABLE} where id = $1`, [rows[0]!.id]);
    await settle(800);
    expect(aliceEvents.map((e) => e.eventType)).toEqual(['INSERT', 'UPDATE', 'DELETE']);
    expect(aliceEvents[0]!.new).toMatchObject({ owner: alice, room: 1, body: 'secret' });
    expect(typeof aliceEvents[0]!.new.id).toBe('number');
    expect(aliceEvents[1]!.new.body).toBe('edited');
    // DELETE carries the primary key only, and it is not RLS-checked (as on Supabase).
    expect(aliceEvents[2]!.old).toEqual({ id: Number(rows[0]!.id) });
    expect(bobEvents.filter((e) => e.eventType !== 'DELETE')).toEqual([]);
    expect(bobEvents.flatMap((e) => Object.keys(e.old))).toEqual(['id']);
  });

  it('applies eq, neq, lt, gt and in filters', async () => {
    const filters = {
      eq: 'room=eq.2',
      neq: 'room=neq.2',
      lt: 'room=lt.3',
      gt: 'room=gt.2',
      in: 'room=in.(1,4)',
    };
    const streams = Object.fromEntries(
      await Promise.all(
        Object.entries(filters).map(
          async ([name, filter]) => [name, await listen(alice, { event: 'INSERT', filter })] as const,
        ),
      ),
    );
    for (const room of [1, 2, 3, 4])
      await db.query(`insert into public.${TABLE} (owner, room) values ($1, $2)`, [alice, room]);
    await settle(800);
    const rooms = (name: string) => streams[name]!.map((e) => e.new.room).sort();
    expect(rooms('eq')).toEqual([2]);
    expect(rooms('neq')).toEqual([1, 3, 4]);
    expect(rooms('lt')).toEqual([1, 2]);
    expect(rooms('gt')).toEqual([3, 4]);
    expect(rooms('in')).toEqual([1, 4]);
  });

  it('reports a table outside the publication and a filter on a missing column', async () => {
    const messages: string[] = [];
    const client = connect(userToken(alice));
    for (const [table, filter] of [
      ['not_published_table', undefined],
      [TABLE, 'nope=eq.1'],
    ] as const) {
      const channel = client.channel(`bad-${randomUUID()}`);
      channel.on(
        'postgres_changes',
        { event: '*', schema: 'public', table, ...(filter ? { filter } : {}) },
        () => undefined,
      );
      channel.on('system', {}, (payload: { status: string; message: string }) =>
        messages.push(`${payload.status}: ${payload.message}`),
      );
      await subscribed(channel);
    }
    await settle();
    expect(messages.some((m) => m.startsWith('error:') && m.includes('table: not_published_table'))).toBe(
      true,
    );
    expect(messages.some((m) => m.startsWith('error:') && m.includes('"nope"'))).toBe(true);
  });
});

describe('private channels and tokens', () => {
  let db: pg.Client;
  const member = randomUUID();
  const stranger = randomUUID();
  const topic = `team:${randomUUID()}`;

  beforeAll(async () => {
    db = await database();
    await db.query(
      `create policy "rt test members read ${topic}" on realtime.messages for select to authenticated using (realtime.topic() = '${topic}' and auth.uid() = '${member}');
       create policy "rt test members write ${topic}" on realtime.messages for insert to authenticated with check (realtime.topic() = '${topic}' and auth.uid() = '${member}');`,
    );
  });

  afterAll(async () => {
    await db.query(
      `drop policy "rt test members read ${topic}" on realtime.messages; drop policy "rt test members write ${topic}" on realtime.messages;`,
    );
    await db.end();
  });

  it('lets a member join and send, and refuses a stranger, who receives nothing', async () => {
    const received: unknown[] = [];
    const a = connect(userToken(member)).channel(topic, { config: { private: true } });
    const b = connect(userToken(member)).channel(topic, {
      config: { private: true, broadcast: { ack: true } },
    });
    a.on('broadcast', { event: 'signal' }, ({ payload }) => received.push(payload));
    expect((await subscribed(a)).status).toBe('SUBSCRIBED');
    expect((await subscribed(b)).status).toBe('SUBSCRIBED');
    const outsider = connect(userToken(stranger)).channel(topic, { config: { private: true } });
    outsider.on('broadcast', { event: 'signal' }, ({ payload }) => received.push({ leaked: payload }));
    const refused = await subscribed(outsider);
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error?.message).toContain(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    expect(await b.send({ type: 'broadcast', event: 'signal', payload: { sdp: 'offer' } })).toBe('ok');
    await settle();
    expect(received).toEqual([{ sdp: 'offer' }]);
    const publicTwin = connect(userToken(stranger)).channel(topic);
    const twinSeen: unknown[] = [];
    publicTwin.on('broadcast', { event: 'signal' }, ({ payload }) => twinSeen.push(payload));
    await subscribed(publicTwin);
    await b.send({ type: 'broadcast', event: 'signal', payload: { sdp: 'again' } });
    await settle();
    expect(twinSeen).toEqual([]);
  });

  it('refuses a join with an expired token, and keeps a channel alive across a token refresh', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = connect().channel(`r-${randomUUID()}`, { config: {} });
    expired.socket.accessTokenValue = await signJwt(
      { sub: member, role: 'authenticated', exp: now - 5 },
      JWT_SECRET,
    );
    const result = await subscribed(expired);
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toMatch(/Token has expired/);

    const client = connect(userToken(member));
    const channel = client.channel(topic, { config: { private: true } });
    const got: unknown[] = [];
    channel.on('broadcast', { event: 'ping' }, ({ payload }) => got.push(payload));
    await subscribed(channel);
    await client.realtime.setAuth(userToken(member, { exp: now + 7200 }));
    await settle(200);
    const sender = connect(userToken(member)).channel(topic, { config: { private: true } });
    await subscribed(sender);
    await sender.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } });
    await settle();
    expect(got).toEqual([{ n: 1 }]);
  });
});

describe('bad frames and limits', () => {
  function rawSocket(): Promise<WebSocket> {
    const url = `${stackInfo().apiUrl.replace('http', 'ws')}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=2.0.0`;
    return new Promise((done, fail) => {
      const ws = new WebSocket(url);
      ws.onopen = () => done(ws);
      ws.onerror = () => fail(new Error('socket refused'));
    });
  }

  function nextMessage(ws: WebSocket): Promise<unknown[]> {
    return new Promise((done) =>
      ws.addEventListener('message', (event) => done(JSON.parse(String(event.data)) as unknown[]), {
        once: true,
      }),
    );
  }

  it('refuses an upgrade without or with a wrong API key', async () => {
    const base = `${stackInfo().apiUrl.replace('http', 'ws')}/realtime/v1/websocket`;
    for (const query of ['?vsn=2.0.0', '?apikey=wrong&vsn=2.0.0']) {
      const opened = await new Promise<boolean>((done) => {
        const ws = new WebSocket(base + query);
        ws.onopen = () => done(true);
        ws.onerror = () => done(false);
      });
      expect(opened).toBe(false);
    }
  });

  it('answers malformed frames with an error and keeps serving', async () => {
    const ws = await rawSocket();
    for (const bad of ['not json', '[1,2]', '{"topic":1}']) {
      ws.send(bad);
      expect((await nextMessage(ws))[3]).toBe('phx_error');
    }
    ws.send(JSON.stringify([null, '1', 'realtime:nowhere', 'broadcast', {}]));
    expect((await nextMessage(ws))[4]).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
    ws.send(JSON.stringify([null, '2', 'phoenix', 'heartbeat', {}]));
    expect((await nextMessage(ws))[4]).toEqual({ status: 'ok', response: {} });
    ws.close();
  });

  it('caps channels per socket', async () => {
    const ws = await rawSocket();
    const replies: string[] = [];
    ws.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as [
        unknown,
        unknown,
        string,
        string,
        { status: string; response: { reason?: string } },
      ];
      if (frame[3] === 'phx_reply')
        replies.push(frame[4].status === 'ok' ? 'ok' : (frame[4].response.reason ?? 'error'));
    });
    for (let i = 0; i < 110; i++)
      ws.send(JSON.stringify([String(i), String(i), `realtime:many-${i}`, 'phx_join', { config: {} }]));
    await settle(800);
    expect(replies.filter((r) => r === 'ok')).toHaveLength(100);
    expect(replies.filter((r) => /Too many (channels|joins per second)/.test(r))).toHaveLength(10);
    ws.close();
  });
});
