// zod/mini: the same validation as classic zod, tree-shaken, so the login route stays light.
import * as z from 'zod/mini';

/** GoTrue refuses shorter passwords (config.toml `minimum_password_length`); bcrypt ignores bytes past 72. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 72;

const email = z.pipe(
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Enter your email address'),
      z.maxLength(254, 'That email address is too long'),
    ),
  z.email('Enter a valid email address, like name@example.com'),
);

const password = z.string().check(
  z.minLength(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`),
  z.maxLength(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`),
  // Auth counts UTF-8 bytes (bcrypt's limit), so 72 accented letters are already too many.
  z.refine(
    (value) => new TextEncoder().encode(value).length <= PASSWORD_MAX,
    `Too long: accented letters and emoji count as 2 to 4 of the ${PASSWORD_MAX} characters allowed`,
  ),
);

const fullName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Enter your name'),
    z.maxLength(120, 'Keep your name under 120 characters'),
  );

export const signInForm = z.object({
  email,
  password: z.string().check(z.minLength(1, 'Enter your password')),
});

/** Flags a repeated password that differs, on the `confirm` field. */
const passwordsMatch = z.superRefine((value: { password: string; confirm: string }, context) => {
  if (value.password !== value.confirm) {
    context.addIssue({
      code: 'custom',
      path: ['confirm'],
      message: 'The passwords do not match',
      input: value,
    });
  }
});

export const newPasswordForm = z.object({ password, confirm: z.string() }).check(passwordsMatch);

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
  specialization: z.string().check(z.minLength(1, 'Choose your specialization')),
  qualification: z
    .string()
    .check(
      z.trim(),
      z.minLength(2, 'Enter your qualification, e.g. MD, MBBS'),
      z.maxLength(200, 'Keep it under 200 characters'),
    ),
  years_of_experience: z.coerce
    .number('Enter a number of years')
    .check(
      z.refine(Number.isInteger, 'Enter whole years'),
      z.gte(0, 'Years cannot be negative'),
      z.lte(70, 'Enter at most 70 years'),
    ),
});

const doctorSignUp = z.extend(patientSignUp, { role: z.literal('doctor'), ...doctorDetails.shape });

export const signUpForm = z.discriminatedUnion('role', [patientSignUp, doctorSignUp]).check(passwordsMatch);

export type SignUpForm = z.infer<typeof signUpForm>;
