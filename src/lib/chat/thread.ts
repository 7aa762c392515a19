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
  /** A local preview (object URL) of a picture still being sent. */
  local_url?: string | undefined;
}

/** Longest message body; the database enforces the same limit. */
export const BODY_MAX = 4000;

export type DraftProblem = 'empty' | 'too-long' | null;

/** Characters as Postgres' char_length counts them (code points, not UTF-16 units). */
export function bodyLength(body: string): number {
  return [...body.trim()].length;
}

export function checkDraft(body: string, hasImage: boolean): DraftProblem {
  const text = body.trim();
  if (!text && !hasImage) return 'empty';
  if (bodyLength(text) > BODY_MAX) return 'too-long';
  return null;
}

/** The composer shows how many characters are left only when the limit is near. */
export function charactersLeft(body: string, warnWithin = 200): number | null {
  const left = BODY_MAX - bodyLength(body);
  return left <= warnWithin ? left : null;
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
  // A live event may have confirmed the message while the request failed: sent stays sent.
  return items.map((item) =>
    item.id === clientId && item.state === 'pending' ? { ...item, state: 'failed' } : item,
  );
}

/**
 * Keyset cursor for the previous page: time and id of the oldest confirmed message. Both are
 * needed because several messages can share one timestamp (one transaction, one `now()`).
 */
export function pageCursor(items: ThreadItem[]): { created_at: string; id: string } | null {
  const oldest = items.find((item) => item.state === 'sent');
  return oldest ? { created_at: oldest.created_at, id: oldest.id } : null;
}

/**
 * Where to read from after the connection was lost: the newest confirmed message, or earlier
 * if one of my messages is still unread by the other person (to pick up its receipt).
 */
export function catchUpFrom(items: ThreadItem[], me: string): string | null {
  const sent = items.filter((item) => item.state === 'sent');
  const newest = sent.at(-1)?.created_at ?? null;
  const waiting = sent.find((item) => item.sender_id === me && item.read_at === null)?.created_at;
  return waiting && newest && waiting < newest ? waiting : newest;
}

/** My newest message the other person has read: the one that carries the "Seen" mark. */
export function lastSeenId(items: ThreadItem[], me: string): string | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.sender_id === me && item.read_at !== null) return item.id;
  }
  return null;
}

/** Removes an item (a failed send the user discarded). */
export function withoutItem(items: ThreadItem[], id: string): ThreadItem[] {
  return items.filter((item) => item.id !== id);
}

/** Puts a pending item back into the list (a retry), replacing the failed copy. */
export function markPending(items: ThreadItem[], id: string): ThreadItem[] {
  return items.map((item) =>
    item.id === id && item.state === 'failed' ? { ...item, state: 'pending' } : item,
  );
}

/**
 * The storage folder of a conversation in the private `chat-images` bucket: both user ids,
 * smaller first, so either participant computes the same path (the bucket's RLS expects it).
 */
export function conversationFolder(a: string, b: string): string {
  return a < b ? `${a}_${b}` : `${b}_${a}`;
}
