import { formErrors } from '../auth/messages.ts';
import type { VerificationApi } from './api.ts';
import { copy } from './copy.ts';
import { checkLicenceFile, type LicenceType } from './document.ts';
import { describeFailure } from './errors.ts';
import { emptyLicenceInput, licenceForm, type LicenceDetails, type LicenceInput } from './schema.ts';
import type { Licence } from './state.ts';

/**
 * One licence submission: the fields as typed, the picked document, their errors, and the
 * upload-then-submit sequence. Shared by the sign-up form and the verification page.
 */
export class LicenceSubmission {
  input = $state<LicenceInput>(emptyLicenceInput());
  file = $state<(Blob & { name: string }) | null>(null);
  errors = $state<Record<string, string>>({});
  failure = $state('');
  busy = $state(false);
  readonly #api: VerificationApi;

  constructor(api: VerificationApi, previous: Licence | null = null) {
    this.#api = api;
    if (previous) {
      this.input = {
        registration_number: previous.registration_number,
        issuing_authority: previous.issuing_authority,
        country: previous.country,
        year_licensed: String(previous.year_licensed),
      };
    }
  }

  /** Takes the file the doctor picked and says at once if it cannot be used. */
  async pick(file: (Blob & { name: string }) | null): Promise<void> {
    this.file = file;
    const { document: _previous, ...others } = this.errors;
    this.errors = others;
    if (!file) return;
    const checked = await checkLicenceFile(file);
    if (!checked.ok && this.file === file) this.errors = { ...this.errors, document: checked.message };
  }

  /**
   * Checks every field and the file, putting what is wrong in `errors`; returns what to upload,
   * or null. Nothing leaves the device here.
   */
  async check(): Promise<Ready | null> {
    this.failure = '';
    const parsed = licenceForm().safeParse(this.input);
    const errors: Record<string, string> = parsed.success ? {} : formErrors(parsed.error);
    const file = this.file;
    const checked = file ? await checkLicenceFile(file) : null;
    if (!file) errors.document = copy.form.documentMissing;
    else if (checked && !checked.ok) errors.document = checked.message;
    this.errors = errors;
    if (!parsed.success || !file || !checked?.ok) return null;
    return { details: parsed.data, file, type: checked.type, extension: checked.extension };
  }

  /**
   * Checks everything, uploads the document into the doctor's folder and submits the licence.
   * Returns the stored licence, or null with `errors` / `failure` saying what to fix. Nothing
   * is uploaded unless every field and the file pass.
   */
  async submit(doctorId: string): Promise<Licence | null> {
    const ready = await this.check();
    if (!ready) return null;
    this.busy = true;
    try {
      const path = await this.#api.upload(doctorId, ready.file, ready.type, ready.extension);
      return await this.#api.submit(ready.details, path);
    } catch (cause) {
      this.failure = describeFailure(cause);
      return null;
    } finally {
      this.busy = false;
    }
  }
}

interface Ready {
  details: LicenceDetails;
  file: Blob & { name: string };
  type: LicenceType;
  extension: string;
}
