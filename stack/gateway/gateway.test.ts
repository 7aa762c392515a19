import { describe, expect, it } from 'vitest';
import { ANON_KEY, PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { freePort } from '../../tests/helpers/stack.ts';
import { signJwt } from '../config/jwt.ts';
import { startGateway } from './index.ts';

const url = (path: string) => `${stackInfo().apiUrl}${path}`;

describe('gateway keys', () => {
  it('answers 401 JSON without an API key', async () => {
    const res = await fetch(url('/rest/v1/'));
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ message: 'No API key found in request' });
  });

  it('answers 401 JSON for a key that is no project key', async () => {
    const wrongSecret = signJwt({ role: 'anon', exp: 1983812996 }, 'some-other-secret-that-is-32-chars-long');
    for (const key of [
      'wrong',
      'sb_publishable_nope',
      wrongSecret,
      'eyJhbGciOiJub25lIn0.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.',
    ]) {
      const res = await fetch(url('/rest/v1/'), { headers: { apikey: key } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Invalid authentication credentials' });
    }
  });

  it('accepts the publishable key and the legacy anon JWT', async () => {
    for (const key of [PUBLISHABLE_KEY, ANON_KEY]) {
      const res = await fetch(url('/rest/v1/'), { headers: { apikey: key } });
      expect(res.status).toBe(200);
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
