import { describe, expect, it } from 'vitest';
import { formErrors } from '../auth/messages.ts';
import { doctorForm, patientForm, profileForm, rangeProblem, scheduleForm } from './schema.ts';

const emptyPatient = {
  date_of_birth: '',
  gender: '',
  blood_group: '',
  allergies: '',
  emergency_contact_name: '',
  emergency_contact_phone: '',
  emergency_contact_relation: '',
};

describe('the patient’s medical profile', () => {
  const form = patientForm('2026-03-03');

  it('stores blanks as nothing', () => {
    expect(form.parse(emptyPatient)).toEqual(
      Object.fromEntries(Object.keys(emptyPatient).map((key) => [key, null])),
    );
  });

  it('refuses a date of birth in the future', () => {
    const result = form.safeParse({ ...emptyPatient, date_of_birth: '2026-03-04' });
    expect(result.success || formErrors(result.error)).toEqual({
      date_of_birth: 'The date of birth cannot be in the future',
    });
    expect(form.parse({ ...emptyPatient, date_of_birth: '2026-03-03' }).date_of_birth).toBe('2026-03-03');
  });

  it('refuses over-long text and a malformed phone number', () => {
    const result = form.safeParse({
      ...emptyPatient,
      allergies: 'x'.repeat(1001),
      emergency_contact_phone: 'call me',
    });
    expect(result.success || formErrors(result.error)).toEqual({
      allergies: 'Keep allergies under 1000 characters',
      emergency_contact_phone: 'Enter a phone number like +44 20 7946 0958',
    });
  });

  it('knows only real blood groups', () => {
    expect(form.safeParse({ ...emptyPatient, blood_group: 'C+' }).success).toBe(false);
    expect(form.parse({ ...emptyPatient, blood_group: 'AB-' }).blood_group).toBe('AB-');
  });
});

describe('the shared profile and the doctor’s details', () => {
  it('needs a name', () => {
    const result = profileForm.safeParse({ full_name: '  ', phone: '' });
    expect(result.success || formErrors(result.error)).toEqual({ full_name: 'Enter your name' });
  });

  it('needs at least one consultation mode', () => {
    const result = doctorForm.safeParse({
      specialization: 'cardiology',
      qualification: '',
      years_of_experience: '3',
      about: '',
      consultation_modes: [],
    });
    expect(result.success || formErrors(result.error)).toEqual({
      consultation_modes: 'Offer at least one kind of consultation',
    });
  });

  it('checks slot length and time zone', () => {
    const result = scheduleForm.safeParse({ slot_minutes: '7', time_zone: 'Mars/Olympus' });
    expect(result.success || formErrors(result.error)).toEqual({
      slot_minutes: 'Slots last at least 10 minutes',
      time_zone: 'Choose a time zone from the list',
    });
    expect(scheduleForm.parse({ slot_minutes: '45', time_zone: 'Asia/Kolkata' })).toEqual({
      slot_minutes: 45,
      time_zone: 'Asia/Kolkata',
    });
  });
});

describe('weekly ranges', () => {
  const existing = [{ start_time: '09:00:00', end_time: '12:00:00' }];

  it('accepts a range that touches another', () => {
    expect(rangeProblem('12:00', '13:00', existing)).toBeNull();
  });

  it('refuses an end before the start and an overlap', () => {
    expect(rangeProblem('14:00', '13:00', existing)).toBe('The end must be after the start');
    expect(rangeProblem('11:00', '13:00', existing)).toBe('This overlaps 09:00–12:00');
  });
});
