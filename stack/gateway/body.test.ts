import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { freePort } from '../../tests/helpers/stack.ts';
import { startGateway, type Gateway } from './index.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

/**
 * One request on `agent`; the body is a Buffer (sent with Content-Length) or a list of chunks
 * (sent chunked). A request that gets no complete answer within 5 s fails instead of hanging.
 */
function send(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  body?: Buffer | Buffer[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request(
      url,
      { agent, method, headers: { apikey: PUBLISHABLE_KEY, 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            socket: req.socket!,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may stop reading an oversized body once it has answered; the answer stands.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

const MB = 1024 * 1024;

describe('gateway request bodies', () => {
  it('answers 413 to a 20 MB body for Auth, and the same connection serves the next 5 requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const api = stackInfo().apiUrl;
    const huge = await send(agent, api, 'POST', '/auth/v1/signup', Buffer.alloc(20 * MB, 'a'), {
      'x-supabase-api-version': '2024-01-01',
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toEqual({
      code: 'request_entity_too_large',
      message: 'Request body too large (max 1048576 bytes)',
    });
    for (let i = 0; i < 5; i++) {
      const next = await send(agent, api, 'GET', '/auth/v1/health');
      expect(next.status).toBe(200);
      expect(next.socket).toBe(huge.socket);
    }
    agent.destroy();
  });

  it('counts a chunked body as it streams, answers 413, and the next requests still answer', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const api = stackInfo().apiUrl;
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 'b'));
    const big = await send(agent, api, 'POST', '/auth/v1/signup', chunks);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error_code: 'request_entity_too_large' });
    for (let i = 0; i < 5; i++) expect((await send(agent, api, 'GET', '/auth/v1/health')).status).toBe(200);
    // Nothing was created from the refused bodies, and a normal body still works.
    const ok = await send(agent, api, 'POST', '/auth/v1/token?grant_type=password', Buffer.from('{}'));
    expect(ok.status).toBe(400);
    agent.destroy();
  });

  it('refuses bodies over the limit for every service in that service’s error shape', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const api = stackInfo().apiUrl;
    const rest = await send(agent, api, 'POST', '/rest/v1/doctors', undefined, {
      'content-length': String(200 * MB),
    });
    expect(rest.status).toBe(413);
    expect(JSON.parse(rest.body).message).toMatch(/at most \d+ bytes/);
    agent.destroy();
  });
});

describe('gateway when an upstream cuts a request off', () => {
  let dir: string;
  let gateway: Gateway;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-gateway-'));
    const socketPath = join(dir, 'rest.sock');
    // An upstream that hangs up halfway through reading large bodies, and answers everything else.
    const upstream = createServer((req, res) => {
      if (req.method === 'POST') {
        let seen = 0;
        req.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MB) req.socket.destroy();
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((done) => upstream.listen(socketPath, done));
    const port = await freePort();
    gateway = await startGateway({ port, hosts: ['127.0.0.1'], upstreams: { rest: socketPath } });
    base = `http://127.0.0.1:${port}`;
    return () => new Promise<void>((done) => upstream.close(() => done()));
  });

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 502 and leaves no connection stuck mid-body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const cut = await send(agent, base, 'POST', '/rest/v1/things', Buffer.alloc(20 * MB, 'c'));
    expect(cut.status).toBe(502);
    expect(JSON.parse(cut.body)).toEqual({
      message: 'An invalid response was received from the upstream server',
    });
    for (let i = 0; i < 5; i++) expect((await send(agent, base, 'GET', '/rest/v1/things')).status).toBe(200);
    agent.destroy();
  });
});
