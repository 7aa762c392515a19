import { MailpitClient } from 'mailpit-api';
import { stackInfo } from './clients.ts';

/**
 * The newest mail to `email` in the local mail catcher, with its bodies, waiting up to
 * `timeoutMs` for it. Mailpit's API (what `supabase start` runs; `stack/` answers the same).
 */
export async function newestMail(email: string, timeoutMs = 10_000) {
  const mailpit = new MailpitClient(stackInfo().mailUrl);
  return mailpit.waitForMessage(
    { query: `to:"${email.toLowerCase()}"` },
    { timeout: timeoutMs, interval: 100 },
  );
}
