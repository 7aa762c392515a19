import { describeFailure } from './errors.ts';

/** What a console page's `load` returns: its data, or the sentence to show with a retry. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Runs a read for a `load` function and keeps a failure as data, so the page shows the
 * sentence with a retry instead of an empty screen (or SvelteKit's error page).
 */
export async function loaded<T>(read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (cause) {
    return { ok: false, message: describeFailure(cause) };
  }
}
