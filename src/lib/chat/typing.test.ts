import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_RESEND_MS, TYPING_TIMEOUT_MS, TypingIndicator } from './typing.svelte.ts';

describe('typing indicator', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('announces typing at most every 1.5 s, and stopping once', () => {
    const sent: boolean[] = [];
    let now = 1_000;
    const typing = new TypingIndicator(
      (value) => sent.push(value),
      () => now,
    );
    typing.typed();
    now += 200;
    typing.typed();
    now += TYPING_RESEND_MS;
    typing.typed();
    typing.stopped();
    typing.stopped();
    expect(sent).toEqual([true, true, false]);
  });

  it('shows the other side typing until 3 s of silence, a stop, or their leaving', () => {
    const typing = new TypingIndicator(() => undefined);
    typing.received(true);
    expect(typing.otherTyping).toBe(true);
    vi.advanceTimersByTime(TYPING_TIMEOUT_MS - 100);
    typing.received(true);
    vi.advanceTimersByTime(TYPING_TIMEOUT_MS - 100);
    expect(typing.otherTyping).toBe(true);
    vi.advanceTimersByTime(200);
    expect(typing.otherTyping).toBe(false);
    typing.received(true);
    typing.received(false);
    expect(typing.otherTyping).toBe(false);
    typing.received(true);
    typing.otherLeft();
    expect(typing.otherTyping).toBe(false);
  });
});
