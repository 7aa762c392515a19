import { describe, expect, it } from 'vitest';
import { copy } from './copy.ts';
import { AdminError, adminErrorMessage, describeFailure } from './errors.ts';

describe('adminErrorMessage', () => {
  it('passes on the sentences the admin RPCs raise', () => {
    const refusal = {
      code: 'PT409',
      hint: 'invalid_transition',
      message: 'This doctor is verified; only a doctor who is pending review can be approved.',
    };
    expect(adminErrorMessage(refusal)).toBe(refusal.message);
    expect(
      adminErrorMessage({ code: 'PT404', hint: 'not_found', message: 'There is no user with this id.' }),
    ).toBe('There is no user with this id.');
    expect(
      adminErrorMessage({
        code: '22023',
        hint: 'invalid_input',
        message: 'Enter a full email address, e.g. name@example.com.',
      }),
    ).toBe('Enter a full email address, e.g. name@example.com.');
  });

  it('words the rest itself: offline, refused, missing document, anything else', () => {
    expect(adminErrorMessage({ message: 'TypeError: Failed to fetch' })).toBe(copy.offline);
    expect(adminErrorMessage({ code: '42501', message: 'permission denied for table doctor_licences' })).toBe(
      copy.notAllowed,
    );
    expect(adminErrorMessage({ statusCode: '404', message: 'Object not found' })).toBe(
      copy.queue.documentMissing,
    );
    expect(adminErrorMessage({ code: 'XX000', message: 'internal error at line 3' })).toBe(copy.failed);
  });

  it('describes thrown values of any kind', () => {
    expect(describeFailure(new AdminError('Already said.'))).toBe('Already said.');
    expect(describeFailure(new TypeError('fetch failed'))).toBe(copy.offline);
    expect(describeFailure('boom')).toBe(copy.failed);
  });
});
