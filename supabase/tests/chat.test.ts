import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatApi } from '../../src/lib/chat/api.ts';
import { ChatError } from '../../src/lib/chat/errors.ts';
import type { Database } from '../../src/lib/database.types.ts';
import type { Message } from '../../src/lib/chat/thread.ts';
import { database, PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { createUser, type TestUser } from '../../tests/helpers/users.ts';
import { conversationKey, createAppointment } from './fixtures.ts';

/** A supabase-js client signed in as `user`, for REST, Storage and Realtime alike. */
async function signedIn(user: TestUser): Promise<SupabaseClient<Database>> {
  const supabase = createClient<Database>(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${user.token}` } },
  });
  await supabase.realtime.setAuth(user.token);
  return supabase;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('chat', () => {
  let db: pg.Client;
  let patient: TestUser;
  let doctor: TestUser;
  let pastDoctor: TestUser;
  let stranger: TestUser;
  const clients: SupabaseClient<Database>[] = [];
  const as = async (user: TestUser) => {
    const supabase = await signedIn(user);
    clients.push(supabase);
    return { supabase, api: chatApi(supabase) };
  };
  const count = async (sql: string, params: unknown[]) =>
    (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    db = await database();
    patient = await createUser(db, 'patient');
    doctor = await createUser(db, 'doctor');
    pastDoctor = await createUser(db, 'doctor');
    stranger = await createUser(db, 'doctor');
    await createAppointment(db, { doctor: doctor.id, patient: patient.id, startsInHours: 24 });
    await createAppointment(db, {
      doctor: pastDoctor.id,
      patient: patient.id,
      startsInHours: -72,
      status: 'completed',
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((supabase) => supabase.removeAllChannels()));
    await db.end();
  });

  it('a send retried with the same id is stored once and answers with the stored row', async () => {
    const { api } = await as(patient);
    const id = randomUUID();
    const first = await api.send({
      id,
      receiver_id: doctor.id,
      body: 'Is the dose right?',
      image_path: null,
    });
    const retry = await api.send({
      id,
      receiver_id: doctor.id,
      body: 'Is the dose right?',
      image_path: null,
    });
    expect(first).toMatchObject({ id, sender_id: patient.id, body: 'Is the dose right?' });
    expect(retry).toEqual(first);
    expect(await count('select count(*)::int as n from public.messages where id = $1', [id])).toBe(1);
    // Underneath, the retry met the primary key: the client's id is what makes it idempotent.
    const { supabase } = await as(patient);
    const raw = await supabase.from('messages').insert({ id, receiver_id: doctor.id, body: 'again' });
    expect(raw.error?.code).toBe('23505');
  });

  it('refuses the 21st message within 10 seconds with a clear reason, and stores nothing extra', async () => {
    const sender = await createUser(db, 'patient');
    await createAppointment(db, { doctor: doctor.id, patient: sender.id, startsInHours: 300 });
    const { api, supabase } = await as(sender);
    for (let i = 0; i < 20; i++) {
      await api.send({ id: randomUUID(), receiver_id: doctor.id, body: `message ${i}`, image_path: null });
    }
    const tooFast = randomUUID();
    const refused = await api
      .send({ id: tooFast, receiver_id: doctor.id, body: 'one more', image_path: null })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatError);
    expect((refused as ChatError).message).toBe('You are sending messages too fast. Wait a few seconds.');
    expect((refused as ChatError).code).toBe('PT429');
    const raw = await supabase.from('messages').insert({ receiver_id: doctor.id, body: 'raw' });
    expect(raw.status).toBe(429);
    expect(
      await count('select count(*)::int as n from public.messages where sender_id = $1', [sender.id]),
    ).toBe(20);
    // Parallel requests cannot slip past the count either.
    const burst = await createUser(db, 'patient');
    await createAppointment(db, { doctor: doctor.id, patient: burst.id, startsInHours: 400 });
    const { api: burstApi } = await as(burst);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        burstApi.send({ id: randomUUID(), receiver_id: doctor.id, body: `burst ${i}`, image_path: null }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
    expect(
      await count('select count(*)::int as n from public.messages where sender_id = $1', [burst.id]),
    ).toBe(20);
  });

  it('lists exactly the people I share an appointment with, newest first, with unread counts', async () => {
    const me = await createUser(db, 'patient');
    const quiet = await createUser(db, 'doctor');
    await createAppointment(db, { doctor: doctor.id, patient: me.id, startsInHours: 500 });
    await createAppointment(db, {
      doctor: pastDoctor.id,
      patient: me.id,
      // A visit three weeks ago: follow-up messages are still in care (a cancelled one would not be).
      startsInHours: -500,
      status: 'completed',
    });
    await createAppointment(db, { doctor: quiet.id, patient: me.id, startsInHours: 600 });
    const mine = await as(me);
    const fromDoctor = await as(doctor);
    const fromPast = await as(pastDoctor);
    await fromPast.api.send({ id: randomUUID(), receiver_id: me.id, body: 'Older news', image_path: null });
    await fromPast.api.send({
      id: randomUUID(),
      receiver_id: me.id,
      body: 'Still older news',
      image_path: null,
    });
    await pause(20);
    await mine.api.send({ id: randomUUID(), receiver_id: doctor.id, body: 'Question', image_path: null });
    const answer = await fromDoctor.api.send({
      id: randomUUID(),
      receiver_id: me.id,
      body: 'Answer',
      image_path: null,
    });

    const { items: list, more } = await mine.api.conversations();
    expect(more).toBe(false);
    expect(list.map((row) => row.other_id)).toEqual([doctor.id, pastDoctor.id, quiet.id]);
    expect(list[0]).toMatchObject({
      full_name: expect.stringContaining('doctor'),
      role: 'doctor',
      conversation_key: conversationKey(me.id, doctor.id),
      last_body: 'Answer',
      last_has_image: false,
      last_sender_id: doctor.id,
      unread_count: 1,
    });
    expect(list[1]).toMatchObject({ last_body: 'Still older news', unread_count: 2 });
    expect(list[2]).toMatchObject({ last_body: null, last_at: null, unread_count: 0 });
    expect(list.some((row) => row.other_id === stranger.id)).toBe(false);

    await mine.api.markRead([answer.id]);
    expect((await mine.api.conversations()).items[0]!.unread_count).toBe(0);
    // The doctor sees me, and only people who booked with them; a stranger sees nobody.
    expect((await fromDoctor.api.conversations()).items.map((row) => row.other_id)).toContain(me.id);
    expect(await (await as(stranger)).api.conversations()).toEqual({ items: [], more: false });
  });

  it('lists every conversation a page at a time, past any row cap, newest first', async () => {
    const busy = await createUser(db, 'doctor');
    const { rows } = await db.query<{ id: string }>(
      `with people as (
         insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at, raw_app_meta_data,
           raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
         select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
           'paging-' || gen_random_uuid() || '@tests.health-connect.local', now(), '{}',
           '{"role":"patient","full_name":"Paging patient"}', now(), now(), '', '', '', ''
         from generate_series(1, 450) returning id
       )
       insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode, created_at)
       select $1, p.id, now() - interval '5 days', now() - interval '5 days' + interval '20 minutes', 'completed', 'chat',
         now() - make_interval(mins => (row_number() over ())::int)
       from people p returning patient_id as id`,
      [busy.id],
    );
    const api = (await as(busy)).api;
    const first = await api.conversations();
    expect(first.items).toHaveLength(100);
    expect(first.more).toBe(true);
    const all = await api.conversations(500);
    expect(all.more).toBe(false);
    expect(new Set(all.items.map((row) => row.other_id))).toEqual(new Set(rows.map((row) => row.id)));
    expect(all.items.slice(0, 100)).toEqual(first.items);
    const newest = await db.query<{ id: string }>(
      'select patient_id as id from public.appointments where doctor_id = $1 order by created_at desc',
      [busy.id],
    );
    expect(all.items.map((row) => row.other_id)).toEqual(newest.rows.map((row) => row.id));

    const bad = await (await as(busy)).supabase.rpc('my_conversations', { page_size: 100_000 });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toBe('Ask for 1 to 200 conversations at a time.');
    const negative = await (await as(busy)).supabase.rpc('my_conversations', { page_offset: -1 });
    expect(negative.status).toBe(400);
  });

  it('pages back through history without gaps or repeats, even when timestamps tie', async () => {
    const me = await createUser(db, 'patient');
    await createAppointment(db, { doctor: doctor.id, patient: me.id, startsInHours: 700 });
    // 65 messages, five of them in one transaction (same created_at), as the owner.
    await db.query(
      `insert into public.messages (sender_id, receiver_id, body, created_at)
       select $1, $2, 'm' || g, case when g between 28 and 32 then now() - interval '1 hour'
                                      else now() - interval '1 hour' + g * interval '1 second' end
       from generate_series(1, 65) g`,
      [me.id, doctor.id],
    );
    const { api } = await as(me);
    const seen: Message[] = [];
    let cursor: { created_at: string; id: string } | null = null;
    for (;;) {
      const page: Message[] = await api.page(me.id, doctor.id, cursor);
      if (page.length === 0) break;
      seen.unshift(...page);
      cursor = { created_at: page[0]!.created_at, id: page[0]!.id };
    }
    expect(seen).toHaveLength(65);
    expect(new Set(seen.map((message) => message.id)).size).toBe(65);
  });

  it('delivers a conversation’s inserts and read receipts live to its two people only', async () => {
    const doctorSide = await as(doctor);
    const patientSide = await as(patient);
    const strangerSide = await as(stranger);
    const received: Message[] = [];
    const sentSeen: Message[] = [];
    const overheard: Message[] = [];
    const subscribed = (watch: (done: () => void) => RealtimeChannel) =>
      new Promise<void>((done) => watch(done));
    await subscribed((done) =>
      doctorSide.api.watch(
        doctor.id,
        patient.id,
        (row) => received.push(row),
        (s) => s === 'SUBSCRIBED' && done(),
      ),
    );
    await subscribed((done) =>
      patientSide.api.watch(
        patient.id,
        doctor.id,
        (row) => sentSeen.push(row),
        (s) => s === 'SUBSCRIBED' && done(),
      ),
    );
    await subscribed((done) =>
      strangerSide.api.watch(
        stranger.id,
        patient.id,
        (row) => overheard.push(row),
        (s) => s === 'SUBSCRIBED' && done(),
      ),
    );
    const message = await patientSide.api.send({
      id: randomUUID(),
      receiver_id: doctor.id,
      body: 'Live?',
      image_path: null,
    });
    await expect.poll(() => received.map((row) => row.id)).toContain(message.id);
    await doctorSide.api.markRead([message.id]);
    await expect
      .poll(() => sentSeen.find((row) => row.id === message.id && row.read_at !== null))
      .toBeTruthy();
    await pause(300);
    expect(overheard).toEqual([]);
  });

  it('a third user can neither read, write, nor see the pictures of a conversation', async () => {
    const { api } = await as(patient);
    const { supabase: third, api: thirdApi } = await as(stranger);
    const id = randomUUID();
    const path = await api.uploadImage(
      patient.id,
      doctor.id,
      id,
      new Blob([PNG], { type: 'image/png' }),
      'png',
    );
    await api.send({ id, receiver_id: doctor.id, body: null, image_path: path });
    expect(await (await as(doctor)).api.signedUrl(path)).toMatch(/token=/);

    expect((await third.from('messages').select('id').eq('id', id)).data).toEqual([]);
    expect(await thirdApi.page(stranger.id, patient.id, null)).toEqual([]);
    expect(await thirdApi.person(patient.id)).toMatchObject({ allowed: false });
    const write = await thirdApi
      .send({ id: randomUUID(), receiver_id: patient.id, body: 'hello', image_path: null })
      .catch((error: unknown) => error as ChatError);
    expect(write).toMatchObject({ message: 'You can only message people you have an appointment with.' });
    expect((await third.storage.from('chat-images').download(path)).data).toBeNull();
    expect((await third.storage.from('chat-images').createSignedUrl(path, 60)).data).toBeNull();
    const upload = await third.storage
      .from('chat-images')
      .upload(`${conversationKey(patient.id, doctor.id)}/${randomUUID()}.png`, PNG, {
        contentType: 'image/png',
      });
    expect(upload.error).not.toBeNull();
    // Nor can they listen in on the conversation's typing topic.
    const topic = `typing:${conversationKey(patient.id, doctor.id)}`;
    const joined = await new Promise<string>((done) =>
      third.channel(topic, { config: { private: true } }).subscribe((status) => done(String(status))),
    );
    expect(joined).not.toBe('SUBSCRIBED');
    const { supabase: own } = await as(doctor);
    const allowed = await new Promise<string>((done) =>
      own.channel(topic, { config: { private: true } }).subscribe((status) => done(String(status))),
    );
    expect(allowed).toBe('SUBSCRIBED');
  });

  it('knows who may be messaged', async () => {
    const { api } = await as(patient);
    expect(await api.person(doctor.id)).toMatchObject({
      allowed: true,
      person: { id: doctor.id, role: 'doctor' },
    });
    expect(await api.person(pastDoctor.id)).toMatchObject({ allowed: true });
    expect(await api.person(stranger.id)).toMatchObject({ allowed: false });
    expect(await api.person('not-a-uuid')).toEqual({ person: null, allowed: false });
  });
});
