import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database, Json } from '../database.types.ts';
import { fail } from './errors.ts';
import type { PrescriptionDraft } from './prescription.ts';
import type { SummaryText } from './summary.ts';

export const DOCUMENTS_BUCKET = 'medical-documents';
/** Signed document links live this long (seconds). */
export const SIGNED_URL_SECONDS = 120;

type Client = SupabaseClient<Database>;
export type DocumentKind = 'lab_result' | 'imaging' | 'photo' | 'letter' | 'report' | 'other';
export type MedicalDocument = Database['public']['Tables']['documents']['Row'];

/** Where a file goes: the patient's own folder, or the visit's folder when its doctor adds it. */
export function documentPath(patientId: string, fileName: string, appointmentId?: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '-').slice(-80) || 'document';
  const folder = appointmentId ? `${patientId}/${appointmentId}` : patientId;
  return `${folder}/${crypto.randomUUID()}-${safe}`;
}

/**
 * The consultation record's data access over one injected client. Every write is one RPC (one
 * transaction); errors become a thrown RecordError with the database's sentence.
 */
export function recordApi(client: Client) {
  return {
    /** Saves the doctor's working copy of a visit's summary. */
    async saveDraft(appointmentId: string, text: SummaryText) {
      const { data, error } = await client.rpc('save_summary_draft', {
        appointment_id: appointmentId,
        ...text,
      });
      if (error) fail(error);
      return data;
    },

    /** Publishes the draft as the next version, which the patient sees. */
    async finalise(appointmentId: string) {
      const { data, error } = await client.rpc('finalise_summary', { appointment_id: appointmentId });
      if (error) fail(error);
      return data;
    },

    /**
     * One visit's record as its page and the call's side panel show it: the visit, the draft
     * (RLS: its doctor only), the final versions and the prescriptions; null when the caller is
     * not one of the visit's two people.
     */
    async visitRecord(appointmentId: string) {
      const [visit, draft, versions, prescriptions] = await Promise.all([
        client
          .from('appointments')
          .select('id, status, starts_at, doctor_id, patient_id')
          .eq('id', appointmentId)
          .maybeSingle(),
        client.from('visit_summary_drafts').select('*').eq('appointment_id', appointmentId).maybeSingle(),
        this.versions(appointmentId),
        this.prescriptions(appointmentId),
      ]);
      if (visit.error) fail(visit.error);
      if (draft.error) fail(draft.error);
      return visit.data ? { visit: visit.data, draft: draft.data, versions, prescriptions } : null;
    },

    /** Final versions of a visit's summary, newest first. */
    async versions(appointmentId: string) {
      const { data, error } = await client
        .from('visit_summary_versions')
        .select('*')
        .eq('appointment_id', appointmentId)
        .order('version', { ascending: false });
      if (error) fail(error);
      return data;
    },

    async issuePrescription(appointmentId: string, draft: PrescriptionDraft) {
      const { data, error } = await client.rpc('issue_prescription', {
        appointment_id: appointmentId,
        ...draft,
        instructions: draft.instructions.trim() || undefined,
      });
      if (error) fail(error);
      return data;
    },

    async cancelPrescription(prescriptionId: string, reason: string) {
      const { data, error } = await client.rpc('cancel_prescription', {
        prescription_id: prescriptionId,
        reason,
      });
      if (error) fail(error);
      return data;
    },

    /** One prescription for the printable page (RLS: its prescriber and its patient). */
    async prescription(id: string) {
      const { data, error } = await client.from('prescriptions').select('*').eq('id', id).maybeSingle();
      if (error) fail(error);
      return data;
    },

    async prescriptions(appointmentId: string) {
      const { data, error } = await client
        .from('prescriptions')
        .select('*')
        .eq('appointment_id', appointmentId)
        .order('issued_at');
      if (error) fail(error);
      return data;
    },

    /**
     * Uploads a file and registers it on the record; an upload whose registration fails is
     * removed again, so nothing is half-saved.
     */
    async addDocument(input: {
      patientId: string;
      file: Blob;
      fileName: string;
      title: string;
      kind: DocumentKind;
      appointmentId?: string;
      /** The visit's folder: set when the visit's doctor adds the file. */
      asDoctor?: boolean;
    }) {
      const path = documentPath(
        input.patientId,
        input.fileName,
        input.asDoctor ? input.appointmentId : undefined,
      );
      const bucket = client.storage.from(DOCUMENTS_BUCKET);
      const upload = await bucket.upload(path, input.file, { contentType: input.file.type });
      if (upload.error) fail(upload.error);
      const { data, error } = await client.rpc('register_document', {
        storage_path: path,
        title: input.title,
        kind: input.kind,
        appointment_id: input.appointmentId,
      });
      if (error) {
        await bucket.remove([path]);
        fail(error);
      }
      return data;
    },

    async share(documentId: string, doctorId: string) {
      const { error } = await client
        .from('document_shares')
        .insert({ document_id: documentId, doctor_id: doctorId });
      if (error) fail(error);
    },

    async unshare(documentId: string, doctorId: string) {
      const { error } = await client
        .from('document_shares')
        .delete()
        .eq('document_id', documentId)
        .eq('doctor_id', doctorId);
      if (error) fail(error);
    },

    /** A short-lived link to a document the caller may read. */
    async documentUrl(storagePath: string) {
      const { data, error } = await client.storage
        .from(DOCUMENTS_BUCKET)
        .createSignedUrl(storagePath, SIGNED_URL_SECONDS);
      if (error) fail(error);
      return data.signedUrl;
    },

    /** The patient chart for the signed-in doctor. */
    async chart(patientId: string): Promise<Json> {
      const { data, error } = await client.rpc('patient_chart', { patient: patientId });
      if (error) fail(error);
      return data;
    },

    /** The signed-in patient's whole history (timeline and export). */
    async history(): Promise<Json> {
      const { data, error } = await client.rpc('my_health_history');
      if (error) fail(error);
      return data;
    },
  };
}

/** The export's file name for a day. @example historyFileName(new Date('2026-12-02')) // "health-history-2026-12-02.json" */
export function historyFileName(day: Date): string {
  return `health-history-${day.toISOString().slice(0, 10)}.json`;
}
