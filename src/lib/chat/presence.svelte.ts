import { REALTIME_SUBSCRIBE_STATES, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';

type RealtimeClient = Pick<SupabaseClient, 'channel' | 'removeChannel' | 'realtime'>;

/** Switching between two chat pages releases and retains at once; don't flicker offline. */
const LEAVE_GRACE_MS = 1500;

/** At most this many people are followed at once (Realtime allows 100 channels per socket). */
export const MAX_FOLLOWED = 50;

/** The private presence topic of one user: only they may track there (RLS on realtime.messages). */
export function presenceTopic(userId: string): string {
  return `presence:${userId}`;
}

interface Held {
  holders: number;
  channel: RealtimeChannel | undefined;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Who is online. Each user tracks presence on their own private `presence:<id>` channel, and
 * follows the channels of the people they share care with; RLS lets only those people join, and
 * only the owner track, so a presence there means the owner is online whatever key they chose.
 * One per app; pages `retain` the own channel and `follow` others while they need them.
 */
export class OnlinePresence {
  #online = $state<string[]>([]);
  readonly #client: RealtimeClient;
  // Not reactive on purpose: pages call follow() inside $effect, and a reactive map read and
  // written there would re-run the effect forever. The UI reads only `#online`.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #held = new Map<string, Held>();
  #me: string | undefined;

  constructor(client: RealtimeClient) {
    this.#client = client;
  }

  isOnline(userId: string): boolean {
    return this.#online.includes(userId);
  }

  /** Announces `me` as online; call the returned function to let go. */
  retain(me: string): () => void {
    if (this.#me !== me) void this.stop();
    this.#me = me;
    return this.#hold(me, (channel) => void channel.track({ since: Date.now() }));
  }

  /** Follows whether `userId` is online; call the returned function to let go. */
  follow(userId: string): () => void {
    const followed = [...this.#held.keys()].filter((id) => id !== this.#me);
    if (!this.#held.has(userId) && followed.length >= MAX_FOLLOWED) return () => undefined;
    return this.#hold(userId);
  }

  #hold(userId: string, onJoined?: (channel: RealtimeChannel) => void): () => void {
    let held = this.#held.get(userId);
    if (!held) {
      held = { holders: 0, channel: undefined, leaveTimer: undefined };
      this.#held.set(userId, held);
      void this.#join(userId, held, onJoined);
    }
    held.holders += 1;
    clearTimeout(held.leaveTimer);
    let released = false;
    const entry = held;
    return () => {
      if (released) return;
      released = true;
      entry.holders -= 1;
      if (entry.holders === 0)
        entry.leaveTimer = setTimeout(() => void this.#leave(userId, entry), LEAVE_GRACE_MS);
    };
  }

  async #join(userId: string, held: Held, onJoined?: (channel: RealtimeChannel) => void): Promise<void> {
    await this.#client.realtime.setAuth();
    if (this.#held.get(userId) !== held) return;
    const channel = this.#client.channel(presenceTopic(userId), { config: { private: true } });
    held.channel = channel;
    channel
      .on('presence', { event: 'sync' }, () =>
        this.#mark(userId, Object.keys(channel.presenceState()).length > 0),
      )
      .subscribe((status) => {
        if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED) onJoined?.(channel);
      });
  }

  #mark(userId: string, online: boolean): void {
    const others = this.#online.filter((id) => id !== userId);
    this.#online = online ? [...others, userId] : others;
  }

  async #leave(userId: string, held: Held): Promise<void> {
    if (this.#held.get(userId) !== held) return;
    this.#held.delete(userId);
    this.#mark(userId, false);
    if (held.channel) await this.#client.removeChannel(held.channel);
  }

  /** Leaves everything at once (signing out). */
  async stop(): Promise<void> {
    const all = [...this.#held];
    this.#me = undefined;
    for (const [, held] of all) clearTimeout(held.leaveTimer);
    await Promise.all(all.map(([userId, held]) => this.#leave(userId, held)));
  }
}
