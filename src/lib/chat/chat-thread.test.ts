import type { RealtimeChannel } from '@supabase/supabase-js';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE, type ChatApi, type NewMessage } from './api.ts';
import { ChatThread } from './chat-thread.svelte.ts';
import { ChatError } from './errors.ts';
import type { Message } from './thread.ts';

const ME = '11111111-1111-1111-1111-111111111111';
const YOU = '22222222-2222-2222-2222-222222222222';

/** An in-memory stand-in for the server side of the chat API (unit level only). */
function fakeServer(history: Message[] = []) {
  const rows = [...history];
  let onRow: (row: Message) => void = () => undefined;
  let onStatus: (status: string) => void = () => undefined;
  let clock = Date.parse('2026-01-01T12:00:00Z');
  const failures: (Error | null)[] = [];
  const sorted = () =>
    [...rows].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const api = {
    page: vi.fn((_me: string, _other: string, before: { created_at: string; id: string } | null) => {
      const older = sorted().filter((row) => !before || row.created_at < before.created_at);
      return Promise.resolve(older.slice(-PAGE_SIZE));
    }),
    since: vi.fn((_me: string, _other: string, since: string) =>
      Promise.resolve(sorted().filter((row) => row.created_at >= since)),
    ),
    send: vi.fn((message: NewMessage): Promise<Message> => {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      const stored = rows.find((row) => row.id === message.id);
      if (stored) return Promise.resolve(stored);
      const row: Message = {
        ...message,
        sender_id: ME,
        created_at: new Date((clock += 1000)).toISOString(),
        read_at: null,
      };
      rows.push(row);
      return Promise.resolve(row);
    }),
    markRead: vi.fn((ids: string[]) =>
      Promise.resolve(
        rows.filter((row) => ids.includes(row.id)).map((row) => Object.assign(row, { read_at: 'now' })),
      ),
    ),
    uploadImage: vi.fn((_me: string, _other: string, id: string) =>
      Promise.resolve(`${ME}_${YOU}/${id}.webp`),
    ),
    signedUrl: vi.fn((path: string) => Promise.resolve(`https://signed/${path}`)),
    watch: vi.fn((_me: string, _other: string, row: typeof onRow, status: typeof onStatus) => {
      onRow = row;
      onStatus = status;
      return {} as RealtimeChannel;
    }),
    unwatch: vi.fn(() => Promise.resolve()),
  };
  return {
    api: api as unknown as ChatApi,
    calls: api,
    rows,
    failures,
    /** The other person sends while this client may or may not be listening. */
    incoming(body: string, live = true): Message {
      const row: Message = {
        id: crypto.randomUUID(),
        sender_id: YOU,
        receiver_id: ME,
        body,
        image_path: null,
        created_at: new Date((clock += 1000)).toISOString(),
        read_at: null,
      };
      rows.push(row);
      if (live) onRow(row);
      return row;
    },
    status: (status: string) => onStatus(status),
  };
}

function history(count: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `h-${String(i).padStart(3, '0')}`,
    sender_id: i % 2 ? ME : YOU,
    receiver_id: i % 2 ? YOU : ME,
    body: `old ${i}`,
    image_path: null,
    created_at: new Date(Date.parse('2026-01-01T08:00:00Z') + i * 1000).toISOString(),
    read_at: 'earlier',
  }));
}

async function started(server: ReturnType<typeof fakeServer>) {
  const thread = new ChatThread(ME, YOU, { api: server.api, authorize: () => Promise.resolve() });
  await thread.start();
  server.status('SUBSCRIBED');
  return thread;
}

const settled = () => new Promise((done) => setTimeout(done, 0));

