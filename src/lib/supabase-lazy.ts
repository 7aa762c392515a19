// The Supabase client on first use. supabase-js is half of the first page's script, and a visitor
// who is not signed in needs none of it to see the home page or the sign-in form: the root layout
// and the public forms reach the client through here, so it loads when something needs it.
import type { SupabaseClient } from '@supabase/supabase-js';
import { PUBLIC_SUPABASE_URL } from '$app/env/public';
import type { Database } from './database.types.ts';

/** Where supabase-js keeps the session: its default key, named here so it is known before it loads. */
export const AUTH_STORAGE_KEY = `sb-${new URL(PUBLIC_SUPABASE_URL).hostname.split('.')[0]}-auth-token`;

let loading: Promise<SupabaseClient<Database>> | undefined;

/** The app's one client (src/lib/supabase.ts), loading its module the first time. */
export function loadSupabase(): Promise<SupabaseClient<Database>> {
  return (loading ??= import('./supabase.ts').then((module) => module.supabase));
}

/**
 * Whether this visit may carry a session: one stored on the device, or the tokens an email link
 * brings in the URL (sign-up confirmation, magic link, password recovery).
 */
export function mayHoldSession(storage: Pick<Storage, 'getItem'> | undefined, url: URL): boolean {
  if (/[#&?](access_token|refresh_token|error_description|code)=/.test(`${url.search}${url.hash}`))
    return true;
  try {
    return !storage || storage.getItem(AUTH_STORAGE_KEY) !== null;
  } catch {
    // Storage can be refused (private modes); then only supabase-js can tell.
    return true;
  }
}

/** A public object's URL, as storage-js `getPublicUrl` builds it, without loading the client. */
export function publicObjectUrl(bucket: string, path: string): string {
  const storage = new URL(
    'storage/v1',
    PUBLIC_SUPABASE_URL.endsWith('/') ? PUBLIC_SUPABASE_URL : `${PUBLIC_SUPABASE_URL}/`,
  );
  return encodeURI(`${storage.href}/object/public/${bucket}/${path.replace(/^\/+/, '')}`);
}
