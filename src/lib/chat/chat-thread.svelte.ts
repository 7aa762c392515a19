import type { RealtimeChannel } from '@supabase/supabase-js';
import { PAGE_SIZE, type ChatApi } from './api.ts';
import { describeFailure } from './errors.ts';
import {
  catchUpFrom,
  checkDraft,
  confirmPending,
  markFailed,
  markPending,
  mergeMessages,
  pageCursor,
  pendingMessage,
  withoutItem,
  type DraftProblem,
  type Message,
  type ThreadItem,
} from './thread.ts';

/** A picture ready to send: already checked, resized and stripped of metadata. */
export interface OutgoingImage {
  blob: Blob;
  extension: string;
  previewUrl: string;
}

interface Outgoing {
  body: string;
  image: OutgoingImage | undefined;
  imagePath: string | null;
}

export interface ThreadDeps {
  api: ChatApi;
  /** Hands the signed-in user's token to Realtime before channels join. */
  authorize: () => Promise<void>;
  /** Where `online` events come from (window in the app). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined;
}

/**
 * One conversation as the thread page shows it: history pages, live inserts and receipts,
 * optimistic sends with retry, and catching up after the connection comes back.
 */
export class ChatThread {
  items = $state<ThreadItem[]>([]);
  loading = $state(true);
  loadingOlder = $state(false);
  hasOlder = $state(false);
  /** Why history could not be loaded. */
  failure = $state('');
  /** Why the latest send failed; cleared by the next send or retry. */
  sendError = $state('');
  /** Whether live updates are flowing. */
  live = $state(false);
  readonly me: string;
  readonly other: string;
  readonly #deps: ThreadDeps;
  // Bookkeeping only, never rendered: plain collections, not reactive ones.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  readonly #outgoing = new Map<string, Outgoing>();
  readonly #toMarkRead = new Set<string>();
  readonly #signed = new Map<string, { url: string; until: number }>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  #channel: RealtimeChannel | undefined;
  #joinedBefore = false;
  #queue: Promise<void> = Promise.resolve();
  #readTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  readonly #onOnline = () => void this.catchUp();

  constructor(me: string, other: string, deps: ThreadDeps) {
    this.me = me;
    this.other = other;
    this.#deps = deps;
  }

  /** Subscribes first, then loads the newest page, so nothing sent in between is missed. */
  async start(): Promise<void> {
    await this.#deps.authorize();
    if (this.#stopped) return;
    this.#channel = this.#deps.api.watch(
      this.me,
      this.other,
      (row) => this.#receive(row),
      (status) => this.#status(status),
    );
    this.#deps.events?.addEventListener('online', this.#onOnline);
    await this.#loadNewest();
  }

