import type { Database } from '../database.types.ts';

export type VerificationState = Database['public']['Enums']['verification_state'];

/** The doctor's licence as they submitted it (doctor_licences, readable by them and admins). */
export interface Licence {
  registration_number: string;
  issuing_authority: string;
  country: string;
  year_licensed: number;
  document_path: string;
  submitted_at: string;
  decided_at: string | null;
  decision_reason: string | null;
}

/** An admin action on the doctor (admin_actions rows whose target is them). */
export interface AdminAction {
  id: number;
  action: string;
  reason: string | null;
  created_at: string;
}

export interface VerificationStatus {
  state: VerificationState;
  verified_at: string | null;
  verified_authority: string | null;
  /** The specialty on the doctor's profile, the one the licence is checked for. */
  specialty: string | null;
  licence: Licence | null;
  actions: AdminAction[];
}

export type DecisionKind = 'approved' | 'rejected' | 'suspended' | 'reinstated';

/** A decision about the doctor, for the notice on their dashboard. */
export interface Decision {
  id: number;
  kind: DecisionKind;
  reason: string | null;
  at: string;
}

const KINDS: Record<string, DecisionKind> = {
  approve_doctor: 'approved',
  reject_doctor: 'rejected',
  suspend_user: 'suspended',
  reinstate_user: 'reinstated',
};

/** The states from which `submit_licence` takes a (new) submission. */
export function canSubmit(state: VerificationState): boolean {
  return state === 'unverified' || state === 'rejected' || state === 'pending_review';
}

/** Whether patients can find and book the doctor. */
export function isListed(state: VerificationState): boolean {
  return state === 'verified';
}

/** How long good news (approved, reinstated) stays on the dashboard; bad news stays until answered. */
export const GOOD_NEWS_DAYS = 14;

/**
 * The newest decision that still stands: a rejection the doctor has since answered with a new
 * submission is no longer news, so it gives way to the pending review; an approval is news for
 * GOOD_NEWS_DAYS, after which the verification page keeps the record.
 */
export function latestDecision(
  status: Pick<VerificationStatus, 'actions' | 'licence'>,
  now: Date = new Date(),
): Decision | null {
  const newest = status.actions
    .filter((action) => action.action in KINDS)
    .reduce<AdminAction | null>(
      (best, action) =>
        !best || Date.parse(action.created_at) > Date.parse(best.created_at) ? action : best,
      null,
    );
  if (!newest) return null;
  const submitted = status.licence ? Date.parse(status.licence.submitted_at) : Number.NEGATIVE_INFINITY;
  if (Date.parse(newest.created_at) < submitted) return null;
  const kind = KINDS[newest.action]!;
  const ageDays = (now.getTime() - Date.parse(newest.created_at)) / 86_400_000;
  if ((kind === 'approved' || kind === 'reinstated') && ageDays > GOOD_NEWS_DAYS) return null;
  return { id: newest.id, kind, reason: newest.reason, at: newest.created_at };
}

/**
 * The reason the doctor reads for a rejection or suspension: the licence's decision reason,
 * or the newest matching action's when the licence has none.
 */
export function decisionReason(status: VerificationStatus): string | null {
  if (status.state !== 'rejected' && status.state !== 'suspended') return null;
  if (status.licence?.decision_reason) return status.licence.decision_reason;
  const wanted = status.state === 'rejected' ? 'reject_doctor' : 'suspend_user';
  const action = [...status.actions]
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
    .find((item) => item.action === wanted);
  return action?.reason ?? null;
}
