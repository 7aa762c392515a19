import { refusalCode } from '../appointments/errors.ts';
import { copy } from './copy.ts';

/** What supabase-js hands back from PostgREST (`code`, `hint`) or Storage (`statusCode`, `status`). */
export interface ApiError {
  code?: string | undefined;
  hint?: string | null | undefined;
  statusCode?: string | number | undefined;
  status?: number | undefined;
  message: string;
}

/** An error the verification pages show as it is: the sentence is meant for the doctor. */
export class VerificationError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'VerificationError';
    this.code = code;
  }
}

const NETWORK = /failed to fetch|fetch failed|networkerror|network request failed|load failed/i;

/** A database, Storage or network error as a sentence for the doctor. */
export function verificationErrorMessage(error: ApiError): string {
  if (NETWORK.test(error.message)) return copy.errors.offline;
  const status = String(error.statusCode ?? error.status ?? '');
  if (status === '413') return copy.errors.tooLarge;
  if (status === '415') return copy.errors.wrongType;
  // submit_licence words its refusals (invalid_input, invalid_transition) for people.
  if (refusalCode(error) || error.code === '22023') return error.message;
  if (error.code === '42501' || status === '403') return copy.errors.notAllowed;
  return copy.errors.unknown;
}

/** Turns a thrown value (VerificationError, supabase-js error, TypeError from fetch) into a sentence. */
export function describeFailure(cause: unknown): string {
  if (cause instanceof VerificationError) return cause.message;
  if (cause && typeof cause === 'object' && 'message' in cause && typeof cause.message === 'string') {
    return verificationErrorMessage(cause as ApiError);
  }
  return verificationErrorMessage({ message: String(cause) });
}
