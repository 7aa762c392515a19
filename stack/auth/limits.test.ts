import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, stopStack, testStackOptions, type TestStack } from '../../tests/helpers/stack.ts';
import { REPO_DIR } from '../config/instance.ts';
import { PUBLISHABLE_KEY, SECRET_KEY } from '../config/keys.ts';

/** A stack with config.toml's hosted sign-in limits and a 1 s refresh reuse interval. */
describe('auth limits from config.toml', () => {
  let stack: TestStack;
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'hc-auth-limits-'));
    const supabaseDir = join(project, 'supabase');
    cpSync(join(REPO_DIR, 'supabase', 'migrations'), join(supabaseDir, 'migrations'), { recursive: true });
    const config = readFileSync(join(REPO_DIR, 'supabase', 'config.toml'), 'utf8').replace(
      /refresh_token_reuse_interval = \d+/,
      'refresh_token_reuse_interval = 1',
    );
    writeFileSync(join(supabaseDir, 'config.toml'), config);
    stack = await testStackOptions(supabaseDir);
    // config.toml's own (hosted) limits, but GoTrue's all-requests /token bucket raised, as a
    // project whose users share addresses would; and a 300 ms first back-off so tests are quick.
    stack.env = {
      ...process.env,
      SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH: '1000000',
      STACK_AUTH_SIGN_IN_BACKOFF_MS: '300',
    };
    await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  const PASSWORD = 'correct-horse-battery';

  async function createUser(): Promise<string> {
    const email = `limits.${randomUUID().slice(0, 8)}@example.test`;
    const { error } = await createClient(stack.apiUrl, SECRET_KEY).auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { role: 'patient', full_name: 'Limits' },
    });
    if (error) throw error;
    return email;
  }

  /** A password sign-in sent from `ip` (a loopback address of its own, as the gateway sees it). */
  function signIn(ip: string, email: string, password: string) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, string> }>(
      (resolve, reject) => {
        const req = request(
          `${stack.apiUrl}/auth/v1/token?grant_type=password`,
          {
            method: 'POST',
            localAddress: ip,
            headers: {
              apikey: PUBLISHABLE_KEY,
              'content-type': 'application/json',
              'x-supabase-api-version': '2024-01-01',
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ email, password }));
      },
    );
  }

  /** Repeats `attempt` until `done` holds (a state, not a clock; 10 s at most). */
  async function until<T>(attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await attempt();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const client = () =>
    createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

  it('revokes the token family when a used refresh token comes back after the reuse interval', async () => {
    const { data } = await client().auth.signUp({
      email: 'reuse@example.test',
      password: 'correct-horse-battery',
      options: { data: { role: 'patient', full_name: 'Reuse' } },
    });
    const first = data.session!.refresh_token;
    const second = await client().auth.refreshSession({ refresh_token: first });
    expect(second.error).toBeNull();
    // Not the active token's parent (that one is handed its child back at any time, as a lost
    // response): the grandparent.
    const rotated = await client().auth.refreshSession({ refresh_token: second.data.session!.refresh_token });
    expect(rotated.error).toBeNull();
    await new Promise((done) => setTimeout(done, 1500));
    const stolen = await client().auth.refreshSession({ refresh_token: first });
    expect(stolen.error).toMatchObject({ code: 'refresh_token_already_used', status: 400 });
    // GoTrue revokes the family but keeps the session; the child, revoked just now, is still
    // swapped within the reuse interval, and refused once that has passed too.
    await new Promise((done) => setTimeout(done, 1500));
    const current = await client().auth.refreshSession({
      refresh_token: rotated.data.session!.refresh_token,
    });
    expect(current.error).toMatchObject({ code: 'refresh_token_already_used', status: 400 });
  });

  it('answers the 31st wrong password from one address with 429, while its successes never count', async () => {
    const attacker = '127.0.0.11';
    // A crowd behind one address signing in successfully does not use up the failure budget.
    const user = await createUser();
    for (let i = 0; i < 40; i++) expect((await signIn(attacker, user, PASSWORD)).status).toBe(200);
    // 31 guesses at 31 different accounts (no account back-off involved) sent at once: each is
    // counted on arrival, so exactly 30 are checked and the 31st is refused, however slow bcrypt is.
    const guesses = await Promise.all(
      Array.from({ length: 31 }, (_, i) => signIn(attacker, `nobody.${i}@example.test`, 'whatever-123')),
    );
    expect(guesses.filter((guess) => guess.status === 400)).toHaveLength(30);
    const limited = guesses.find((guess) => guess.status !== 400)!;
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'over_request_rate_limit' });
    expect(limited.body.message).toMatch(
      /^Too many failed sign-in attempts from your network\. Try again in \d+ seconds?\.$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn('127.0.0.12', user, PASSWORD)).status).toBe(200);
  });

  it('backs off one account after 5 wrong passwords, briefly, and the owner gets in afterwards', async () => {
    const victim = await createUser();
    const attacker = '127.0.0.21';
    const owner = '127.0.0.22';
    for (let i = 0; i < 5; i++) expect((await signIn(attacker, victim, 'guess-' + i)).status).toBe(400);
    const refused = await signIn(attacker, victim, 'guess-5');
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(
      /^Too many failed sign-in attempts for this account\. Try again in 1 second\.$/,
    );
    expect(refused.headers['retry-after']).toBe('1');
    // While the account waits even the right password is refused (or it would tell the attacker).
    const waiting = await signIn(owner, victim, PASSWORD);
    expect(waiting.status).toBe(429);
    // Refused attempts do not extend the wait: the owner keeps trying and soon gets in.
    const ok = await until(
      async () => signIn(owner, victim, PASSWORD),
      (answer) => answer.status !== 429,
    );
    expect(ok.status).toBe(200);
    // Success clears the record: the next wrong password is an ordinary failure again.
    expect((await signIn(attacker, victim, 'guess-6')).status).toBe(400);
  });
});
