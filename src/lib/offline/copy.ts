/** What the device keeps of a server read: the value, whose it is, and when it was read. */
export interface DeviceCopy<T> {
  /** Bumped when the stored shape changes; older copies are ignored. */
  version: number;
  userId: string;
  savedAt: number;
  value: T;
}

export const COPY_VERSION = 1;

/** The storage key of one user's copy of one thing, e.g. `appointments:doctor:<id>`. */
export function copyKey(kind: string, userId: string, role?: string): string {
  return [kind, role, userId].filter(Boolean).join(':');
}

export function makeCopy<T>(userId: string, value: T, now = Date.now()): DeviceCopy<T> {
  return { version: COPY_VERSION, userId, savedAt: now, value };
}

/**
 * The stored value if it is a current-format copy belonging to `userId`; anything else
 * (another user's, an older format, something unreadable) is treated as no copy at all.
 */
export function readCopy<T>(stored: unknown, userId: string): DeviceCopy<T> | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const copy = stored as Partial<DeviceCopy<T>>;
  if (copy.version !== COPY_VERSION || copy.userId !== userId) return null;
  if (typeof copy.savedAt !== 'number' || !Number.isFinite(copy.savedAt) || !('value' in copy)) return null;
  return copy as DeviceCopy<T>;
}

/**
 * Whether a failed supabase-js call never reached the server (no connection, DNS, CORS),
 * as opposed to the server answering with an error. PostgREST-js reports those with status 0.
 */
export function isUnreachable(failure: { status?: number; error?: { message?: string } | null }): boolean {
  if (failure.status === 0) return true;
  return /failed to fetch|networkerror|network request failed|load failed/i.test(
    failure.error?.message ?? '',
  );
}
