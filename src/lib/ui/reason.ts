// The reason a person gives before an action that others must hear about: cancelling, declining or
// moving a visit, an admin's decision. The app's one rule for it, with its words.

/** Longest reason kept (appointments' cancel reasons and admin_actions.reason alike). */
export const REASON_MAX = 500;

export const reasonCopy = {
  keep: 'Keep it',
  saving: 'Saving…',
  short: 'Give a short reason (at least 3 characters).',
  long: (max: number) => `Keep the reason under ${max} characters.`,
} as const;

/** What is wrong with a reason, or null; `required` false lets an empty one through (approval notes). */
export function reasonProblem(reason: string, required = true): string | null {
  const trimmed = reason.trim();
  if (!required && trimmed === '') return null;
  if (trimmed.length < 3) return reasonCopy.short;
  if (trimmed.length > REASON_MAX) return reasonCopy.long(REASON_MAX);
  return null;
}