  stop(): void {
    this.#stopped = true;
    this.#deps.events?.removeEventListener('online', this.#onOnline);
    clearTimeout(this.#readTimer);
    if (this.#channel) void this.#deps.api.unwatch(this.#channel);
    for (const outgoing of this.#outgoing.values())
      if (outgoing.image) URL.revokeObjectURL(outgoing.image.previewUrl);
  }

  async #loadNewest(): Promise<void> {
    try {
      const page = await this.#deps.api.page(this.me, this.other, null);
      this.items = mergeMessages(this.items, page);
      this.hasOlder = page.length === PAGE_SIZE;
      this.failure = '';
    } catch (error) {
      this.failure = describeFailure(error);
    } finally {
      this.loading = false;
    }
  }

  #receive(row: Message): void {
    this.items = mergeMessages(this.items, [row]);
  }

  #status(status: string): void {
    this.live = status === 'SUBSCRIBED';
    if (status !== 'SUBSCRIBED') return;
    // A second SUBSCRIBED means the socket dropped and rejoined: changes in between were missed.
    if (this.#joinedBefore) void this.catchUp();
    this.#joinedBefore = true;
  }

  /** Reads what arrived (and receipts that changed) while the connection was down. */
  async catchUp(): Promise<void> {
    const since = catchUpFrom(this.items, this.me);
    if (!since) return this.#loadNewest();
    try {
      this.items = mergeMessages(this.items, await this.#deps.api.since(this.me, this.other, since));
      this.failure = '';
    } catch {
      // Still offline: the next `online` event or rejoin tries again.
    }
  }

  /** Loads the page before the oldest message shown. */
  async loadOlder(): Promise<void> {
    const cursor = pageCursor(this.items);
    if (this.loadingOlder || !this.hasOlder || !cursor) return;
    this.loadingOlder = true;
    try {
      const page = await this.#deps.api.page(this.me, this.other, cursor);
      this.items = mergeMessages(this.items, page);
      this.hasOlder = page.length === PAGE_SIZE;
    } catch (error) {
      this.failure = describeFailure(error);
    } finally {
      this.loadingOlder = false;
    }
  }

  /**
   * Shows the message at once and sends it in the background, in order. Returns why the draft
   * cannot be sent (empty, too long), or null when it is on its way.
   */
  send(body: string, image?: OutgoingImage): DraftProblem {
    const problem = checkDraft(body, Boolean(image));
    if (problem) return problem;
    const id = crypto.randomUUID();
    const item = pendingMessage(id, this.me, this.other, body, null);
    this.items = [...this.items, { ...item, local_url: image?.previewUrl }];
    this.#outgoing.set(id, { body: item.body ?? '', image, imagePath: null });
    this.sendError = '';
    this.#enqueue(id);
    return null;
  }

  retry(id: string): void {
    if (!this.#outgoing.has(id)) return;
    this.items = markPending(this.items, id);
    this.sendError = '';
    this.#enqueue(id);
  }

  discard(id: string): void {
    const outgoing = this.#outgoing.get(id);
    if (outgoing?.image) URL.revokeObjectURL(outgoing.image.previewUrl);
    this.#outgoing.delete(id);
    this.items = withoutItem(this.items, id);
  }

  #enqueue(id: string): void {
    this.#queue = this.#queue.then(() => this.#deliver(id));
  }

  async #deliver(id: string): Promise<void> {
    const outgoing = this.#outgoing.get(id);
    if (!outgoing) return;
    try {
      if (outgoing.image && !outgoing.imagePath) {
        outgoing.imagePath = await this.#deps.api.uploadImage(
          this.me,
          this.other,
          id,
          outgoing.image.blob,
          outgoing.image.extension,
        );
      }
      const row = await this.#deps.api.send({
        id,
        receiver_id: this.other,
        body: outgoing.body || null,
        image_path: outgoing.imagePath,
      });
      this.items = confirmPending(this.items, id, row);
      this.#outgoing.delete(id);
      if (outgoing.image) URL.revokeObjectURL(outgoing.image.previewUrl);
    } catch (error) {
      this.items = markFailed(this.items, id);
      this.sendError = describeFailure(error);
    }
  }

  /** The page saw this message on screen; unread ones from the other person get marked read. */
  markVisible(id: string): void {
    const item = this.items.find((candidate) => candidate.id === id);
    if (!item || item.receiver_id !== this.me || item.read_at !== null || item.state !== 'sent') return;
    this.#toMarkRead.add(id);
    clearTimeout(this.#readTimer);
    // One request for everything that scrolled into view together.
    this.#readTimer = setTimeout(() => void this.#flushRead(), 150);
  }

  async #flushRead(): Promise<void> {
    const ids = [...this.#toMarkRead];
    this.#toMarkRead.clear();
    if (!ids.length) return;
    try {
      this.items = mergeMessages(this.items, await this.#deps.api.markRead(ids));
    } catch {
      // Not fatal: they stay unread and are marked when seen again.
    }
  }

  /** A short-lived link to a picture, reused until shortly before it expires. */
  async imageUrl(path: string): Promise<string> {
    const cached = this.#signed.get(path);
    if (cached && cached.until > Date.now()) return cached.url;
    const url = await this.#deps.api.signedUrl(path);
    this.#signed.set(path, { url, until: Date.now() + 240_000 });
    return url;
  }
}
