import { createClient, FunctionsHttpError } from '@supabase/supabase-js';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, stopStack, testStackOptions, type TestStack } from '../../tests/helpers/stack.ts';
import { instancePaths } from '../config/instance.ts';
import { signJwt, signUserJwt } from '../config/jwt.ts';
import { JWT_SECRET, PUBLISHABLE_KEY, SIGNING_KEY } from '../config/keys.ts';

describe('Edge Functions on Deno', () => {
  let stack: TestStack;
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'hc-functions-'));
    cpSync(join(import.meta.dirname, 'fixtures', 'supabase'), join(project, 'supabase'), { recursive: true });
    // User secrets as `supabase functions serve` reads them; SUPABASE_* names are the platform's and are skipped.
    writeFileSync(
      join(project, 'supabase', 'functions', '.env'),
      '# a comment\nGREETING="hello # not a comment"\nexport PLAIN=value\nSUPABASE_URL=http://elsewhere.invalid\n',
    );
    stack = await testStackOptions(join(project, 'supabase'));
    await startStack(stack);
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  const supabase = () => createClient(stack.apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });

  it('runs a function with an npm: import and the Supabase env vars', async () => {
    const { data, error } = await supabase().functions.invoke<unknown>('echo', { body: { name: 'Ada' } });
    expect(error).toBeNull();
    expect(data).toEqual({
      hello: 'Ada',
      role: 'anon',
      path: '/echo',
      env: {
        SUPABASE_URL: stack.apiUrl,
        SUPABASE_ANON_KEY: true,
        SUPABASE_SERVICE_ROLE_KEY: true,
        SUPABASE_DB_URL: stack.dbUrl(),
        internal: null,
        GREETING: 'hello # not a comment',
        // The public signing key and the legacy secret, as the CLI's ResolveJWKS builds them.
        SUPABASE_JWKS: [SIGNING_KEY.kid, 'oct'],
      },
    });
  });

  it('passes the caller’s own JWT through to the function, ES256 user tokens and HS256 legacy ones', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'u1', role: 'authenticated', exp: now + 60 };
    for (const token of [await signUserJwt(claims), await signJwt(claims, JWT_SECRET)]) {
      const { data, error } = await supabase().functions.invoke<unknown>('echo', {
        body: { name: 'Grace' },
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(error).toBeNull();
      expect(data).toMatchObject({ hello: 'Grace', role: 'authenticated' });
    }
  });

  it('answers a key-less request itself: 401 for verify_jwt = true, the function for verify_jwt = false', async () => {
    // The gateway passes requests without a key on, as the CLI's Kong does; edge-runtime decides
    // (supabase/cli `internal/functions/serve/templates/main.ts`).
    const guarded = await fetch(`${stack.apiUrl}/functions/v1/echo`, {
      method: 'POST',
      body: '{"name":"x"}',
    });
    expect(guarded.status).toBe(401);
    expect(await guarded.json()).toEqual({ msg: 'Error: Missing authorization header' });
    const open = await fetch(`${stack.apiUrl}/functions/v1/open`);
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('version 1');
  });

  it('refuses a bad or expired JWT with 401 before the function runs (verify_jwt on)', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      'garbage',
      await signJwt({ role: 'authenticated', exp: now - 1 }, JWT_SECRET),
      await signUserJwt({ role: 'authenticated', exp: now - 1 }),
    ]) {
      const { error } = await supabase().functions.invoke<unknown>('echo', {
        body: { name: 'x' },
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(error).toBeInstanceOf(FunctionsHttpError);
      const response = (error as FunctionsHttpError).context as Response;
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ msg: 'Invalid JWT' });
    }
  });

  it('refuses a request with no Authorization at all', async () => {
    const socket = join(instancePaths(stack.dataDir).run, 'functions.sock');
    const status = await new Promise<number>((done) => {
      const req = request({ socketPath: socket, path: '/echo', method: 'POST' }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(status).toBe(401);
  });

  it('serves verify_jwt = false functions, and default-export handlers', async () => {
    const { data, error } = await supabase().functions.invoke<unknown>('open', { method: 'GET' });
    expect(error).toBeNull();
    expect(data).toBe('version 1');
  });

  it('answers 500 JSON when a function throws, and keeps serving', async () => {
    const { error } = await supabase().functions.invoke<unknown>('boom');
    const response = (error as FunctionsHttpError).context as Response;
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      code: 'Internal Server Error',
      message: 'Request failed due to an internal server error',
    });
    const again = await supabase().functions.invoke<unknown>('echo', { body: { name: 'still up' } });
    expect(again.data).toMatchObject({ hello: 'still up' });
  });

  it('answers 503 BOOT_ERROR for a function that cannot start, 404 for an unknown one', async () => {
    const broken = await supabase().functions.invoke<unknown>('broken');
    const bootResponse = (broken.error as FunctionsHttpError).context as Response;
    expect(bootResponse.status).toBe(503);
    expect(await bootResponse.json()).toMatchObject({ code: 'BOOT_ERROR' });

    const unknown = await supabase().functions.invoke<unknown>('does-not-exist');
    expect(((unknown.error as FunctionsHttpError).context as Response).status).toBe(404);
  });

  it('picks up a changed function file without restarting the stack', async () => {
    writeFileSync(
      join(stack.supabaseDir, 'functions', 'open', 'index.ts'),
      "export default { fetch: () => new Response('version 2', { headers: { 'content-type': 'text/plain' } }) };\n",
    );
    let body = '';
    for (let i = 0; i < 100 && body !== 'version 2'; i++) {
      await new Promise((done) => setTimeout(done, 100));
      body = (await supabase().functions.invoke<unknown>('open', { method: 'GET' })).data as string;
    }
    expect(body).toBe('version 2');
  });
});
