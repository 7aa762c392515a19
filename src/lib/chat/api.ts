import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../database.types.ts';
import { ChatError, chatErrorMessage, type ApiError } from './errors.ts';
import { conversationFolder, type Message } from './thread.ts';

/** Messages per history page. */
export const PAGE_SIZE = 30;
/** Conversations the list shows at first and adds per "Show older conversations". */
export const CONVERSATIONS_PAGE = 100;
/** my_conversations answers at most this many rows per call. */
const CONVERSATIONS_CHUNK = 200;
/** Signed image links live this long (seconds); the thread asks again when they expire. */
export const SIGNED_URL_SECONDS = 300;

const COLUMNS = 'id, sender_id, receiver_id, body, image_path, created_at, read_at';

export interface Person {
  id: string;
  full_name: string;
  avatar_path: string | null;
  role: Database['public']['Enums']['user_role'];
}

/** One row of the conversations list (`my_conversations()`). */
export interface Conversation {
  other_id: string;
  full_name: string;
  avatar_path: string | null;
  role: Person['role'];
  conversation_key: string;
  last_body: string | null;
  last_has_image: boolean;
  last_at: string | null;
  last_sender_id: string | null;
  unread_count: number;
}

export interface NewMessage {
  id: string;
  receiver_id: string;
  body: string | null;
  image_path: string | null;
}

type Client = SupabaseClient<Database>;

function fail(error: ApiError): never {
  throw new ChatError(chatErrorMessage(error), error.code);
}

/**
 * The chat's data access, for the app's one client (or a test's). Each verb selects the columns
 * it needs and turns `{ error }` into a thrown ChatError with a sentence for the user.
 */
