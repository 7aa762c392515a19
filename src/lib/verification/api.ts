import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../database.types.ts';
import type { LicenceType } from './document.ts';
import { VerificationError, verificationErrorMessage, type ApiError } from './errors.ts';
import type { LicenceDetails } from './schema.ts';
import type { Licence, VerificationStatus } from './state.ts';

/** The private bucket of licence documents, one folder per doctor. */
export const LICENCE_BUCKET = 'licence-documents';

const LICENCE_COLUMNS =
  'registration_number, issuing_authority, country, year_licensed, document_path, submitted_at, decided_at, decision_reason';

type Client = SupabaseClient<Database>;

function fail(error: ApiError): never {
  throw new VerificationError(verificationErrorMessage(error), error.code);
}

/**
 * The doctor's side of verification, for the app's one client (or a test's): their state, their
 * licence, the admins' decisions about them, and (re)submitting the licence.
 */
export function verificationApi(client: Client) {
  return {
    /** Everything the verification panel and the dashboard notice show, in one round of requests. */
    /** `retry: false` reads once: offline, supabase-js would otherwise retry for seconds. */
    async status(doctorId: string, { retry = true }: { retry?: boolean } = {}): Promise<VerificationStatus> {
      const [doctor, licence, actions] = await Promise.all([
        client
          .from('doctors')
          .select('verification_state, verified_at, verified_authority, specializations(name)')
          .eq('id', doctorId)
          .single()
          .retry(retry),
        client
          .from('doctor_licences')
          .select(LICENCE_COLUMNS)
          .eq('doctor_id', doctorId)
          .maybeSingle()
          .retry(retry),
        // RLS shows a doctor only the actions on them ("doctors read the actions on them").
        client
          .from('admin_actions')
          .select('id, action, reason, created_at')
          .eq('target_id', doctorId)
          .order('created_at', { ascending: false })
          .limit(20)
          .retry(retry),
      ]);
      if (doctor.error) fail(doctor.error);
      if (licence.error) fail(licence.error);
      if (actions.error) fail(actions.error);
      return {
        state: doctor.data.verification_state,
        verified_at: doctor.data.verified_at,
        verified_authority: doctor.data.verified_authority,
        specialty: doctor.data.specializations?.name ?? null,
        licence: licence.data,
        actions: actions.data,
      };
    },

    /**
     * Uploads the document under a new name in the doctor's own folder (the bucket's insert
     * policy), declaring the type read from its bytes; returns its path.
     */
    async upload(doctorId: string, file: Blob, type: LicenceType, extension: string): Promise<string> {
      const path = `${doctorId}/${crypto.randomUUID()}.${extension}`;
      const { error } = await client.storage
        .from(LICENCE_BUCKET)
        .upload(path, file, { contentType: type, upsert: false, cacheControl: '3600' });
      if (error) fail(error);
      return path;
    },

    /** Submits (or resubmits) the licence for review; the state moves to pending_review. */
    async submit(details: LicenceDetails, documentPath: string): Promise<Licence> {
      const { data, error } = await client.rpc('submit_licence', {
        registration_number: details.registration_number,
        issuing_authority: details.issuing_authority,
        country: details.country,
        year_licensed: details.year_licensed,
        document_path: documentPath,
      });
      if (error) fail(error);
      return data;
    },
  };
}

export type VerificationApi = ReturnType<typeof verificationApi>;
