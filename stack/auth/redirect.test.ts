import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, SECRET_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { HOSTILE_REDIRECTS } from '../../tests/helpers/hostile-urls.ts';
import { newestMail } from '../../tests/helpers/mail.ts';

/** supabase/config.toml's site_url: where a refused redirect_to must land instead. */
const SITE = 'http://127.0.0.1:5173';

const supabase = (key = PUBLISHABLE_KEY) =>
  createClient(stackInfo().apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false } });

const META = { role: 'patient', full_name: 'Redirect Test' };

const newEmail = () => `redirect.${randomUUID().slice(0, 8)}@example.test`;

async function mailedLink(email: string): Promise<string> {
  const link = /https?:\/\/\S+/.exec((await newestMail(email)).Text)?.[0];
  if (!link) throw new Error(`no link mailed to ${email}`);
  return link;
}

/** Follows a link the way a mail client's browser does, and says where it was sent. */
async function landing(link: string): Promise<URL> {
  const res = await fetch(link, { redirect: 'manual' });
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location')!);
}

/** The link must name the site as its redirect, and clicking it (even edited) must land there. */
async function expectStaysHome(link: string, hostile: string) {
  expect(new URL(link).searchParams.get('redirect_to'), hostile).toBe(SITE);
  expect((await landing(link)).origin, hostile).toBe(SITE);
}

describe('email links never hand tokens to a host outside the allow-list', () => {
  it('admin.generateLink falls back to the site URL for every hostile redirect', async () => {
    const admin = supabase(SECRET_KEY);
    for (const hostile of HOSTILE_REDIRECTS) {
      const { data, error } = await admin.auth.admin.generateLink({
        type: 'magiclink',
        email: (
          await admin.auth.admin.createUser({ email: newEmail(), email_confirm: true, user_metadata: META })
        ).data.user!.email!,
        options: { redirectTo: hostile },
      });
      expect(error).toBeNull();
      expect(data.properties!.redirect_to, hostile).toBe(SITE);
      await expectStaysHome(data.properties!.action_link, hostile);
    }
  });

  it('an edited link (hostile redirect_to on /verify) still lands on the site', async () => {
    const admin = supabase(SECRET_KEY);
    for (const hostile of HOSTILE_REDIRECTS) {
      const { data } = await admin.auth.admin.generateLink({
        type: 'signup',
        email: newEmail(),
        password: 'correct-horse-battery',
        options: { data: META },
      });
      const link = new URL(data.properties!.action_link);
      link.searchParams.set('redirect_to', hostile);
      expect((await landing(link.href)).origin, hostile).toBe(SITE);
    }
    // A bad token with a hostile redirect: the error goes to the site, too.
    const bad = `${stackInfo().apiUrl}/auth/v1/verify?token=nope&type=magiclink&redirect_to=${encodeURIComponent(HOSTILE_REDIRECTS[0]!)}`;
    const location = await landing(bad);
    expect(location.origin).toBe(SITE);
    expect(new URLSearchParams(location.hash.slice(1)).get('error_code')).toBe('otp_expired');
  });

  it('magic link, recovery and signup confirmation mails fall back to the site URL', async () => {
    const admin = supabase(SECRET_KEY);
    for (const hostile of HOSTILE_REDIRECTS) {
      const otpEmail = newEmail();
      const otp = await supabase().auth.signInWithOtp({
        email: otpEmail,
        options: { emailRedirectTo: hostile, data: META },
      });
      expect(otp.error).toBeNull();
      await expectStaysHome(await mailedLink(otpEmail), hostile);

      const recoverEmail = newEmail();
      await admin.auth.admin.createUser({
        email: recoverEmail,
        password: 'correct-horse-battery',
        email_confirm: true,
        user_metadata: META,
      });
      const recovery = await supabase().auth.resetPasswordForEmail(recoverEmail, { redirectTo: hostile });
      expect(recovery.error).toBeNull();
      await expectStaysHome(await mailedLink(recoverEmail), hostile);

      // Signing up again with an unconfirmed address mails the confirmation link again.
      const signupEmail = newEmail();
      await admin.auth.admin.createUser({
        email: signupEmail,
        password: 'correct-horse-battery',
        user_metadata: META,
      });
      const signup = await supabase().auth.signUp({
        email: signupEmail,
        password: 'correct-horse-battery',
        options: { emailRedirectTo: hostile, data: META },
      });
      expect(signup.error).toBeNull();
      await expectStaysHome(await mailedLink(signupEmail), hostile);
    }
  });

  it('keeps allowed redirects: the app on a loopback port', async () => {
    const email = newEmail();
    const target = 'http://127.0.0.1:41234/update-password';
    await supabase(SECRET_KEY).auth.admin.createUser({
      email,
      password: 'correct-horse-battery',
      email_confirm: true,
      user_metadata: META,
    });
    await supabase().auth.resetPasswordForEmail(email, { redirectTo: target });
    const link = await mailedLink(email);
    expect(new URL(link).searchParams.get('redirect_to')).toBe(target);
    const location = await landing(link);
    expect(location.origin + location.pathname).toBe(target);
    const { data } = await supabase(SECRET_KEY).auth.admin.generateLink({
      type: 'magiclink',
      email,
      options: { redirectTo: target },
    });
    expect(data.properties!.redirect_to).toBe(target);
  });
});
