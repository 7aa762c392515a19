import { describe, expect, it } from 'vitest';
import {
  catchUpFrom,
  charactersLeft,
  checkDraft,
  confirmPending,
  conversationFolder,
  markFailed,
  mergeMessages,
  lastSeenId,
  markPending,
  pageCursor,
  pendingMessage,
  withoutItem,
  type Message,
} from './thread.ts';

const ME = '11111111-1111-1111-1111-111111111111';
const YOU = '22222222-2222-2222-2222-222222222222';

function row(id: string, at: string, from = YOU, extra: Partial<Message> = {}): Message {
  return {
    id,
    sender_id: from,
    receiver_id: from === ME ? YOU : ME,
    body: id,
    image_path: null,
    created_at: at,
    read_at: null,
    ...extra,
  };
}

describe('chat thread', () => {
  it('merges pages and live rows oldest first without duplicates', () => {
    const page1 = [row('c', '2026-01-01T10:02:00Z'), row('d', '2026-01-01T10:03:00Z')];
    const page2 = [
      row('a', '2026-01-01T10:00:00Z'),
      row('b', '2026-01-01T10:01:00Z'),
      row('c', '2026-01-01T10:02:00Z'),
    ];
    let items = mergeMessages([], page1);
    items = mergeMessages(items, page2);
    items = mergeMessages(items, [
      row('d', '2026-01-01T10:03:00Z', YOU, { read_at: '2026-01-01T10:04:00Z' }),
    ]);
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(items[3]!.read_at).toBe('2026-01-01T10:04:00Z');
    expect(pageCursor(items)).toEqual({ created_at: '2026-01-01T10:00:00Z', id: 'a' });
  });

  it('shows a send at once, replaces it with the server row, and marks failures for retry', () => {
    let items = mergeMessages([], [row('a', '2026-01-01T10:00:00Z')]);
    items = [...items, pendingMessage('tmp-1', ME, YOU, '  hello  ', null, new Date('2026-01-01T10:05:00Z'))];
    expect(items.at(-1)).toMatchObject({ state: 'pending', body: 'hello' });
    items = confirmPending(items, 'tmp-1', row('srv-1', '2026-01-01T10:05:01Z', ME));
    items = mergeMessages(items, [row('srv-1', '2026-01-01T10:05:01Z', ME)]);
    expect(items.map((i) => [i.id, i.state])).toEqual([
      ['a', 'sent'],
      ['srv-1', 'sent'],
    ]);
    items = markFailed([...items, pendingMessage('tmp-2', ME, YOU, 'again', null)], 'tmp-2');
    expect(items.at(-1)!.state).toBe('failed');
  });

  it('refuses empty and over-long drafts, allows an image alone', () => {
    expect(checkDraft('   ', false)).toBe('empty');
    expect(checkDraft('', true)).toBeNull();
    expect(checkDraft('x'.repeat(4001), false)).toBe('too-long');
    expect(checkDraft('hi', false)).toBeNull();
  });

  it('names the conversation folder the same from both sides', () => {
    expect(conversationFolder(ME, YOU)).toBe(conversationFolder(YOU, ME));
    expect(conversationFolder(YOU, ME)).toBe(`${ME}_${YOU}`);
  });

  it('counts characters as the database does and warns only near the limit', () => {
    expect(checkDraft('😀'.repeat(4000), false)).toBeNull();
    expect(charactersLeft('hello')).toBeNull();
    expect(charactersLeft('x'.repeat(3850))).toBe(150);
    expect(charactersLeft('x'.repeat(4010))).toBe(-10);
  });

  it('pages by time and id, so messages sharing a timestamp are not skipped', () => {
    const items = mergeMessages(
      [pendingMessage('tmp', ME, YOU, 'x', null, new Date('2026-01-01T09:00:00Z'))],
      [row('b', '2026-01-01T10:00:00Z'), row('a', '2026-01-01T10:00:00Z')],
    );
    expect(pageCursor(items)).toEqual({ created_at: '2026-01-01T10:00:00Z', id: 'a' });
    expect(pageCursor([])).toBeNull();
  });

  it('catches up from the newest message, or from my oldest unread one to pick up receipts', () => {
    const read = { read_at: '2026-01-01T10:09:00Z' };
    let items = mergeMessages(
      [],
      [
        row('a', '2026-01-01T10:00:00Z', ME, read),
        row('b', '2026-01-01T10:05:00Z'),
        row('c', '2026-01-01T10:06:00Z'),
      ],
    );
    expect(catchUpFrom(items, ME)).toBe('2026-01-01T10:06:00Z');
    items = mergeMessages(items, [row('d', '2026-01-01T10:03:00Z', ME)]);
    expect(catchUpFrom(items, ME)).toBe('2026-01-01T10:03:00Z');
    expect(catchUpFrom([], ME)).toBeNull();
  });

  it('marks "Seen" on my newest read message only', () => {
    const read = { read_at: '2026-01-01T11:00:00Z' };
    const items = mergeMessages(
      [],
      [
        row('a', '2026-01-01T10:00:00Z', ME, read),
        row('b', '2026-01-01T10:01:00Z', ME, read),
        row('c', '2026-01-01T10:02:00Z', YOU, read),
        row('d', '2026-01-01T10:03:00Z', ME),
      ],
    );
    expect(lastSeenId(items, ME)).toBe('b');
    expect(lastSeenId(items, YOU)).toBe('c');
  });

  it('retries and discards failed sends; a confirmed send is never marked failed', () => {
    let items = [pendingMessage('p', ME, YOU, 'hi', null)];
    items = markFailed(items, 'p');
    items = markPending(items, 'p');
    expect(items[0]!.state).toBe('pending');
    items = mergeMessages(items, [row('p', '2026-01-01T10:00:00Z', ME)]);
    expect(markFailed(items, 'p')[0]!.state).toBe('sent');
    expect(withoutItem(items, 'p')).toEqual([]);
  });
});
