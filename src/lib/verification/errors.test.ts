import { describe, expect, it } from 'vitest';
import { describeFailure, VerificationError, verificationErrorMessage } from './errors.ts';

describe('verificationErrorMessage', () => {
  it("words Storage's refusals of size and type", () => {
    expect(verificationErrorMessage({ message: 'Payload too large', statusCode: '413' })).toBe(
      'The licence document is too large: at most 10 MB.',
    );
    expect(
      verificationErrorMessage({ message: 'mime type text/plain is not supported', status: 415 }),
    ).toMatch(/Use a PDF, JPEG, PNG or WebP file/);
  });

  it("passes the database's own sentences through, and hides others", () => {
    expect(
      verificationErrorMessage({
        code: '22023',
        hint: 'invalid_input',
        message: 'Upload your licence document.',
      }),
    ).toBe('Upload your licence document.');
    expect(
      verificationErrorMessage({
        code: 'PT409',
        hint: 'invalid_transition',
        message: 'Your licence is already verified.',
      }),
    ).toBe('Your licence is already verified.');
    expect(
      verificationErrorMessage({ code: '42501', message: 'new row violates row-level security policy' }),
    ).toMatch(/can no longer be changed/);
    expect(verificationErrorMessage({ code: 'XX000', message: 'internal detail' })).toMatch(
      /Something went wrong/,
    );
    expect(verificationErrorMessage({ message: 'TypeError: Failed to fetch' })).toMatch(/offline/);
  });

  it('describeFailure keeps a VerificationError as it is', () => {
    expect(describeFailure(new VerificationError('Already worded.'))).toBe('Already worded.');
    expect(describeFailure(new TypeError('Failed to fetch'))).toMatch(/offline/);
    expect(describeFailure('odd')).toMatch(/Something went wrong/);
  });
});
