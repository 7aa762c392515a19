import { BODY_MAX } from './thread.ts';

/** What supabase-js hands back from PostgREST (`code`) or Storage (`statusCode`). */
export interface ApiError {
  code?: string | undefined;
  statusCode?: string | number | undefined;
  status?: number | undefined;
  message: string;
}

export const NOT_ALLOWED = 'You can only message people you have an appointment with.';
export const OFFLINE = 'You seem to be offline. The message was not sent; retry when you are connected.';

/** An error the chat shows as it is: the sentence is already meant for the person who acted. */
export class ChatError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ChatError';
    this.code = code;
  }
}

function isNetworkFailure(error: ApiError): boolean {
  return /failed to fetch|fetch failed|networkerror|network request failed|load failed/i.test(error.message);
}

/** A database, storage or network error as a sentence for the person who sent the message. */
export function chatErrorMessage(error: ApiError): string {
  if (isNetworkFailure(error)) return OFFLINE;
  // PT429: the send rate limit; the database words it for people.
  if (error.code === 'PT429') return error.message;
  if (error.code === '42501' || String(error.statusCode) === '403') return NOT_ALLOWED;
  if (/message_body_length/.test(error.message)) {
    return `Messages can be at most ${BODY_MAX.toLocaleString('en')} characters.`;
  }
  if (/message_has_content/.test(error.message)) return 'Write a message or add a picture.';
  if (String(error.statusCode) === '413') return 'This picture is too large to send (at most 10 MB).';
  if (String(error.statusCode) === '415') return 'This kind of file cannot be sent. Choose a picture.';
  return 'Something went wrong and the message was not sent. Please try again.';
}

/** Turns a thrown value (ChatError, supabase-js error, TypeError from fetch) into a sentence. */
export function describeFailure(cause: unknown): string {
  if (cause instanceof ChatError) return cause.message;
  if (cause && typeof cause === 'object' && 'message' in cause && typeof cause.message === 'string') {
    return chatErrorMessage(cause as ApiError);
  }
  return chatErrorMessage({ message: String(cause) });
}
