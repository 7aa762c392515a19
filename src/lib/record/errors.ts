import { recordCopy } from './copy.ts';

/** What supabase-js hands back from PostgREST (`code`, `hint`) or Storage (`statusCode`). */
export interface ApiError {
  code?: string | undefined;
  hint?: string | null | undefined;
  statusCode?: string | number | undefined;
  message: string;
}

/**
 * The record's refusal codes, carried in `hint` (catalogue at the top of
 * supabase/migrations/20260314000100_consultation_record.sql and 20260305000200_care_based_access.sql).
 * Their `message` is already a sentence for the person who acted.
 */
const WORDED_HINTS = [
  'not_found',
  'not_allowed',
  'not_in_care',
  'invalid_transition',
  'invalid_input',
  'record_locked',
];

/** An error the record shows as it is. */
export class RecordError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'RecordError';
    this.code = code;
  }
}

/** A database, storage or network error as a sentence for the person who acted. */
export function recordErrorMessage(error: ApiError): string {
  if (/failed to fetch|fetch failed|networkerror|network request failed|load failed/i.test(error.message)) {
    return recordCopy.errors.offline;
  }
  if (error.hint && WORDED_HINTS.includes(error.hint)) return error.message;
  const status = String(error.statusCode ?? '');
  if (status === '413') return recordCopy.errors.tooLarge;
  if (status === '415') return recordCopy.errors.wrongType;
  if (error.code === '42501' || status === '403') return recordCopy.errors.notAllowed;
  return recordCopy.errors.unknown;
}

/** Throws the error as a RecordError with its sentence. */
export function fail(error: ApiError): never {
  const message = recordErrorMessage(error);
  // "offline" marks a request that never reached the server: a page may then show its device copy.
  throw new RecordError(
    message,
    message === recordCopy.errors.offline ? OFFLINE : (error.hint ?? error.code),
  );
}

/** The code of a RecordError whose request never reached the server. */
export const OFFLINE = 'offline';
