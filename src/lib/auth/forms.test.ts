import { describe, expect, it } from 'vitest';
import { authMessage, formErrors } from './messages.ts';
import { newPasswordForm, signInForm, signUpForm } from './forms.ts';

const patient = {
  role: 'patient',
  email: 'ana@example.com',
  full_name: 'Ana Silva',
  password: 'longenough',
  confirm: 'longenough',
};

function errorsOf(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? {} : formErrors(result.error as never);
}

describe('sign-up form', () => {
  it('accepts a patient and trims the email', () => {
    const parsed = signUpForm.parse({ ...patient, email: '  ana@example.com ' });
    expect(parsed.email).toBe('ana@example.com');
  });

  it('names each bad field', () => {
    expect(
      errorsOf(signUpForm, {
        ...patient,
        email: 'not-an-email',
        full_name: ' ',
        password: 'short',
        confirm: 'short',
      }),
    ).toEqual({
      email: 'Enter a valid email address, like name@example.com',
      full_name: 'Enter your name',
      password: 'Use at least 8 characters',
    });
  });

  it('says when the passwords differ', () => {
    expect(errorsOf(signUpForm, { ...patient, confirm: 'different' })).toEqual({
      confirm: 'The passwords do not match',
    });
  });

  it('refuses over-long fields', () => {
    const errors = errorsOf(signUpForm, {
      ...patient,
      full_name: 'x'.repeat(121),
      password: 'p'.repeat(73),
      confirm: 'p'.repeat(73),
    });
    expect(errors.full_name).toMatch(/under 120/);
    expect(errors.password).toMatch(/at most 72/);
  });

  it('counts a password in bytes, as Auth does, so 72 accented letters are too long', () => {
    const wide = 'é'.repeat(72);
    expect(errorsOf(signUpForm, { ...patient, password: wide, confirm: wide }).password).toMatch(
      /accented letters and emoji/,
    );
    const fits = 'é'.repeat(36);
    expect(errorsOf(signUpForm, { ...patient, password: fits, confirm: fits }).password).toBeUndefined();
  });

  it('asks a doctor for professional details', () => {
    const errors = errorsOf(signUpForm, {
      ...patient,
      role: 'doctor',
      specialization: '',
      qualification: '',
      years_of_experience: '71',
    });
    expect(errors).toEqual({
      specialization: 'Choose your specialization',
      qualification: 'Enter your qualification, e.g. MD, MBBS',
      years_of_experience: 'Enter at most 70 years',
    });
    const doctor = signUpForm.parse({
      ...patient,
      role: 'doctor',
      specialization: 'cardiology',
      qualification: 'MD',
      years_of_experience: '12',
    });
    expect(doctor).toMatchObject({ role: 'doctor', years_of_experience: 12 });
  });
});

describe('other auth forms', () => {
  it('needs an email and a password to sign in', () => {
    expect(errorsOf(signInForm, { email: '', password: '' })).toEqual({
      email: 'Enter your email address',
      password: 'Enter your password',
    });
  });

  it('checks a new password and its confirmation', () => {
    expect(errorsOf(newPasswordForm, { password: 'newsecret1', confirm: 'newsecret2' })).toEqual({
      confirm: 'The passwords do not match',
    });
  });

  it('turns GoTrue codes into plain words', () => {
    expect(authMessage({ code: 'invalid_credentials', message: 'Invalid login credentials' })).toBe(
      'Wrong email or password.',
    );
    expect(authMessage({ message: 'Failed to fetch', status: 0 })).toMatch(/offline/);
    expect(authMessage({ code: 'something_new', message: 'Raw message' })).toBe('Raw message');
  });
});
