import * as z from 'zod/mini';
import { copy } from './copy.ts';

/** The earliest licence year the database accepts (doctor_licences.year_licensed). */
export const FIRST_LICENCE_YEAR = 1940;

/**
 * The licence details, checked as `public.submit_licence` checks them (same patterns and
 * ranges), so the form says what is wrong before anything is sent.
 */
export function licenceForm(thisYear = new Date().getFullYear()) {
  return z.object({
    registration_number: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, copy.form.registrationMissing),
        z.regex(/^[A-Za-z0-9][A-Za-z0-9 /.-]{1,39}$/, copy.form.registrationFormat),
      ),
    issuing_authority: z
      .string()
      .check(
        z.trim(),
        z.minLength(2, copy.form.authorityMissing),
        z.maxLength(120, copy.form.authorityTooLong),
      ),
    country: z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z]{2}$/, copy.form.countryFormat)),
    year_licensed: z.coerce
      .number(copy.form.yearMissing)
      .check(
        z.refine(Number.isInteger, copy.form.yearRange(thisYear)),
        z.gte(FIRST_LICENCE_YEAR, copy.form.yearRange(thisYear)),
        z.lte(thisYear, copy.form.yearRange(thisYear)),
      ),
  });
}

export type LicenceDetails = z.infer<ReturnType<typeof licenceForm>>;

/** The form's fields as typed, before checking. */
export interface LicenceInput {
  registration_number: string;
  issuing_authority: string;
  country: string;
  year_licensed: string;
}

export const emptyLicenceInput = (): LicenceInput => ({
  registration_number: '',
  issuing_authority: '',
  country: '',
  year_licensed: '',
});
