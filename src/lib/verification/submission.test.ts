import { describe, expect, it, vi } from 'vitest';
import { VerificationError } from './errors.ts';
import type { Licence } from './state.ts';
import { LicenceSubmission } from './submission.svelte.ts';

const DOCTOR = '33333333-3333-4333-8333-333333333333';

function fakeApi() {
  const stored: Licence = {
    registration_number: 'GMC 7012345',
    issuing_authority: 'General Medical Council',
    country: 'GB',
    year_licensed: 2016,
    document_path: `${DOCTOR}/x.pdf`,
    submitted_at: '2026-03-01T00:00:00Z',
    decided_at: null,
    decision_reason: null,
  };
  return {
    stored,
    upload: vi.fn((_doctor: string, _file: Blob, type: string, extension: string) =>
      Promise.resolve(`${DOCTOR}/new.${extension}:${type}`),
    ),
    submit: vi.fn(() => Promise.resolve(stored)),
    status: vi.fn(),
  };
}

const pdf = () => new File(['%PDF-1.4\n'], 'licence.pdf', { type: 'application/pdf' });

function filled(api: ReturnType<typeof fakeApi>) {
  const submission = new LicenceSubmission(api);
  submission.input = {
    registration_number: 'GMC 7012345',
    issuing_authority: 'General Medical Council',
    country: 'gb',
    year_licensed: '2016',
  };
  return submission;
}

describe('LicenceSubmission', () => {
  it('uploads with the type read from the bytes, then submits the checked details', async () => {
    const api = fakeApi();
    const submission = filled(api);
    await submission.pick(new File(['%PDF-1.4\n'], 'scan', { type: '' }));
    expect(submission.errors).toEqual({});
    await expect(submission.submit(DOCTOR)).resolves.toBe(api.stored);
    expect(api.upload).toHaveBeenCalledWith(DOCTOR, submission.file, 'application/pdf', 'pdf');
    expect(api.submit).toHaveBeenCalledWith(
      {
        registration_number: 'GMC 7012345',
        issuing_authority: 'General Medical Council',
        country: 'GB',
        year_licensed: 2016,
      },
      `${DOCTOR}/new.pdf:application/pdf`,
    );
    expect(submission.busy).toBe(false);
  });

  it('uploads nothing while a field or the file is wrong', async () => {
    const api = fakeApi();
    const submission = filled(api);
    await expect(submission.submit(DOCTOR)).resolves.toBeNull();
    expect(submission.errors).toEqual({ document: 'Choose your licence document' });

    await submission.pick(new File(['plain text'], 'notes.txt', { type: 'text/plain' }));
    expect(submission.errors.document).toMatch(/“notes.txt” is not a PDF or a picture/);
    submission.input.country = 'Britain';
    await expect(submission.submit(DOCTOR)).resolves.toBeNull();
    expect(Object.keys(submission.errors).sort()).toEqual(['country', 'document']);
    expect(api.upload).not.toHaveBeenCalled();
    expect(api.submit).not.toHaveBeenCalled();
  });

  it("shows the server's refusal and stays ready for another try", async () => {
    const api = fakeApi();
    api.submit.mockRejectedValueOnce(new VerificationError('Your licence is already verified.'));
    const submission = filled(api);
    await submission.pick(pdf());
    await expect(submission.submit(DOCTOR)).resolves.toBeNull();
    expect(submission.failure).toBe('Your licence is already verified.');
    expect(submission.busy).toBe(false);
    await expect(submission.submit(DOCTOR)).resolves.toBe(api.stored);
    expect(submission.failure).toBe('');
  });

  it('starts from the licence on file', () => {
    const api = fakeApi();
    const submission = new LicenceSubmission(api, api.stored);
    expect(submission.input).toEqual({
      registration_number: 'GMC 7012345',
      issuing_authority: 'General Medical Council',
      country: 'GB',
      year_licensed: '2016',
    });
  });
});
