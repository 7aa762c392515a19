import { describe, expect, it } from 'vitest';
import { formErrors } from '../auth/messages.ts';
import { licenceForm } from './schema.ts';

const valid = {
  registration_number: ' GMC 7012345 ',
  issuing_authority: ' General Medical Council ',
  country: 'gb',
  year_licensed: '2016',
};

describe('licenceForm', () => {
  it('trims, upper-cases the country and reads the year as a number', () => {
    expect(licenceForm(2026).parse(valid)).toEqual({
      registration_number: 'GMC 7012345',
      issuing_authority: 'General Medical Council',
      country: 'GB',
      year_licensed: 2016,
    });
  });

  it('words each mistake next to its field, as submit_licence would refuse it', () => {
    const result = licenceForm(2026).safeParse({
      registration_number: '#1',
      issuing_authority: 'x',
      country: 'GBR',
      year_licensed: '2030',
    });
    expect(result.success).toBe(false);
    expect(formErrors(result.error!)).toEqual({
      registration_number: 'Use 2–40 letters, digits, spaces, / . or -, starting with a letter or digit',
      issuing_authority: 'Name the authority that issued your licence',
      country: 'Give the country as a two-letter code, e.g. GB or IN',
      year_licensed: 'Enter a year between 1940 and 2026',
    });
  });

  it('refuses missing fields, years before 1940 and fractions', () => {
    const empty = licenceForm(2026).safeParse({
      registration_number: '',
      issuing_authority: '',
      country: '',
      year_licensed: 'soon',
    });
    expect(Object.keys(formErrors(empty.error!)).sort()).toEqual([
      'country',
      'issuing_authority',
      'registration_number',
      'year_licensed',
    ]);
    expect(formErrors(empty.error!).registration_number).toBe('Enter your registration number');
    expect(licenceForm(2026).safeParse({ ...valid, year_licensed: '1939' }).success).toBe(false);
    expect(licenceForm(2026).safeParse({ ...valid, year_licensed: '2010.5' }).success).toBe(false);
    expect(licenceForm(2026).safeParse({ ...valid, registration_number: 'A'.repeat(41) }).success).toBe(
      false,
    );
  });
});
