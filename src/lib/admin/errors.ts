import { refusalCode } from '../appointments/errors.ts';
import { copy } from './copy.ts';

/** What supabase-js hands back from PostgREST (`code`, `hint`) or Storage (`statusCode`). */
export interface ApiError {
  code?: string | undefined;
  hint?: string | null | undefined;
  statusCode?: string | number | undefined;
  message: string;
}

/** An error the console shows as it is: the message is already a sentence for the admin. */
export class AdminError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
  }
}

/** SQLSTATEs whose message the database words for people (the RPCs' own refusals). */
const WORDED_CODES = ['22023', 'PT404', 'PT409'];

function isNetworkFailure(error: ApiError): boolean {
  return /failed to fetch|fetch failed|networkerror|network request failed|load failed/i.test(error.message);
}

/**
 * A database, storage or network error as a sentence for the admin. The admin RPCs raise a
 * catalogue code in `hint` (supabase/migrations/20260307000200_doctor_verification.sql) with a
 * message already meant for people; anything else gets a generic sentence, never a stack trace.
 */
export function adminErrorMessage(error: ApiError): string {
  if (isNetworkFailure(error)) return copy.offline;
  if (refusalCode(error) || WORDED_CODES.includes(error.code ?? '')) return error.message;
  if (error.code === '42501' || String(error.statusCode) === '403') return copy.notAllowed;
  if (String(error.statusCode) === '404' || /not found/i.test(error.message)) {
    return copy.queue.documentMissing;
  }
  return copy.failed;
}

/** Turns a thrown value (AdminError, supabase-js error, TypeError from fetch) into a sentence. */
export function describeFailure(cause: unknown): string {
  if (cause instanceof AdminError) return cause.message;
  if (cause && typeof cause === 'object' && 'message' in cause && typeof cause.message === 'string') {
    return adminErrorMessage(cause as ApiError);
  }
  return copy.failed;
}
