import { describe, expect, it } from 'vitest';
import { actionMessage, refusalCode } from './errors.ts';

describe('appointment error sentences', () => {
  it('shows the database’s own sentence for every catalogue refusal, whatever the SQLSTATE', () => {
    const notFound = { code: 'PT404', hint: 'not_found', message: 'Appointment not found.' };
    expect(actionMessage(notFound)).toBe('Appointment not found.');
    expect(refusalCode(notFound)).toBe('not_found');
    const transition = {
      code: 'PT409',
      hint: 'invalid_transition',
      message: 'Only pending requests can be confirmed; this appointment is completed.',
    };
    expect(actionMessage(transition)).toBe(transition.message);
    expect(
      actionMessage({ code: '42501', hint: 'not_allowed', message: 'Only the doctor can do this.' }),
    ).toBe('Only the doctor can do this.');
  });

  it('words a taken slot the same way whether it comes as 23P01 or as slot_taken', () => {
    const sentence = 'That time was just taken. Please pick another slot.';
    expect(
      actionMessage({ code: '23P01', message: 'conflicting key value violates exclusion constraint' }),
    ).toBe(sentence);
    expect(actionMessage({ code: 'PT409', hint: 'slot_taken', message: 'x' })).toBe(sentence);
  });

  it('does not show unknown server errors or hints verbatim', () => {
    expect(actionMessage({ code: 'XX000', hint: 'internal', message: 'could not open relation' })).toBe(
      'Something went wrong. Please try again.',
    );
    expect(refusalCode({ hint: 'drop table' })).toBeNull();
    expect(actionMessage({ message: 'TypeError: Failed to fetch' })).toMatch(/offline/);
  });
});
