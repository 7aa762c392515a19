import { describe, expect, it } from 'vitest';
import { documentPath, historyFileName } from './api.ts';
import { recordCopy } from './copy.ts';
import { RecordError, recordErrorMessage } from './errors.ts';
import {
  dosageLine,
  prescriptionProblems,
  prescriptionState,
  type PrescriptionDraft,
} from './prescription.ts';
import {
  editorText,
  isBlank,
  latestVersion,
  overLimit,
  type SummaryDraft,
  type SummaryVersion,
} from './summary.ts';

const draft: PrescriptionDraft = {
  medication: 'Amoxicillin',
  strength: '500 mg',
  form: 'capsule',
  dose: '1 capsule',
  frequency: 'three times a day',
  duration_days: 7,
  quantity: 21,
  instructions: '',
};

const version = (n: number, plan: string) =>
  ({
    version: n,
    complaint: 'c',
    findings: '',
    assessment: '',
    plan,
    follow_up: '',
  }) as SummaryVersion;

describe('prescriptions', () => {
  it('accepts a complete draft and names each problem as the database does', () => {
    expect(prescriptionProblems(draft)).toEqual({});
    expect(prescriptionProblems({ ...draft, dose: ' ', duration_days: -3, quantity: 0 })).toEqual({
      dose: 'Please fill in the dose.',
      duration_days: recordCopy.validation.duration,
      quantity: recordCopy.validation.quantity,
    });
    expect(prescriptionProblems({ ...draft, duration_days: 2.5, medication: 'x'.repeat(201) })).toEqual({
      medication: 'Keep the medication under 200 characters.',
      duration_days: recordCopy.validation.duration,
    });
  });

  it('words the dosage line and the cancellation', () => {
    expect(dosageLine(draft)).toBe('1 capsule, three times a day, for 7 days (21 × capsule)');
    expect(dosageLine({ ...draft, duration_days: 1 })).toMatch(/for 1 day \(/);
    expect(prescriptionState({ cancelled_at: null, cancellation_reason: null })).toBeNull();
    expect(prescriptionState({ cancelled_at: '2026-12-02T10:00:00Z', cancellation_reason: 'Allergy' })).toBe(
      'Cancelled: Allergy',
    );
  });
});

describe('summaries', () => {
  it('starts the editor from the draft, else the latest version, else blank', () => {
    const versions = [version(1, 'rest'), version(3, 'ibuprofen'), version(2, 'fluids')];
    expect(latestVersion(versions)?.version).toBe(3);
    expect(latestVersion([])).toBeNull();
    expect(editorText(null, versions).plan).toBe('ibuprofen');
    expect(editorText({ ...version(1, 'draft plan') } as unknown as SummaryDraft, versions).plan).toBe(
      'draft plan',
    );
    const blank = editorText(null, []);
    expect(isBlank(blank)).toBe(true);
    expect(isBlank({ ...blank, plan: 'x' })).toBe(false);
    expect(overLimit({ ...blank, findings: 'x'.repeat(4001) })).toEqual(['findings']);
  });
});

describe('record errors and paths', () => {
  it('passes the database’s worded refusals through and words storage and network failures', () => {
    const message =
      'This patient is not in your care; a chart opens only for patients with an open or recent visit with you.';
    expect(recordErrorMessage({ code: '42501', hint: 'not_in_care', message })).toBe(message);
    expect(
      recordErrorMessage({ code: '22023', hint: 'invalid_input', message: 'Please fill in the dose.' }),
    ).toBe('Please fill in the dose.');
    expect(
      recordErrorMessage({ statusCode: '413', message: 'The object exceeded the maximum allowed size' }),
    ).toBe(recordCopy.errors.tooLarge);
    expect(recordErrorMessage({ statusCode: '415', message: 'mime type is not supported' })).toBe(
      recordCopy.errors.wrongType,
    );
    expect(
      recordErrorMessage({ statusCode: '403', message: 'new row violates row-level security policy' }),
    ).toBe(recordCopy.errors.notAllowed);
    expect(recordErrorMessage({ message: 'TypeError: Failed to fetch' })).toBe(recordCopy.errors.offline);
    expect(recordErrorMessage({ code: 'XX000', message: 'internal' })).toBe(recordCopy.errors.unknown);
    expect(new RecordError('x', 'not_found').code).toBe('not_found');
  });

  it('puts files under the patient’s folder, or the visit’s for its doctor, with a safe name', () => {
    const patient = '11111111-1111-4111-8111-111111111111';
    const visit = '22222222-2222-4222-8222-222222222222';
    expect(documentPath(patient, 'Blood test (March).pdf')).toMatch(
      new RegExp(`^${patient}/[0-9a-f-]{36}-Blood-test-March-\\.pdf$`),
    );
    expect(documentPath(patient, '../../etc/passwd', visit)).toMatch(
      new RegExp(`^${patient}/${visit}/[0-9a-f-]{36}-\\.\\.-\\.\\.-etc-passwd$`),
    );
    expect(historyFileName(new Date('2026-12-02T23:00:00Z'))).toBe('health-history-2026-12-02.json');
  });
});
