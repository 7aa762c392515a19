import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../config/project.ts';
import { RateLimiter } from './rate-limit.ts';
import { SignInBackoff } from './sign-in-backoff.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('per-IP token buckets (GoTrue: 30 at once, refilled at the limit per 5 minutes)', () => {
  it('lets 30 through, refuses the 31st, and refills one every 5 min / limit', () => {
    const time = clock();
    const limiter = new RateLimiter({ token_refresh: 150 }, time.now);
    for (let i = 0; i < 30; i++) expect(limiter.take('token_refresh', '203.0.113.1')).toBe(true);
    expect(limiter.take('token_refresh', '203.0.113.1')).toBe(false);
    expect(limiter.retryAfterSeconds('token_refresh', '203.0.113.1')).toBe(2);
    expect(limiter.take('token_refresh', '203.0.113.2')).toBe(true); // another address
    time.advance(2000); // 150 per 300 s = one every 2 s
    expect(limiter.take('token_refresh', '203.0.113.1')).toBe(true);
    expect(limiter.take('token_refresh', '203.0.113.1')).toBe(false);
  });

  it('holds no more than a configured limit below 30, and gives refunded tokens back', () => {
    const limiter = new RateLimiter({ sign_in_sign_ups: 5 }, clock().now);
    for (let i = 0; i < 5; i++) expect(limiter.take('sign_in_failures', 'ip')).toBe(true);
    expect(limiter.take('sign_in_failures', 'ip')).toBe(false);
    limiter.refund('sign_in_failures', 'ip');
    expect(limiter.take('sign_in_failures', 'ip')).toBe(true);
  });
});

describe('per-account sign-in back-off', () => {
  const settings = { ...DEFAULT_BACKOFF, baseMs: 1000, maxMs: 8000 };

  it('waits after 5 failures, doubles each further failure up to the cap, and forgets on success', () => {
    const time = clock();
    const backoff = new SignInBackoff(settings, time.now);
    for (let i = 0; i < 4; i++) backoff.failed('ada@example.test');
    expect(backoff.waitMs('ada@example.test')).toBe(0);
    backoff.failed('ada@example.test');
    const waits = [backoff.waitMs('ada@example.test')];
    for (let i = 0; i < 5; i++) {
      time.advance(waits.at(-1)!);
      expect(backoff.waitMs('ada@example.test')).toBe(0);
      backoff.failed('ada@example.test');
      waits.push(backoff.waitMs('ada@example.test'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoff.waitMs('grace@example.test')).toBe(0); // other accounts are untouched
    backoff.succeeded('ada@example.test');
    expect(backoff.waitMs('ada@example.test')).toBe(0);
    backoff.failed('ada@example.test');
    expect(backoff.waitMs('ada@example.test')).toBe(0);
  });

  it('forgets failures after a quiet period', () => {
    const time = clock();
    const backoff = new SignInBackoff(settings, time.now);
    for (let i = 0; i < 4; i++) backoff.failed('ada@example.test');
    time.advance(settings.forgetMs + 1);
    backoff.failed('ada@example.test');
    expect(backoff.waitMs('ada@example.test')).toBe(0);
  });
});
