import { describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { freePort } from '../../tests/helpers/stack.ts';
import { signJwt } from '../config/jwt.ts';
import { startGateway } from './index.ts';

const url = (path: string) => `${stackInfo().apiUrl}${path}`;

describe('gateway keys', () => {
  // The CLI's Kong checks no key: it maps `sb_` keys to their JWT and lets the service decide
  // (supabase/cli `internal/start/templates/kong.yml` and `BearerToken` in `internal/start/start.go`).
  it('passes a request without any key to the service, which decides', async () => {
    const rest = await fetch(url('/rest/v1/doctors?select=id&limit=1'));
    expect(rest.status).toBe(200);
    expect(Array.isArray(await rest.json())).toBe(true);
    const settings = await fetch(url('/auth/v1/settings'));
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ external: { email: true } });
    // Private storage without a token: Storage's own refusal, not the gateway's.
    const storage = await fetch(url('/storage/v1/object/chat-images/a/b.png'));
    expect(storage.status).toBe(400);
    expect(await storage.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('serves a public object to a request with no key at all, as <img> tags need', async () => {
    const admin = createClient(stackInfo().apiUrl, SECRET_KEY, { auth: { persistSession: false } });
    const path = `${randomUUID()}/keyless.png`;
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const { error } = await admin.storage.from('avatars').upload(path, png, { contentType: 'image/png' });
    expect(error).toBeNull();
    const res = await fetch(url(`/storage/v1/object/public/avatars/${path}`));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
    await admin.storage.from('avatars').remove([path]);
  });

  it('leaves a key that is no project key to the service: PostgREST refuses it with 401', async () => {
    const wrongSecret = await signJwt(
      { role: 'anon', exp: 1983812996 },
      'some-other-secret-that-is-32-chars-long',
    );
    for (const key of [
      'wrong',
      'sb_publishable_nope',
      wrongSecret,
      'eyJhbGciOiJub25lIn0.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.',
    ]) {
      const res = await fetch(url('/rest/v1/doctors?select=id'), { headers: { apikey: key } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: expect.stringMatching(/^PGRST30/) });
    }
  });

  it('accepts the publishable key and the legacy anon JWT', async () => {
    for (const key of [PUBLISHABLE_KEY, ANON_KEY]) {
      const res = await fetch(url('/rest/v1/'), { headers: { apikey: key } });
      expect(res.status).toBe(200);
    }
  });

  it('maps the secret key to service_role, in the apikey header or as a bearer token', async () => {
    const ways: Record<string, string>[] = [
      { apikey: SECRET_KEY },
      { authorization: `Bearer ${SECRET_KEY}` },
    ];
    for (const headers of ways) {
      // Only service_role may list every user.
      const res = await fetch(url('/auth/v1/admin/users'), { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ users: expect.any(Array) });
    }
  });

  it('never passes an sb_ key to PostgREST as a bearer token', async () => {
    const res = await fetch(url('/rest/v1/'), {
      headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${PUBLISHABLE_KEY}` },
    });
    expect(res.status).toBe(200);
  });

  it('answers CORS preflights from any origin, reflecting requested headers', async () => {
    const res = await fetch(url('/rest/v1/doctors'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'apikey, authorization, x-client-info, content-type, prefer, x-upsert',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'apikey, authorization, x-client-info, content-type, prefer, x-upsert',
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('exposes Content-Range so counts work cross-origin', async () => {
    const res = await fetch(url('/rest/v1/'), {
      headers: { apikey: PUBLISHABLE_KEY, origin: 'https://app.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range');
  });

  it('answers unknown paths with 404 JSON', async () => {
    const missing = await fetch(url('/nowhere'), { headers: { apikey: PUBLISHABLE_KEY } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'no Route matched with those values' });
  });
});

describe('gateway without upstream services', () => {
  it('names each missing service in a 503 JSON answer', async () => {
    const port = await freePort();
    const gateway = await startGateway({ port, hosts: ['127.0.0.1'], upstreams: {} });
    try {
      for (const [path, service] of [
        ['/auth/v1/health', 'auth'],
        ['/storage/v1/bucket', 'storage'],
        ['/realtime/v1/api/broadcast', 'realtime'],
        ['/rest/v1/', 'rest'],
      ] as const) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { apikey: PUBLISHABLE_KEY } });
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ service });
      }
    } finally {
      await gateway.stop();
    }
  });
});
