import { z } from 'zod';

/** GoTrue refuses shorter passwords (config.toml `minimum_password_length`); bcrypt ignores bytes past 72. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 72;

const email = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .pipe(z.email({ message: 'Enter a valid email address, like name@example.com' }));

const password = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

const fullName = z.string().trim().min(1, 'Enter your name').max(120, 'Keep your name under 120 characters');

export const signInForm = z.object({
  email,
  password: z.string().min(1, 'Enter your password'),
});

const newPasswordFields = z.object({ password, confirm: z.string() });
const passwordsMatch = <T extends { password: string; confirm: string }>(
  value: T,
  context: z.RefinementCtx,
) => {
  if (value.password !== value.confirm) {
    context.addIssue({ code: 'custom', path: ['confirm'], message: 'The passwords do not match' });
  }
};

export const newPasswordForm = newPasswordFields.superRefine(passwordsMatch);

export const resetRequestForm = z.object({ email });

const patientSignUp = z.object({
  role: z.literal('patient'),
  email,
  full_name: fullName,
  password,
  confirm: z.string(),
});

/** Matches the database's doctor constraints (see the profiles migration). */
export const doctorDetails = z.object({
  specialization: z.string().min(1, 'Choose your specialization'),
  qualification: z
    .string()
    .trim()
    .min(2, 'Enter your qualification, e.g. MD, MBBS')
    .max(200, 'Keep it under 200 characters'),
  years_of_experience: z.coerce
    .number({ message: 'Enter a number of years' })
    .int('Enter whole years')
    .min(0, 'Years cannot be negative')
    .max(70, 'Enter at most 70 years'),
});

const doctorSignUp = patientSignUp.extend({ role: z.literal('doctor') }).extend(doctorDetails.shape);

export const signUpForm = z
  .discriminatedUnion('role', [patientSignUp, doctorSignUp])
  .superRefine(passwordsMatch);

export type SignUpForm = z.infer<typeof signUpForm>;

/** Field → first message, for showing errors next to their fields. */
export function formErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/** GoTrue's error codes, in words for the person at the form. */
export function authMessage(error: {
  code?: string | undefined;
  message: string;
  status?: number | undefined;
}): string {
  switch (error.code) {
    case 'invalid_credentials':
      return 'Wrong email or password.';
    case 'user_already_exists':
    case 'email_exists':
      return 'An account with this email already exists. Sign in instead, or reset your password.';
    case 'weak_password':
      return 'That password is too weak. Use at least 8 characters.';
    case 'email_not_confirmed':
      return 'Confirm your email address first: open the link we sent you.';
    case 'over_request_rate_limit':
    case 'over_email_send_rate_limit':
      return 'Too many attempts. Wait a minute and try again.';
    case 'same_password':
      return 'Choose a password different from your current one.';
    case 'unexpected_failure':
      return 'The account could not be created. Check your details and try again.';
  }
  if (error.status === 0 || /fetch|network/i.test(error.message)) {
    return 'You seem to be offline. Check your connection and try again.';
  }
  return error.message;
}
