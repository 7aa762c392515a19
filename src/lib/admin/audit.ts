import type { Json } from '../database.types.ts';
import { copy } from './copy.ts';

/** Where a page of the audit log starts: the last entry of the page before it. */
export interface AuditCursor {
  created_at: string;
  id: number;
}

export interface AuditRow {
  id: number;
  admin_id: string;
  admin_name: string;
  action: string;
  target_id: string;
  reason: string | null;
  details: Json;
  created_at: string;
}

/** A row of the log as the page shows it. */
export interface AuditEntry extends AuditRow {
  /** The target's name where the admin may read it (doctors), else a short id. */
  target_name: string;
  summary: string;
}

/** "2026-03-07T10:00:00.123+00:00~42" → the cursor, or null when the text is not one. */
export function parseCursor(text: string | null): AuditCursor | null {
  if (!text) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)~(\d{1,18})$/.exec(text);
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { created_at: match[1]!, id: Number(match[2]) };
}

/** The cursor as it goes into the address (`?before=…`). */
export function formatCursor(cursor: AuditCursor): string {
  return `${cursor.created_at}~${cursor.id}`;
}

/** How many appointments a suspension cancelled (its audit row's details), or null. */
export function cancelledCount(details: Json): number | null {
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const count = details.cancelled_appointments;
    if (typeof count === 'number') return count;
  }
  return null;
}

/** What happened, in words: "Suspended Dr. Ada Okafor · 2 future appointments cancelled". */
export function summarize(row: Pick<AuditRow, 'action' | 'details'>, targetName: string): string {
  const verb = copy.audit.actions[row.action] ?? row.action;
  const cancelled = cancelledCount(row.details);
  return cancelled === null
    ? `${verb} ${targetName}`
    : `${verb} ${targetName} · ${copy.audit.cancelled(cancelled)}`;
}

/**
 * A page from `size + 1` rows (newest first): the extra row only tells that an older page
 * exists, and the page's last entry is that page's cursor.
 */
export function auditPageAfter(
  rows: AuditRow[],
  size: number,
  names: Map<string, string>,
): { entries: AuditEntry[]; older: AuditCursor | null } {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  const entries = page.map((row) => {
    const target_name = names.get(row.target_id) ?? `account ${row.target_id.slice(0, 8)}`;
    return { ...row, target_name, summary: summarize(row, target_name) };
  });
  return {
    entries,
    older: rows.length > size && last ? { created_at: last.created_at, id: last.id } : null,
  };
}
