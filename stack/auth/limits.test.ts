import { createClient } from '@supabase/supabase-js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, stopStack, testStackOptions, type TestStack } from '../../tests/helpers/stack.ts';
import { REPO_DIR } from '../config/instance.ts';
import { PUBLISHABLE_KEY } from '../config/keys.ts';

/** A stack whose config.toml has a 1 s refresh reuse interval and 6 sign-ins per 5 minutes. */
describe('auth limits from config.toml', () => {
  let stack: TestStack;
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'hc-auth-limits-'));
    const supabaseDir = join(project, 'supabase');
    cpSync(join(REPO_DIR, 'supabase', 'migrations'), join(supabaseDir, 'migrations'), { recursive: true });
    const config = readFileSync(join(REPO_DIR, 'supabase', 'config.toml'), 'utf8')
      .replace(/refresh_token_reuse_interval = \d+/, 'refresh_token_reuse_interval = 1')
      .replace(/sign_in_sign_ups = \d+/, 'sign_in_sign_ups = 6');
    writeFileSync(join(supabaseDir, 'config.toml'), config);
    stack = await testStackOptions(supabaseDir);
    await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  const client = () =>
    createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

  it('revokes the whole session when a used refresh token comes back after the reuse interval', async () => {
    const { data } = await client().auth.signUp({
      email: 'reuse@example.test',
      password: 'correct-horse-battery',
      options: { data: { role: 'patient', full_name: 'Reuse' } },
    });
    const first = data.session!.refresh_token;
    const rotated = await client().auth.refreshSession({ refresh_token: first });
    expect(rotated.error).toBeNull();
    await new Promise((done) => setTimeout(done, 1500));
    const stolen = await client().auth.refreshSession({ refresh_token: first });
    expect(stolen.error).toMatchObject({ code: 'refresh_token_already_used', status: 400 });
    const current = await client().auth.refreshSession({
      refresh_token: rotated.data.session!.refresh_token,
    });
    expect(current.error?.status).toBe(400);
  });

  it('answers 429 over_request_rate_limit once an IP exceeds its sign-in budget', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const { error } = await client().auth.signInWithPassword({
        email: 'nobody@example.test',
        password: 'whatever-123',
      });
      codes.push(error?.code);
    }
    expect(codes).toContain('over_request_rate_limit');
    const limited = await client().auth.signInWithPassword({
      email: 'nobody@example.test',
      password: 'whatever-123',
    });
    expect(limited.error?.status).toBe(429);
  });
});