describe('ChatThread', () => {
  it('loads the newest page, then older pages, without gaps or duplicates', async () => {
    const server = fakeServer(history(70));
    const thread = await started(server);
    expect(thread.items).toHaveLength(PAGE_SIZE);
    expect(thread.hasOlder).toBe(true);
    await thread.loadOlder();
    await thread.loadOlder();
    expect(thread.items.map((item) => item.id)).toEqual(history(70).map((row) => row.id));
    expect(thread.hasOlder).toBe(false);
  });

  it('shows a send at once and confirms it with the same id', async () => {
    const server = fakeServer();
    const thread = await started(server);
    expect(thread.send('   ')).toBe('empty');
    expect(thread.send('x'.repeat(4001))).toBe('too-long');
    expect(thread.send('Hello doctor')).toBeNull();
    expect(thread.items[0]).toMatchObject({ state: 'pending', body: 'Hello doctor' });
    await settled();
    expect(thread.items).toEqual([expect.objectContaining({ state: 'sent', id: server.rows[0]!.id })]);
  });

  it('marks a failed send with the reason, and a retry sends the same message once', async () => {
    const server = fakeServer();
    const thread = await started(server);
    server.failures.push(new TypeError('Failed to fetch'));
    thread.send('Are you there?');
    await settled();
    expect(thread.items[0]!.state).toBe('failed');
    expect(thread.sendError).toMatch(/offline/);
    thread.retry(thread.items[0]!.id);
    await settled();
    expect(thread.items.map((item) => item.state)).toEqual(['sent']);
    expect(thread.sendError).toBe('');
    expect(server.rows).toHaveLength(1);
    const ids = server.calls.send.mock.calls.map(([message]) => message.id);
    expect(new Set(ids).size).toBe(1);
  });

  it('keeps the rate-limit sentence for the failed message', async () => {
    const server = fakeServer();
    const thread = await started(server);
    server.failures.push(new ChatError('You are sending messages too fast. Wait a few seconds.', 'PT429'));
    thread.send('one too many');
    await settled();
    expect(thread.sendError).toBe('You are sending messages too fast. Wait a few seconds.');
    thread.discard(thread.items[0]!.id);
    expect(thread.items).toEqual([]);
  });

  it('uploads a picture before sending the message that points at it', async () => {
    const server = fakeServer();
    const thread = await started(server);
    if (!('revokeObjectURL' in URL)) Object.assign(URL, { revokeObjectURL: () => undefined });
    thread.send('', {
      blob: new Blob(['x'], { type: 'image/webp' }),
      extension: 'webp',
      previewUrl: 'blob:local',
    });
    expect(thread.items[0]).toMatchObject({ state: 'pending', local_url: 'blob:local' });
    await settled();
    expect(thread.items[0]).toMatchObject({
      state: 'sent',
      image_path: `${ME}_${YOU}/${thread.items[0]!.id}.webp`,
    });
    expect(await thread.imageUrl(thread.items[0]!.image_path!)).toMatch(/^https:\/\/signed\//);
    await thread.imageUrl(thread.items[0]!.image_path!);
    expect(server.calls.signedUrl).toHaveBeenCalledTimes(1);
  });

  it('merges live messages and catches up on what it missed after a rejoin', async () => {
    const server = fakeServer();
    const thread = await started(server);
    server.incoming('live one');
    expect(thread.items.map((item) => item.body)).toEqual(['live one']);
    server.incoming('missed while offline', false);
    server.status('CLOSED');
    expect(thread.live).toBe(false);
    server.status('SUBSCRIBED');
    await settled();
    expect(thread.items.map((item) => item.body)).toEqual(['live one', 'missed while offline']);
  });

  it('marks what scrolled into view read in one request', async () => {
    vi.useFakeTimers();
    try {
      const server = fakeServer();
      const thread = await started(server);
      const a = server.incoming('a');
      const b = server.incoming('b');
      thread.markVisible(a.id);
      thread.markVisible(b.id);
      thread.markVisible('unknown');
      await vi.advanceTimersByTimeAsync(200);
      expect(server.calls.markRead).toHaveBeenCalledTimes(1);
      expect(server.calls.markRead).toHaveBeenCalledWith([a.id, b.id]);
      expect(thread.items.every((item) => item.read_at === 'now')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
