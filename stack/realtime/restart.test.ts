import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, stopStack, testStackOptions, type TestStack } from '../../tests/helpers/stack.ts';
import { PUBLISHABLE_KEY } from '../config/keys.ts';

async function sql(stack: TestStack, text: string, values: unknown[] = []): Promise<void> {
  const db = new pg.Client({ connectionString: stack.dbUrl() });
  await db.connect();
  await db.query(text, values);
  await db.end();
}

describe('realtime across a stack restart', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await testStackOptions();
    await startStack(stack);
    await sql(
      stack,
      `create table public.restart_notes (id bigint generated always as identity primary key, owner uuid not null);
       alter table public.restart_notes enable row level security;
       create policy "owner reads" on public.restart_notes for select to authenticated using (owner = auth.uid());
       grant select on public.restart_notes to authenticated;
       alter publication supabase_realtime add table public.restart_notes;`,
    );
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it('reconnects clients by themselves and delivers changes made after the restart', async () => {
    // A signed-in client, as in the app: after a reconnect supabase-js rejoins with the session's token.
    const client = createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    const { data, error } = await client.auth.signUp({
      email: `restart-${randomUUID().slice(0, 8)}@example.test`,
      password: 'correct-horse-battery',
      options: { data: { role: 'patient', full_name: 'Restart' } },
    });
    expect(error).toBeNull();
    const user = data.user!.id;
    const owners: string[] = [];
    const statuses: string[] = [];
    const channel = client
      .channel('restart-feed')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'restart_notes' }, (payload) =>
        owners.push(String((payload.new as { owner: string }).owner)),
      );
    await new Promise((done) =>
      channel.subscribe((status) => {
        statuses.push(String(status));
        if (String(status) === 'SUBSCRIBED') done(null);
      }),
    );
    await stopStack(stack);
    await startStack(stack);
    const deadline = Date.now() + 20_000;
    while (statuses.filter((s) => s === 'SUBSCRIBED').length < 2 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(statuses.filter((s) => s === 'SUBSCRIBED').length).toBeGreaterThanOrEqual(2);
    await sql(stack, 'insert into public.restart_notes (owner) values ($1)', [user]);
    for (let i = 0; i < 20 && owners.length === 0; i++) await new Promise((done) => setTimeout(done, 100));
    expect(owners).toEqual([user]);
    await client.removeAllChannels();
  }, 60_000);
});
