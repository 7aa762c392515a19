import { describe, expect, it } from 'vitest';
import { RateCounter, realtimeLimits } from './limits.ts';

describe('realtime limits', () => {
  it("has Realtime's defaults and reads the same environment names", () => {
    expect(realtimeLimits({})).toMatchObject({
      channelsPerClient: 100,
      joinsPerSecond: 100,
      presenceEventsPerSecond: 1000,
      clientPresenceMaxCalls: 5,
      clientPresenceWindowMs: 30_000,
      payloadBytes: 3_000_500,
    });
    const custom = realtimeLimits({ TENANT_MAX_CHANNELS_PER_CLIENT: '10', TENANT_MAX_JOINS_PER_SECOND: 'x' });
    expect(custom.channelsPerClient).toBe(10);
    expect(custom.joinsPerSecond).toBe(100);
  });

  it('lets a burst through and limits a sustained rate, judged at each 5 s tick', () => {
    const t0 = 1_000_000;
    const counter = new RateCounter(10, 5000, 12, t0);
    // 100 joins at once: nothing is judged before the first tick.
    for (let i = 0; i < 100; i++) expect(counter.limited(t0 + 1)).toBe(false);
    // At the tick: 100 in 5 s is 20/s on average, over the limit of 10/s.
    expect(counter.limited(t0 + 5000)).toBe(true);
    // Quiet ticks bring the average down again (100 over 2 buckets = 10/s, not above 10).
    expect(counter.limited(t0 + 10_000)).toBe(false);
  });
});
