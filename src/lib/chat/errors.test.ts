import { describe, expect, it } from 'vitest';
import { ChatError, chatErrorMessage, describeFailure, NOT_ALLOWED, OFFLINE } from './errors.ts';

describe('chat errors', () => {
  it('passes the rate limit’s own sentence through', () => {
    const message = 'You are sending messages too fast. Wait a few seconds.';
    expect(chatErrorMessage({ code: 'PT429', message })).toBe(message);
  });

  it('explains refusals, limits and offline sends in words', () => {
    expect(chatErrorMessage({ code: '42501', message: 'you can only message …' })).toBe(NOT_ALLOWED);
    expect(
      chatErrorMessage({ statusCode: '403', message: 'new row violates row-level security policy' }),
    ).toBe(NOT_ALLOWED);
    expect(
      chatErrorMessage({ code: '23514', message: 'new row violates check constraint "message_body_length"' }),
    ).toBe('Messages can be at most 4,000 characters.');
    expect(
      chatErrorMessage({ statusCode: '413', message: 'The object exceeded the maximum allowed size' }),
    ).toMatch(/too large/);
    expect(chatErrorMessage({ statusCode: '415', message: 'mime type is not supported' })).toMatch(
      /Choose a picture/,
    );
    expect(chatErrorMessage({ message: 'TypeError: Failed to fetch' })).toBe(OFFLINE);
    expect(chatErrorMessage({ code: 'XX000', message: 'internal' })).toMatch(/Please try again/);
  });

  it('describes anything thrown', () => {
    expect(describeFailure(new ChatError('Exactly this.'))).toBe('Exactly this.');
    expect(describeFailure(new TypeError('Failed to fetch'))).toBe(OFFLINE);
    expect(describeFailure('weird')).toMatch(/Please try again/);
  });
});
