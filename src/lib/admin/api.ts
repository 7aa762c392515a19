import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../database.types.ts';
import { auditPageAfter, type AuditCursor, type AuditEntry } from './audit.ts';
import { AdminError, adminErrorMessage, type ApiError } from './errors.ts';
import { parseFigures, type Figures } from './figures.ts';

/** A licence document link lives this long (seconds): long enough to open, too short to share. */
export const DOCUMENT_URL_SECONDS = 60;
/** Audit log entries per page. */
export const AUDIT_PAGE_SIZE = 25;
/** How many recent approvals the verification page lists (for suspending one). */
export const RECENTLY_VERIFIED = 10;

type Client = SupabaseClient<Database>;
type Tables = Database['public']['Tables'];
type Functions = Database['public']['Functions'];

export type FoundUser = Functions['find_user']['Returns'][number];
export type AdminAction = Tables['admin_actions']['Row'];

const LICENCE_COLUMNS =
  'doctor_id, registration_number, issuing_authority, country, year_licensed, document_path, submitted_at';
const DOCTOR_COLUMNS =
  'id, specialization, qualification, years_of_experience, verification_state, verified_at, verified_authority, profile:profiles!doctors_id_fkey(full_name)';

function fail(error: ApiError): never {
  throw new AdminError(adminErrorMessage(error), error.hint ?? error.code);
}

/**
 * The admin console's data access, for the app's one client (or a test's). Reads go through RLS
 * (admins see every doctor and licence, and no patient data); every change is one of the
 * security-definer RPCs of 20260307000300_verification_functions.sql, which also write the audit log.
 */
export function adminApi(client: Client) {
  return {
    /** Doctors waiting for a review, oldest submission first, with their licence. */
    async queue() {
      const { data, error } = await client
        .from('doctor_licences')
        .select(`${LICENCE_COLUMNS}, doctor:doctors!doctor_licences_doctor_id_fkey!inner(${DOCTOR_COLUMNS})`)
        .eq('doctor.verification_state', 'pending_review')
        .order('submitted_at', { ascending: true })
        .order('doctor_id', { ascending: true })
        .limit(100);
      if (error) fail(error);
      return data;
    },

    /** The newest approvals, for suspending a doctor from the same page. */
    async recentlyVerified(limit = RECENTLY_VERIFIED) {
      const { data, error } = await client
        .from('doctors')
        .select(DOCTOR_COLUMNS)
        .eq('verification_state', 'verified')
        .order('verified_at', { ascending: false })
        .limit(limit);
      if (error) fail(error);
      return data;
    },

    /** A short-lived link to a licence document in the private bucket. */
    async documentUrl(path: string): Promise<string> {
      const { data, error } = await client.storage
        .from('licence-documents')
        .createSignedUrl(path, DOCUMENT_URL_SECONDS);
      if (error) fail(error);
      return data.signedUrl;
    },

    async approve(doctorId: string, note: string | null): Promise<AdminAction> {
      const { data, error } = await client.rpc('approve_doctor', {
        doctor_id: doctorId,
        ...(note ? { note } : {}),
      });
      if (error) fail(error);
      return data;
    },

    async reject(doctorId: string, reason: string): Promise<AdminAction> {
      const { data, error } = await client.rpc('reject_doctor', { doctor_id: doctorId, reason });
      if (error) fail(error);
      return data;
    },

    async suspend(userId: string, reason: string): Promise<AdminAction> {
      const { data, error } = await client.rpc('suspend_user', { user_id: userId, reason });
      if (error) fail(error);
      return data;
    },

    async reinstate(userId: string, reason: string): Promise<AdminAction> {
      const { data, error } = await client.rpc('reinstate_user', { user_id: userId, reason });
      if (error) fail(error);
      return data;
    },

    /** The account with exactly this email, or null. */
    async findUser(email: string): Promise<FoundUser | null> {
      const { data, error } = await client.rpc('find_user', { email_address: email });
      if (error) fail(error);
      return data[0] ?? null;
    },

    /** The 30 days of figures ending on `until` (YYYY-MM-DD, UTC), today when null. */
    async figures(until: string | null): Promise<Figures> {
      const { data, error } = await client.rpc('platform_figures', until ? { until } : {});
      if (error) fail(error);
      return parseFigures(data);
    },

    /**
     * One page of the audit log, newest first, after a keyset cursor; `older` is the cursor of
     * the next page when there is one.
     */
    async audit(
      before: AuditCursor | null,
      size = AUDIT_PAGE_SIZE,
    ): Promise<{ entries: AuditEntry[]; older: AuditCursor | null }> {
      let query = client
        .from('admin_actions')
        .select('id, admin_id, admin_name, action, target_id, reason, details, created_at');
      if (before) {
        // Keyset on (created_at, id): entries sharing a timestamp are neither skipped nor repeated.
        const at = `"${before.created_at}"`;
        query = query.or(`created_at.lt.${at},and(created_at.eq.${at},id.lt.${before.id})`);
      }
      const { data, error } = await query
        .order('created_at', { ascending: false })
        .order('id', { ascending: false })
        .limit(size + 1);
      if (error) fail(error);
      const names = await this.names(data.map((row) => row.target_id));
      return auditPageAfter(data, size, names);
    },

    /** Names of the doctors among `ids` (the only accounts whose profile an admin may read). */
    async names(ids: string[]): Promise<Map<string, string>> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const { data, error } = await client.from('profiles').select('id, full_name').in('id', unique);
      if (error) fail(error);
      return new Map(data.map((row) => [row.id, row.full_name]));
    },
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
export type QueueEntry = Awaited<ReturnType<AdminApi['queue']>>[number];
export type VerifiedDoctor = Awaited<ReturnType<AdminApi['recentlyVerified']>>[number];
