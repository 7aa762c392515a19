import { REALTIME_SUBSCRIBE_STATES, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';

type RealtimeClient = Pick<SupabaseClient, 'channel' | 'removeChannel' | 'realtime'>;

/** Switching between two chat pages releases and retains at once; don't flicker offline. */
const LEAVE_GRACE_MS = 1500;

/**
 * Who is online: Realtime presence on the shared private `presence:online` channel (RLS lets
 * signed-in users in), keyed by user id. One per app; pages `retain` it while they need it.
 */
export class OnlinePresence {
  #online = $state<string[]>([]);
  readonly #client: RealtimeClient;
  #channel: RealtimeChannel | undefined;
  #me: string | undefined;
  #holders = 0;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: RealtimeClient) {
    this.#client = client;
  }

  isOnline(userId: string): boolean {
    return this.#online.includes(userId);
  }

  /** Announces `me` as online and follows everyone else; call the returned function to let go. */
  retain(me: string): () => void {
    this.#holders += 1;
    clearTimeout(this.#leaveTimer);
    if (this.#me !== me) {
      void this.#leave();
      void this.#join(me);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders -= 1;
      if (this.#holders === 0) this.#leaveTimer = setTimeout(() => void this.#leave(), LEAVE_GRACE_MS);
    };
  }

  async #join(me: string): Promise<void> {
    this.#me = me;
    await this.#client.realtime.setAuth();
    if (this.#me !== me) return;
    const channel = this.#client.channel('presence:online', {
      config: { private: true, presence: { key: me } },
    });
    this.#channel = channel;
    channel
      .on('presence', { event: 'sync' }, () => {
        this.#online = Object.keys(channel.presenceState());
      })
      .subscribe((status) => {
        if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED) void channel.track({ since: Date.now() });
      });
  }

  /** Leaves at once (signing out). */
  async stop(): Promise<void> {
    clearTimeout(this.#leaveTimer);
    this.#holders = 0;
    await this.#leave();
  }

  async #leave(): Promise<void> {
    const channel = this.#channel;
    this.#channel = undefined;
    this.#me = undefined;
    this.#online = [];
    if (channel) await this.#client.removeChannel(channel);
  }
}
