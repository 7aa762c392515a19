/**
 * A conversation's messages as the UI shows them: history pages, live arrivals and the user's
 * own optimistic sends merged into one list, oldest first, without duplicates or gaps.
 */
export interface Message {
  id: string;
  sender_id: string;
  receiver_id: string;
  body: string | null;
  image_path: string | null;
  created_at: string;
  read_at: string | null;
}

/** A message as shown: confirmed by the server, or still on its way / failed. */
export interface ThreadItem extends Message {
  state: 'sent' | 'pending' | 'failed';
}

/** Longest message body; the database enforces the same limit. */
export const BODY_MAX = 4000;

export type DraftProblem = 'empty' | 'too-long' | null;

export function checkDraft(body: string, hasImage: boolean): DraftProblem {
  const text = body.trim();
  if (!text && !hasImage) return 'empty';
  if (text.length > BODY_MAX) return 'too-long';
  return null;
}

function byTime(a: ThreadItem, b: ThreadItem): number {
  return a.created_at === b.created_at ? a.id.localeCompare(b.id) : a.created_at < b.created_at ? -1 : 1;
}

/**
 * Adds server rows (a page of history, a live insert, an update such as read_at) to the thread;
 * a row replaces any older copy of itself, so a live event and a history page never duplicate.
 */
export function mergeMessages(items: ThreadItem[], rows: Message[]): ThreadItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const row of rows) byId.set(row.id, { ...row, state: 'sent' });
  return [...byId.values()].sort(byTime);
}

/** The server confirmed an optimistic send: its row takes the pending item's place. */
export function confirmPending(items: ThreadItem[], pendingId: string, row: Message): ThreadItem[] {
  return mergeMessages(
    items.filter((item) => item.id !== pendingId),
    [row],
  );
}

/** An optimistic message shown at once while it is being sent. */
export function pendingMessage(
  clientId: string,
  from: string,
  to: string,
  body: string,
  imagePath: string | null,
  now = new Date(),
): ThreadItem {
  return {
    id: clientId,
    sender_id: from,
    receiver_id: to,
    body: body.trim() || null,
    image_path: imagePath,
    created_at: now.toISOString(),
    read_at: null,
    state: 'pending',
  };
}

export function markFailed(items: ThreadItem[], clientId: string): ThreadItem[] {
  return items.map((item) => (item.id === clientId ? { ...item, state: 'failed' } : item));
}

/** The oldest confirmed message: the cursor for loading the previous page. */
export function oldestCursor(items: ThreadItem[]): string | null {
  return items.find((item) => item.state === 'sent')?.created_at ?? null;
}

/** Messages from the other person that are not yet marked read. */
export function unreadFrom(items: ThreadItem[], me: string): string[] {
  return items
    .filter((item) => item.receiver_id === me && item.read_at === null && item.state === 'sent')
    .map((item) => item.id);
}

/**
 * The storage folder of a conversation in the private `chat-images` bucket: both user ids,
 * smaller first, so either participant computes the same path (the bucket's RLS expects it).
 */
export function conversationFolder(a: string, b: string): string {
  return a < b ? `${a}_${b}` : `${b}_${a}`;
}
