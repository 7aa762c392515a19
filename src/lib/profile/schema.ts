import { z } from 'zod';

// Mirrors the database constraints on profiles, patients and doctors (profiles migration), so a
// person sees the problem next to the field instead of a constraint name after saving.

const PHONE = /^\+?[0-9][0-9 ()-]{5,19}$/;
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${label} under ${max} characters`)
    .transform((value) => value || null);

const optionalPhone = z
  .string()
  .trim()
  .refine((value) => value === '' || PHONE.test(value), 'Enter a phone number like +44 20 7946 0958')
  .transform((value) => value || null);

export const profileForm = z.object({
  full_name: z.string().trim().min(1, 'Enter your name').max(120, 'Keep your name under 120 characters'),
  phone: optionalPhone,
});

export const GENDERS = [
  ['female', 'Female'],
  ['male', 'Male'],
  ['non_binary', 'Non-binary'],
  ['other', 'Other'],
  ['prefer_not_to_say', 'Prefer not to say'],
] as const;
export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

/** Today's date (YYYY-MM-DD) where the person is. */
export function localToday(now: Date = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}

export function patientForm(today: string = localToday()) {
  return z.object({
    date_of_birth: z
      .string()
      .refine((value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value), 'Enter a date')
      .refine((value) => value === '' || value <= today, 'The date of birth cannot be in the future')
      .refine((value) => value === '' || value >= '1900-01-01', 'Enter a date after 1900')
      .transform((value) => value || null),
    gender: z.enum(['', ...GENDERS.map(([value]) => value)]).transform((value) => value || null),
    blood_group: z.enum(['', ...BLOOD_GROUPS]).transform((value) => value || null),
    allergies: optionalText(1000, 'allergies'),
    emergency_contact_name: optionalText(120, 'the name'),
    emergency_contact_phone: optionalPhone,
    emergency_contact_relation: optionalText(60, 'the relation'),
  });
}

export const doctorForm = z.object({
  specialization: z.string().min(1, 'Choose your specialization'),
  qualification: optionalText(200, 'the qualification'),
  years_of_experience: z.coerce
    .number({ message: 'Enter a number of years' })
    .int('Enter whole years')
    .min(0)
    .max(70, 'Enter at most 70 years'),
  about: optionalText(2000, 'the description'),
  consultation_modes: z.array(z.enum(['video', 'chat'])).min(1, 'Offer at least one kind of consultation'),
});

export const scheduleForm = z.object({
  slot_minutes: z.coerce
    .number({ message: 'Enter minutes' })
    .int()
    .min(10, 'Slots last at least 10 minutes')
    .max(240, 'Slots last at most 240 minutes')
    .refine((value) => value % 5 === 0, 'Use a multiple of 5 minutes'),
  time_zone: z.string().refine(isTimeZone, 'Choose a time zone from the list'),
});

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** A weekly range is "HH:MM"–"HH:MM" with the end after the start, not overlapping others that day. */
export function rangeProblem(
  start: string,
  end: string,
  others: { start_time: string; end_time: string }[],
): string | null {
  if (!/^\d{2}:\d{2}/.test(start) || !/^\d{2}:\d{2}/.test(end)) return 'Enter a start and an end time';
  if (end.slice(0, 5) <= start.slice(0, 5)) return 'The end must be after the start';
  const overlapping = others.find(
    (other) =>
      other.start_time.slice(0, 5) < end.slice(0, 5) && start.slice(0, 5) < other.end_time.slice(0, 5),
  );
  if (overlapping)
    return `This overlaps ${overlapping.start_time.slice(0, 5)}–${overlapping.end_time.slice(0, 5)}`;
  return null;
}