export function chatApi(client: Client) {
  return {
    /** The newest `size` messages before a cursor (or the newest of all), oldest first. */
    async page(
      me: string,
      other: string,
      before: { created_at: string; id: string } | null,
      size = PAGE_SIZE,
    ) {
      let query = client
        .from('messages')
        .select(COLUMNS)
        .eq('conversation_key', conversationFolder(me, other));
      if (before) {
        // Keyset on (created_at, id): messages sharing a timestamp are neither skipped nor repeated.
        // The lte bound lets the (conversation_key, created_at desc, id desc) index start at the
        // cursor instead of walking every newer message to it.
        const at = `"${before.created_at}"`;
        query = query
          .lte('created_at', before.created_at)
          .or(`created_at.lt.${at},and(created_at.eq.${at},id.lt.${before.id})`);
      }
      const { data, error } = await query
        .order('created_at', { ascending: false })
        .order('id', { ascending: false })
        .limit(size);
      if (error) fail(error);
      return data.reverse() as Message[];
    },

    /** Everything from `since` on (inclusive, the merge drops what is known), oldest first. */
    async since(me: string, other: string, since: string, limit = 500) {
      const { data, error } = await client
        .from('messages')
        .select(COLUMNS)
        .eq('conversation_key', conversationFolder(me, other))
        .gte('created_at', since)
        .order('created_at', { ascending: true })
        .limit(limit);
      if (error) fail(error);
      return data as Message[];
    },

    /**
     * Sends with the client's id. A retry of a send whose answer was lost fails on the primary key
     * (23505); then the stored row is the answer, so a message is never stored twice.
     */
    async send(message: NewMessage): Promise<Message> {
      const { data, error } = await client.from('messages').insert(message).select(COLUMNS).single();
      if (!error) return data;
      if (error.code === '23505') {
        const stored = await client.from('messages').select(COLUMNS).eq('id', message.id).maybeSingle();
        if (stored.data) return stored.data;
      }
      fail(error);
    },

    /** Marks the other person's messages read; the server stamps the time. */
    async markRead(ids: string[]): Promise<Message[]> {
      const { data, error } = await client
        .from('messages')
        .update({ read_at: new Date().toISOString() })
        .in('id', ids)
        .is('read_at', null)
        .select(COLUMNS);
      if (error) fail(error);
      return data;
    },

    /** The newest `limit` conversations, and whether there are older ones. */
    async conversations(limit = CONVERSATIONS_PAGE): Promise<{ items: Conversation[]; more: boolean }> {
      const items: Conversation[] = [];
      // One row past the limit says whether more exist; the server pages in chunks.
      while (items.length <= limit) {
        const want = Math.min(CONVERSATIONS_CHUNK, limit + 1 - items.length);
        const { data, error } = await client.rpc('my_conversations', {
          page_size: want,
          page_offset: items.length,
        });
        if (error) fail(error);
        items.push(...data);
        if (data.length < want) break;
      }
      return { items: items.slice(0, limit), more: items.length > limit };
    },

    /** The other person, and whether the signed-in user may write to them. */
    async person(other: string): Promise<{ person: Person | null; allowed: boolean }> {
      // Writing follows care (an open or recent visit); history stays readable either way.
      const shared = await client.rpc('in_care_with', { other });
      if (shared.error?.code === '22P02') return { person: null, allowed: false };
      if (shared.error) fail(shared.error);
      const { data, error } = await client
        .from('profiles')
        .select('id, full_name, avatar_path, role')
        .eq('id', other)
        .maybeSingle();
      if (error) fail(error);
      return { person: data, allowed: shared.data === true && data !== null };
    },

    /** Uploads a prepared picture into the conversation's private folder; returns its path. */
    async uploadImage(me: string, other: string, id: string, blob: Blob, extension: string): Promise<string> {
      const path = `${conversationFolder(me, other)}/${id}.${extension}`;
      const { error } = await client.storage
        .from('chat-images')
        .upload(path, blob, { contentType: blob.type, upsert: false, cacheControl: '3600' });
      // A retried upload that already landed is fine: the same id names the same picture.
      if (error && !/already exists|Duplicate/i.test(error.message)) fail(error);
      return path;
    },

    async signedUrl(path: string): Promise<string> {
      const { data, error } = await client.storage
        .from('chat-images')
        .createSignedUrl(path, SIGNED_URL_SECONDS);
      if (error) fail(error);
      return data.signedUrl;
    },

    /**
     * Live inserts and updates of one conversation. Two bindings keyed on the other person's id
     * rather than one on the generated conversation_key column: logical decoding on hosted
     * Realtime may leave generated columns out, and RLS already limits rows to this user.
     */
    watch(
      me: string,
      other: string,
      onRow: (row: Message) => void,
      onStatus: (status: string) => void,
    ): RealtimeChannel {
      const changes = { event: '*', schema: 'public', table: 'messages' } as const;
      return client
        .channel(`chat:${conversationFolder(me, other)}:${crypto.randomUUID()}`)
        .on('postgres_changes', { ...changes, filter: `sender_id=eq.${other}` }, (payload) => {
          if (payload.eventType !== 'DELETE') onRow(payload.new as Message);
        })
        .on('postgres_changes', { ...changes, filter: `receiver_id=eq.${other}` }, (payload) => {
          if (payload.eventType !== 'DELETE') onRow(payload.new as Message);
        })
        .subscribe((status) => onStatus(String(status)));
    },

    /** Live changes to any of this user's messages (for the conversations list). */
    watchMine(me: string, onChange: () => void, onStatus: (status: string) => void): RealtimeChannel {
      const changes = { event: '*', schema: 'public', table: 'messages' } as const;
      return client
        .channel(`chat-list:${me}:${crypto.randomUUID()}`)
        .on('postgres_changes', { ...changes, filter: `receiver_id=eq.${me}` }, onChange)
        .on('postgres_changes', { ...changes, filter: `sender_id=eq.${me}` }, onChange)
        .subscribe((status) => onStatus(String(status)));
    },

    async unwatch(channel: RealtimeChannel): Promise<void> {
      await client.removeChannel(channel);
    },
  };
}

export type ChatApi = ReturnType<typeof chatApi>;
