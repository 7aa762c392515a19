// `npm run make-admin -- <email>`: makes an existing account an admin on any Supabase project
// (hosted, `supabase start`, or stack/) by calling public.make_admin with the service-role key.
// Nobody can become an admin through the app; docs/admin.md has this and the SQL alternative.
//
//   SUPABASE_URL=https://<ref>.supabase.co SUPABASE_SERVICE_ROLE_KEY=… npm run make-admin -- person@example.com
import { createClient } from '@supabase/supabase-js';
import { parseArgs } from 'node:util';
import type { Database } from '../src/lib/database.types.ts';

const USAGE = 'Usage: npm run make-admin -- <email>  (with SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY set)';

export type Outcome = { ok: true; message: string } | { ok: false; message: string };

/** Checks the arguments and environment, then promotes the account; never throws. */
export async function makeAdmin(args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  let email: string | undefined;
  try {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) return { ok: false, message: USAGE };
    email = positionals[0]!.trim();
  } catch (cause) {
    return { ok: false, message: `${(cause as Error).message}\n${USAGE}` };
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    return { ok: false, message: `"${email}" is not an email address. ${USAGE}` };
  }
  const url = env.SUPABASE_URL;
  const key = env.SUPABASE_SERVICE_ROLE_KEY;
  const missing = [!url && 'SUPABASE_URL', !key && 'SUPABASE_SERVICE_ROLE_KEY'].filter(Boolean);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `Set ${missing.join(' and ')} first: the project's API URL and its service-role key (Dashboard → Project Settings → API). ${USAGE}`,
    };
  }
  const client = createClient<Database>(url!, key!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  try {
    const { data, error } = await client.rpc('make_admin', { user_email: email });
    // Without a code, the request never got an answer from PostgREST.
    if (error && !error.code) return { ok: false, message: `Could not reach ${url}: ${error.message}` };
    if (error) return { ok: false, message: error.message };
    return { ok: true, message: `${email} (${data.full_name}) is an admin now.` };
  } catch (cause) {
    return { ok: false, message: `Could not reach ${url}: ${(cause as Error).message}` };
  }
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const outcome = await makeAdmin(process.argv.slice(2), process.env);
  if (outcome.ok) console.log(outcome.message);
  else {
    console.error(outcome.message);
    process.exitCode = 1;
  }
}
