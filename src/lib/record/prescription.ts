import type { Database } from '../database.types.ts';
import { recordCopy } from './copy.ts';

export type Prescription = Database['public']['Tables']['prescriptions']['Row'];

/** What the doctor fills in; the database checks the same limits (issue_prescription). */
export interface PrescriptionDraft {
  medication: string;
  strength: string;
  form: string;
  dose: string;
  frequency: string;
  duration_days: number;
  quantity: number;
  instructions: string;
}

const TEXT_FIELDS: Array<[field: keyof PrescriptionDraft, label: string, max: number]> = [
  ['medication', 'medication', 200],
  ['strength', 'strength', 60],
  ['form', 'form', 60],
  ['dose', 'dose', 100],
  ['frequency', 'frequency', 100],
];

/** The first problem per field, worded as the database words it; empty when the draft is fine. */
export function prescriptionProblems(
  draft: PrescriptionDraft,
): Partial<Record<keyof PrescriptionDraft, string>> {
  const problems: Partial<Record<keyof PrescriptionDraft, string>> = {};
  for (const [field, label, max] of TEXT_FIELDS) {
    const value = String(draft[field]).trim();
    if (!value) problems[field] = recordCopy.validation.required(label);
    else if (value.length > max) problems[field] = recordCopy.validation.tooLong(label, max);
  }
  if (!Number.isInteger(draft.duration_days) || draft.duration_days < 1 || draft.duration_days > 365) {
    problems.duration_days = recordCopy.validation.duration;
  }
  if (!Number.isInteger(draft.quantity) || draft.quantity < 1 || draft.quantity > 1000) {
    problems.quantity = recordCopy.validation.quantity;
  }
  if (draft.instructions.trim().length > 1000) {
    problems.instructions = recordCopy.validation.tooLong('instructions', 1000);
  }
  return problems;
}

/**
 * The line a pharmacist reads.
 * @example dosageLine(p) // "1 capsule, three times a day, for 7 days (21 × capsule)"
 */
export function dosageLine(
  p: Pick<Prescription, 'dose' | 'frequency' | 'duration_days' | 'quantity' | 'form'>,
): string {
  const days = p.duration_days === 1 ? '1 day' : `${p.duration_days} days`;
  return `${p.dose}, ${p.frequency}, for ${days} (${p.quantity} × ${p.form})`;
}

/** Active, or cancelled with its reason. */
export function prescriptionState(
  p: Pick<Prescription, 'cancelled_at' | 'cancellation_reason'>,
): string | null {
  return p.cancelled_at ? recordCopy.cancelled(p.cancellation_reason ?? '') : null;
}
