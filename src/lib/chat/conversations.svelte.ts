import type { RealtimeChannel } from '@supabase/supabase-js';
import { CONVERSATIONS_PAGE, type ChatApi, type Conversation } from './api.ts';
import { describeFailure } from './errors.ts';
import type { ThreadDeps } from './chat-thread.svelte.ts';

/**
 * The signed-in user's conversations, newest first, kept live: any change to one of their
 * messages (a new one, a read receipt) reloads the list, as does coming back online.
 */
export class ConversationList {
  items = $state<Conversation[]>([]);
  loading = $state(true);
  failure = $state('');
  /** Older conversations exist beyond those listed. */
  more = $state(false);
  loadingOlder = $state(false);
  #limit = CONVERSATIONS_PAGE;
  readonly #me: string;
  readonly #deps: ThreadDeps;
  #channel: RealtimeChannel | undefined;
  #joinedBefore = false;
  #reload: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  readonly #onOnline = () => this.#scheduleReload();

  constructor(me: string, deps: ThreadDeps) {
    this.#me = me;
    this.#deps = deps;
  }

  get api(): ChatApi {
    return this.#deps.api;
  }

  async start(): Promise<void> {
    await this.#deps.authorize();
    if (this.#stopped) return;
    this.#channel = this.#deps.api.watchMine(
      this.#me,
      () => this.#scheduleReload(),
      (status) => {
        if (status !== 'SUBSCRIBED') return;
        if (this.#joinedBefore) this.#scheduleReload();
        this.#joinedBefore = true;
      },
    );
    this.#deps.events?.addEventListener('online', this.#onOnline);
    await this.load();
  }

  async load(): Promise<void> {
    try {
      const { items, more } = await this.#deps.api.conversations(this.#limit);
      this.items = items;
      this.more = more;
      this.failure = '';
    } catch (error) {
      this.failure = describeFailure(error);
    } finally {
      this.loading = false;
    }
  }

  /** Lists the next page of older conversations too (live reloads keep them listed). */
  async showOlder(): Promise<void> {
    this.#limit += CONVERSATIONS_PAGE;
    this.loadingOlder = true;
    try {
      await this.load();
    } finally {
      this.loadingOlder = false;
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#reload);
    this.#deps.events?.removeEventListener('online', this.#onOnline);
    if (this.#channel) void this.#deps.api.unwatch(this.#channel);
  }

  #scheduleReload(): void {
    clearTimeout(this.#reload);
    // A burst of messages (or receipts) costs one reload.
    this.#reload = setTimeout(() => void this.load(), 150);
  }
}
