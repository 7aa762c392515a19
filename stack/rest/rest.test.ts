import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, database, SECRET_KEY, SERVICE_ROLE_KEY, userToken } from '../../tests/helpers/clients.ts';
import { signJwt } from '../config/jwt.ts';

const TABLE = 'stack_test_notes';

/**
 * PostgREST reloads its schema cache after DDL, and may reload more than once; a new table
 * 404s until the last reload is done. A write that reaches Postgres and fails on the CHECK
 * constraint several times in a row shows the cache has settled.
 */
async function waitForTable(): Promise<void> {
  const writer = client(undefined, userToken());
  let streak = 0;
  for (let i = 0; i < 200 && streak < 3; i++) {
    const { error } = await writer.from(TABLE).insert({ body: 'x'.repeat(201) });
    streak = error?.code === '23514' ? streak + 1 : 0;
    await new Promise((done) => setTimeout(done, 100));
  }
  if (streak < 3) throw new Error(`${TABLE} never settled in PostgREST's schema cache`);
}

describe('PostgREST through the gateway, with RLS', () => {
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    const db = await database();
    await db.query(`
      create table public.${TABLE} (
        id bigint generated always as identity primary key,
        owner uuid not null default auth.uid(),
        body text not null check (char_length(body) <= 200)
      );
      alter table public.${TABLE} enable row level security;
      create policy "owners read" on public.${TABLE} for select to authenticated using (owner = auth.uid());
      create policy "owners write" on public.${TABLE} for insert to authenticated with check (owner = auth.uid());
      create policy "owners update" on public.${TABLE} for update to authenticated using (owner = auth.uid());
      create policy "owners delete" on public.${TABLE} for delete to authenticated using (owner = auth.uid());
    `);
    await db.end();
    await waitForTable();
  });

  afterAll(async () => {
    const db = await database();
    await db.query(`drop table public.${TABLE}`);
    await db.end();
  });

  it('lets a signed-in user insert and read only their own rows', async () => {
    const asAlice = client(undefined, userToken(alice));
    const inserted = await asAlice.from(TABLE).insert({ body: 'alice note' }).select().single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toMatchObject({ owner: alice, body: 'alice note' });

    const asBob = client(undefined, userToken(bob));
    await asBob.from(TABLE).insert({ body: 'bob note' });
    const seenByBob = await asBob.from(TABLE).select('body');
    expect(seenByBob.data).toEqual([{ body: 'bob note' }]);
  });

  it('stops one user from changing or deleting another user’s row', async () => {
    const asBob = client(undefined, userToken(bob));
    const updated = await asBob.from(TABLE).update({ body: 'hijacked' }).eq('owner', alice).select();
    expect(updated.data).toEqual([]);
    const deleted = await asBob.from(TABLE).delete().eq('owner', alice).select();
    expect(deleted.data).toEqual([]);
    const forged = await asBob.from(TABLE).insert({ body: 'forged', owner: alice });
    expect(forged.error?.code).toBe('42501');

    const asAlice = client(undefined, userToken(alice));
    const mine = await asAlice.from(TABLE).select('body');
    expect(mine.data).toEqual([{ body: 'alice note' }]);
  });

  it('shows anon nothing and refuses anon writes', async () => {
    const anon = client();
    const read = await anon.from(TABLE).select('*');
    expect(read.error).toBeNull();
    expect(read.data).toEqual([]);
    const write = await anon.from(TABLE).insert({ body: 'anonymous' });
    expect(write.error?.code).toBe('42501');
  });

  it('lets the service role bypass RLS, with the secret key or the legacy JWT', async () => {
    for (const key of [SECRET_KEY, SERVICE_ROLE_KEY]) {
      const { data, count } = await client(key).from(TABLE).select('body', { count: 'exact' }).order('id');
      expect(data?.map((row: { body: string }) => row.body)).toEqual(['alice note', 'bob note']);
      expect(count).toBe(2);
    }
  });

  it('surfaces Postgres errors with their codes', async () => {
    const asAlice = client(undefined, userToken(alice));
    const tooLong = await asAlice.from(TABLE).insert({ body: 'x'.repeat(201) });
    expect(tooLong.error?.code).toBe('23514');
    const missing = await asAlice.from(TABLE).insert({});
    expect(missing.error?.code).toBe('23502');
  });

  it('rejects expired, wrongly signed and malformed user tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      userToken(alice, { exp: now - 60 }),
      await signJwt(
        { sub: alice, role: 'authenticated', exp: now + 60 },
        'another-secret-of-at-least-32-characters',
      ),
      'not-a-jwt',
    ];
    for (const token of tokens) {
      const { error, status } = await client(undefined, token).from(TABLE).select('*');
      expect(status).toBe(401);
      expect(error).not.toBeNull();
    }
  });
});
