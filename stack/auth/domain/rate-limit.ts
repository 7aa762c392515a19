/**
 * Per-IP request limits from config.toml's [auth.rate_limit], shaped as GoTrue's
 * (supabase/auth `internal/api/apilimiter/apilimiter.go`): a token bucket per client that holds
 * 30 requests and refills at the configured number per window (5 minutes). `sign_in_failures`
 * is ours: failed password sign-ins per IP, against the `sign_in_sign_ups` budget, so a crowd
 * behind one address that signs in successfully never runs it down.
 */
export type Bucket =
  'sign_in_sign_ups' | 'sign_in_failures' | 'token_refresh' | 'token_verifications' | 'email_sent';

const WINDOW_MS: Record<Bucket, number> = {
  sign_in_sign_ups: 5 * 60_000,
  sign_in_failures: 5 * 60_000,
  token_refresh: 5 * 60_000,
  token_verifications: 5 * 60_000,
  email_sent: 60 * 60_000,
};

/** The CLI template's defaults (supabase/cli `pkg/config/templates/config.toml`). */
const DEFAULTS: Record<Exclude<Bucket, 'sign_in_failures'>, number> = {
  sign_in_sign_ups: 30,
  token_refresh: 150,
  token_verifications: 30,
  email_sent: 2,
};

/** GoTrue's fixed burst for its per-5-minute limiters. */
const BURST = 30;

interface State {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #limits: Record<Bucket, number>;
  readonly #state = new Map<string, State>();
  readonly #now: () => number;

  constructor(configured: Record<string, number>, now: () => number = Date.now) {
    const limits = { ...DEFAULTS };
    for (const bucket of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      if (typeof configured[bucket] === 'number') limits[bucket] = configured[bucket];
    }
    this.#limits = { ...limits, sign_in_failures: limits.sign_in_sign_ups };
    this.#now = now;
  }

  /**
   * email_sent holds its whole hourly budget; the others GoTrue's burst of 30, or the limit
   * itself when that is lower (so `sign_in_sign_ups = 5` means 5, which GoTrue's fixed burst
   * does not: supabase/auth#2333).
   */
  #capacity(bucket: Bucket): number {
    return bucket === 'email_sent' ? this.#limits.email_sent : Math.min(BURST, this.#limits[bucket]);
  }

  #refill(bucket: Bucket, key: string): State {
    const id = `${bucket}:${key}`;
    const now = this.#now();
    const capacity = this.#capacity(bucket);
    let state = this.#state.get(id);
    if (!state) {
      if (this.#state.size > 50_000) this.#forgetFull(now);
      state = { tokens: capacity, at: now };
      this.#state.set(id, state);
    }
    const perMs = this.#limits[bucket] / WINDOW_MS[bucket];
    state.tokens = Math.min(capacity, state.tokens + (now - state.at) * perMs);
    state.at = now;
    return state;
  }

  #forgetFull(now: number): void {
    for (const [id, state] of this.#state) {
      if (now - state.at > WINDOW_MS.email_sent) this.#state.delete(id);
    }
  }

  /** Counts one request; false (and nothing counted) when the bucket is empty. */
  take(bucket: Bucket, key: string): boolean {
    const state = this.#refill(bucket, key);
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }

  /** Gives back a token taken for something that turned out not to count. */
  refund(bucket: Bucket, key: string): void {
    const state = this.#refill(bucket, key);
    state.tokens = Math.min(this.#capacity(bucket), state.tokens + 1);
  }

  /** Seconds until `take` would succeed again (0 when it would now). */
  retryAfterSeconds(bucket: Bucket, key: string): number {
    const state = this.#refill(bucket, key);
    if (state.tokens >= 1) return 0;
    const perMs = this.#limits[bucket] / WINDOW_MS[bucket];
    return Math.max(1, Math.ceil((1 - state.tokens) / perMs / 1000));
  }
}
