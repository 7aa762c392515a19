import { REALTIME_SUBSCRIBE_STATES, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';

/** The other side's "typing…" disappears this long after their last keystroke signal. */
export const TYPING_TIMEOUT_MS = 3000;
/** While typing, tell the other side at most this often. */
export const TYPING_RESEND_MS = 1500;

/**
 * Typing state of one conversation, both directions: throttles what this user announces, and
 * shows the other person's state until they stop, send, time out or leave.
 */
export class TypingIndicator {
  otherTyping = $state(false);
  readonly #announce: (typing: boolean) => void;
  readonly #now: () => number;
  #lastAnnounced = 0;
  #clearTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(announce: (typing: boolean) => void, now: () => number = Date.now) {
    this.#announce = announce;
    this.#now = now;
  }

  /** This user typed a character. */
  typed(): void {
    const now = this.#now();
    if (this.#lastAnnounced && now - this.#lastAnnounced < TYPING_RESEND_MS) return;
    this.#lastAnnounced = now;
    this.#announce(true);
  }

  /** This user sent, cleared the draft or left. */
  stopped(): void {
    if (!this.#lastAnnounced) return;
    this.#lastAnnounced = 0;
    this.#announce(false);
  }

  /** A signal from the other person. */
  received(typing: boolean): void {
    clearTimeout(this.#clearTimer);
    this.otherTyping = typing;
    if (typing) this.#clearTimer = setTimeout(() => (this.otherTyping = false), TYPING_TIMEOUT_MS);
  }

  /** The other person left the conversation (closed it, went offline). */
  otherLeft(): void {
    this.received(false);
  }

  dispose(): void {
    clearTimeout(this.#clearTimer);
  }
}

/**
 * Joins the conversation's private `typing:<key>` topic (RLS: only its two people). Broadcast
 * carries `{ user_id, typing }`; presence on the same topic tells when the other side leaves.
 */
export async function joinTyping(
  client: Pick<SupabaseClient, 'channel' | 'removeChannel' | 'realtime'>,
  conversationKey: string,
  me: string,
  other: string,
): Promise<{ indicator: TypingIndicator; leave: () => Promise<void> }> {
  await client.realtime.setAuth();
  const channel: RealtimeChannel = client.channel(`typing:${conversationKey}`, {
    config: { private: true, presence: { key: me } },
  });
  const indicator = new TypingIndicator((typing) => {
    // Only over the joined socket: before that, send() would fall back to a REST call per keystroke.
    if (channel.state === 'joined') {
      void channel.send({ type: 'broadcast', event: 'typing', payload: { user_id: me, typing } });
    }
  });
  channel
    .on('broadcast', { event: 'typing' }, ({ payload }) => {
      const signal = payload as { user_id?: unknown; typing?: unknown };
      if (signal.user_id === other) indicator.received(signal.typing === true);
    })
    .on('presence', { event: 'leave' }, ({ key }) => {
      if (key === other) indicator.otherLeft();
    })
    .subscribe((status) => {
      if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED) void channel.track({ here: true });
    });
  return {
    indicator,
    leave: async () => {
      indicator.stopped();
      indicator.dispose();
      await client.removeChannel(channel);
    },
  };
}
