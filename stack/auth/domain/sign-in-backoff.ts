import { DEFAULT_BACKOFF, type BackoffSettings } from '../../config/project.ts';

interface Failures {
  count: number;
  last: number;
  blockedUntil: number;
}

/**
 * Exponential back-off on failed password sign-ins per account (email), on top of GoTrue's
 * per-IP limits, which an attacker spreading guesses over many addresses never meets. After
 * `freeFailures` failures the account waits `baseMs`, then twice as long after each further
 * failure, up to `maxMs`. Refused attempts do not count (so they cannot extend the wait), and a
 * successful sign-in clears the record. Unknown emails are tracked the same way, so the
 * answers never reveal which addresses have accounts.
 */
export class SignInBackoff {
  readonly #settings: BackoffSettings;
  readonly #accounts = new Map<string, Failures>();
  readonly #now: () => number;

  constructor(settings: BackoffSettings = DEFAULT_BACKOFF, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  #current(key: string): Failures | undefined {
    const entry = this.#accounts.get(key);
    if (entry && this.#now() - entry.last > this.#settings.forgetMs) {
      this.#accounts.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Milliseconds this account must still wait before its password is checked again. */
  waitMs(key: string): number {
    const entry = this.#current(key);
    return entry ? Math.max(0, entry.blockedUntil - this.#now()) : 0;
  }

  failed(key: string): void {
    const now = this.#now();
    if (this.#accounts.size > 50_000) {
      for (const [id, entry] of this.#accounts)
        if (now - entry.last > this.#settings.forgetMs) this.#accounts.delete(id);
    }
    const entry = this.#current(key) ?? { count: 0, last: now, blockedUntil: 0 };
    entry.count += 1;
    entry.last = now;
    const over = entry.count - this.#settings.freeFailures;
    if (over >= 0) {
      const wait = Math.min(this.#settings.maxMs, this.#settings.baseMs * 2 ** Math.min(over, 30));
      entry.blockedUntil = now + wait;
    }
    this.#accounts.set(key, entry);
  }

  succeeded(key: string): void {
    this.#accounts.delete(key);
  }
}
