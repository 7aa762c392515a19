/**
 * Realtime's per-tenant limits, with the defaults and environment names of supabase/realtime
 * `config/runtime.exs` (TENANT_MAX_*, CLIENT_PRESENCE_*) and `lib/realtime/api/tenant.ex`
 * (max_presence_events_per_second 1000, max_payload_size_in_kb 3000). The stack is one tenant.
 */
export interface RealtimeLimits {
  /** Channels one WebSocket may have joined (`max_channels_per_client`). */
  channelsPerClient: number;
  /** Joins per second across the tenant (`max_joins_per_second`); over it the socket is cut. */
  joinsPerSecond: number;
  /** Client messages per second (`max_events_per_second`), counted per socket here. */
  eventsPerSecond: number;
  /** Presence tracks per second across the tenant (`max_presence_events_per_second`). */
  presenceEventsPerSecond: number;
  /** Presence calls one channel may make per window (`client_presence_rate_limit`). */
  clientPresenceMaxCalls: number;
  clientPresenceWindowMs: number;
  /** Broadcast and presence payloads (`max_payload_size_in_kb` × 1000 + 500 bytes of padding). */
  payloadBytes: number;
  /** Not a Realtime limit: a consumer this far behind is cut off. */
  bufferedBytes: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The limits for this stack: Realtime's defaults, overridden by the same environment names. */
export function realtimeLimits(env: NodeJS.ProcessEnv = process.env): RealtimeLimits {
  return {
    channelsPerClient: integer(env, 'TENANT_MAX_CHANNELS_PER_CLIENT', 100),
    joinsPerSecond: integer(env, 'TENANT_MAX_JOINS_PER_SECOND', 100),
    eventsPerSecond: integer(env, 'TENANT_MAX_EVENTS_PER_SECOND', 100),
    presenceEventsPerSecond: integer(env, 'TENANT_MAX_PRESENCE_EVENTS_PER_SECOND', 1000),
    clientPresenceMaxCalls: integer(env, 'CLIENT_PRESENCE_MAX_CALLS', 5),
    clientPresenceWindowMs: integer(env, 'CLIENT_PRESENCE_WINDOW_MS', 30_000),
    payloadBytes: integer(env, 'TENANT_MAX_PAYLOAD_SIZE_IN_KB', 3000) * 1000 + 500,
    bufferedBytes: 16 * 1024 * 1024,
  };
}

/**
 * A tenant-wide rate as supabase/realtime `lib/realtime/rate_counter/rate_counter.ex` keeps it:
 * counts are closed into a bucket every `tickMs` (last `buckets` kept), and the average per second
 * over those buckets is what the limit compares, so short bursts pass and sustained load does not.
 */
export class RateCounter {
  readonly #tickMs: number;
  readonly #buckets: number;
  readonly #limit: number;
  #history: number[] = [];
  #count = 0;
  #tickAt: number;
  #average = 0;

  constructor(limit: number, tickMs = 5000, buckets = 12, now = Date.now()) {
    this.#limit = limit;
    this.#tickMs = tickMs;
    this.#buckets = buckets;
    this.#tickAt = now + tickMs;
  }

  /** Closes every tick that has passed: the current count, then empty buckets for idle ticks. */
  #roll(now: number): void {
    if (now < this.#tickAt) return;
    const ticks = Math.floor((now - this.#tickAt) / this.#tickMs) + 1;
    const idle = new Array<number>(Math.min(ticks - 1, this.#buckets)).fill(0);
    this.#history = [...idle, this.#count, ...this.#history].slice(0, this.#buckets);
    this.#count = 0;
    this.#tickAt += ticks * this.#tickMs;
    const sum = this.#history.reduce((a, b) => a + b, 0);
    this.#average = sum / this.#history.length / (this.#tickMs / 1000);
  }

  /** Whether the limit is reached; if not, counts one event. */
  limited(now = Date.now()): boolean {
    this.#roll(now);
    if (this.#average > this.#limit) return true;
    this.#count += 1;
    return false;
  }
}

/** Counts events in the current one-second window; `hit()` says whether the limit is passed. */
export class PerSecond {
  #second = 0;
  #count = 0;
  readonly #limit: number;
  constructor(limit: number) {
    this.#limit = limit;
  }

  hit(): boolean {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.#second) [this.#second, this.#count] = [second, 0];
    this.#count += 1;
    return this.#count > this.#limit;
  }
}
