import { describe, expect, it } from 'vitest';
import { COPY_VERSION, copyKey, isUnreachable, makeCopy, readCopy } from './copy.ts';

describe('copyKey', () => {
  it('names the kind, role and user', () => {
    expect(copyKey('appointments', 'u1', 'doctor')).toBe('appointments:doctor:u1');
    expect(copyKey('profile', 'u1')).toBe('profile:u1');
  });
});

describe('readCopy', () => {
  const copy = makeCopy('u1', [{ id: 'a' }], 1_700_000_000_000);

  it('returns a current copy of the same user', () => {
    expect(readCopy(copy, 'u1')).toEqual({
      version: COPY_VERSION,
      userId: 'u1',
      savedAt: 1_700_000_000_000,
      value: [{ id: 'a' }],
    });
  });

  it("never hands one user another user's copy", () => {
    expect(readCopy(copy, 'u2')).toBeNull();
  });

  it('ignores older formats and anything unreadable', () => {
    expect(readCopy({ ...copy, version: COPY_VERSION - 1 }, 'u1')).toBeNull();
    expect(readCopy({ ...copy, savedAt: 'yesterday' }, 'u1')).toBeNull();
    expect(readCopy({ version: COPY_VERSION, userId: 'u1', savedAt: 1 }, 'u1')).toBeNull();
    expect(readCopy(undefined, 'u1')).toBeNull();
    expect(readCopy('text', 'u1')).toBeNull();
  });
});

describe('isUnreachable', () => {
  it('is true when the request never got an answer', () => {
    expect(isUnreachable({ status: 0, error: { message: 'TypeError: Failed to fetch' } })).toBe(true);
    expect(isUnreachable({ error: { message: 'NetworkError when attempting to fetch resource.' } })).toBe(
      true,
    );
    expect(isUnreachable({ error: { message: 'Load failed' } })).toBe(true);
  });

  it('is false when the server answered with an error', () => {
    expect(isUnreachable({ status: 401, error: { message: 'JWT expired' } })).toBe(false);
    expect(isUnreachable({ status: 400, error: { message: 'invalid input syntax' } })).toBe(false);
  });
});
