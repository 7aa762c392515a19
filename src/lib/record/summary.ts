import type { Database } from '../database.types.ts';

export type SummaryVersion = Database['public']['Tables']['visit_summary_versions']['Row'];
export type SummaryDraft = Database['public']['Tables']['visit_summary_drafts']['Row'];

/** The five parts of a summary, in the order they are written and read. */
export const SUMMARY_PARTS = ['complaint', 'findings', 'assessment', 'plan', 'follow_up'] as const;
export type SummaryPart = (typeof SUMMARY_PARTS)[number];
export type SummaryText = Record<SummaryPart, string>;

/** The database's limit per part (visit_summary_versions' check constraints). */
export const SUMMARY_PART_MAX = 4000;

/** The newest version, or null before the first is finalised. */
export function latestVersion(versions: readonly SummaryVersion[]): SummaryVersion | null {
  return versions.reduce<SummaryVersion | null>(
    (newest, v) => (!newest || v.version > newest.version ? v : newest),
    null,
  );
}

/** What the editor starts from: the draft, else the latest version (an edit after finalising), else blank. */
export function editorText(draft: SummaryDraft | null, versions: readonly SummaryVersion[]): SummaryText {
  const source = draft ?? latestVersion(versions);
  return Object.fromEntries(SUMMARY_PARTS.map((part) => [part, source?.[part] ?? ''])) as SummaryText;
}

/** True when every part is blank (finalising it is refused). */
export function isBlank(text: SummaryText): boolean {
  return SUMMARY_PARTS.every((part) => text[part].trim() === '');
}

/** Parts over the limit, for the editor to mark before saving. */
export function overLimit(text: SummaryText): SummaryPart[] {
  return SUMMARY_PARTS.filter((part) => text[part].trim().length > SUMMARY_PART_MAX);
}
