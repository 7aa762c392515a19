import { copy } from './copy.ts';

/** Longest reason the audit log keeps (admin_actions.reason). */
export const REASON_MAX = 500;

/** What is wrong with a reason, or null; `required` false lets an empty one through (approval notes). */
export function reasonProblem(reason: string, required = true): string | null {
  const trimmed = reason.trim();
  if (!required && trimmed === '') return null;
  if (trimmed.length < 3) return copy.dialog.reasonShort;
  if (trimmed.length > REASON_MAX) return copy.dialog.reasonLong(REASON_MAX);
  return null;
}
