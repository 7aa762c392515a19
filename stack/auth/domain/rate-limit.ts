/** Requests allowed per client IP per window, from config.toml's [auth.rate_limit]. */
export type Bucket = 'sign_in_sign_ups' | 'token_refresh' | 'token_verifications' | 'email_sent';

const WINDOW_MS: Record<Bucket, number> = {
  sign_in_sign_ups: 5 * 60_000,
  token_refresh: 5 * 60_000,
  token_verifications: 5 * 60_000,
  email_sent: 60 * 60_000,
};

const DEFAULTS: Record<Bucket, number> = {
  sign_in_sign_ups: 30,
  token_refresh: 150,
  token_verifications: 30,
  email_sent: 2,
};

/** Fixed-window counters per (bucket, key); old windows are dropped as they pass. */
export class RateLimiter {
  readonly #limits: Record<Bucket, number>;
  readonly #counts = new Map<string, { window: number; count: number }>();

  constructor(configured: Record<string, number>) {
    this.#limits = { ...DEFAULTS };
    for (const bucket of Object.keys(DEFAULTS) as Bucket[]) {
      if (typeof configured[bucket] === 'number') this.#limits[bucket] = configured[bucket];
    }
  }

  /** Counts one request; false when the limit for this window is already reached. */
  take(bucket: Bucket, key: string): boolean {
    const window = Math.floor(Date.now() / WINDOW_MS[bucket]);
    const id = `${bucket}:${key}`;
    const entry = this.#counts.get(id);
    if (!entry || entry.window !== window) {
      if (this.#counts.size > 10_000) this.#counts.clear();
      this.#counts.set(id, { window, count: 1 });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.#limits[bucket];
  }
}
