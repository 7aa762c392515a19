import {
  createServer,
  request,
  Agent,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { closeServer } from '../config/service.ts';
import { BodyLimit, BodyTooLargeError, bodyLimits, declaredTooLarge, sendTooLarge } from './body-limit.ts';
import { answerPreflight, corsHeaders } from './cors.ts';
import { gatewayErrors, sendError, sendUnavailable } from './errors.ts';
import { keyToken, upstreamAuthorization } from './keys.ts';
import { matchRoute, type Route, type ServiceName } from './routes.ts';

export interface GatewayOptions {
  port: number;
  /** Loopback addresses to listen on; ::1 is skipped where IPv6 is unavailable. */
  hosts?: string[];
  /** Unix socket of each running service; a missing one answers 503. */
  upstreams: Partial<Record<ServiceName, string>>;
  /** Largest request body per service (default: bodyLimits() with Storage's 50 MiB). */
  bodyLimits?: Record<ServiceName, number>;
}

export interface Gateway {
  servers: Server[];
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

function forwardedHeaders(req: IncomingMessage, route: Route, prefix: string, authorization?: string) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  delete headers.authorization;
  if (authorization) headers.authorization = authorization;
  Object.assign(headers, route.extraHeaders, {
    'x-forwarded-for': clientAddress(req),
    'x-forwarded-host': req.headers.host ?? '',
    'x-forwarded-proto': 'http',
    'x-forwarded-prefix': prefix,
  });
  return headers;
}

function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers.apikey;
  return typeof header === 'string' && header ? header : undefined;
}

/** Bodies up to this much past the limit are read and dropped so the connection stays usable. */
const DISCARD_LIMIT = 64 << 20;

/**
 * Reads and drops the rest of a refused request body, keeping the connection for the next
 * request; a body too large (or of unknown size) to be worth reading closes the connection
 * once the answer is out.
 */
function discardBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (req.complete) return;
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared > limit + DISCARD_LIMIT) {
    if (!res.headersSent) res.setHeader('connection', 'close');
    res.on('finish', () => req.socket.destroySoon());
  }
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit + DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}

function prefixOf(url: string): string {
  return url.split('/').slice(0, 3).join('/').split('?')[0] ?? '';
}

/**
 * The API gateway on :54321: one origin for every service, CORS, and the key mapping of the
 * CLI's Kong (supabase/cli `internal/start/templates/kong.yml`). It never decides
 * authorization; the services and RLS do.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const limits = options.bodyLimits ?? bodyLimits(50 * 1024 * 1024);
  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    for (const [name, value] of Object.entries(corsHeaders())) res.setHeader(name, value);
    const rawUrl = req.url ?? '/';
    const route = matchRoute(rawUrl);
    if (!route) return sendError(res, gatewayErrors.notFound);
    const authorization = upstreamAuthorization(req.headers.authorization, apiKeyOf(req));
    const socket = options.upstreams[route.service];
    if (!socket) return sendUnavailable(res, route.service);
    const limit = limits[route.service];
    if (declaredTooLarge(req, limit)) {
      discardBody(req, res, limit);
      return sendTooLarge(req, res, route.service, limit);
    }
    let answered = false;
    const upstream = request(
      {
        socketPath: socket,
        agent,
        method: req.method,
        path: route.path,
        headers: forwardedHeaders(req, route, prefixOf(rawUrl), authorization),
      },
      (answer) => {
        answered = true;
        const headers = { ...answer.headers };
        delete headers.connection;
        delete headers['keep-alive'];
        res.writeHead(answer.statusCode ?? 502, { ...headers, ...corsHeaders() });
        answer.pipe(res);
        // A response cut off upstream cannot be completed: close the connection, never leave it
        // half-written for the next request on it.
        answer.on('aborted', () => res.destroy());
        answer.on('error', () => res.destroy());
      },
    );
    const counter = new BodyLimit(limit);
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(counter);
      counter.unpipe(upstream);
      upstream.destroy();
      // Whatever is left of the body must still be read (or the connection closed), or the
      // next request on this keep-alive connection waits behind it forever.
      discardBody(req, res, limit);
      // An upstream may answer (413, 401 …) before reading the whole body; its answer stands.
      if (answered) return;
      if (error instanceof BodyTooLargeError) sendTooLarge(req, res, route.service, limit);
      else sendError(res, gatewayErrors.badGateway);
    };
    counter.on('error', fail);
    upstream.on('error', fail);
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(counter).pipe(upstream);
  };

  // Upgraded sockets leave the HTTP server's bookkeeping (closeAllConnections does not see them)
  // yet keep server.close() waiting, so the gateway ends them itself when it stops.
  const upgraded = new Set<Duplex>();
  const handleUpgrade = (req: IncomingMessage, client: Duplex, head: Buffer) => {
    upgraded.add(client);
    client.once('close', () => upgraded.delete(client));
    const rawUrl = req.url ?? '/';
    const route = matchRoute(rawUrl);
    const refuse = (status: number, body: object) => {
      const text = JSON.stringify(body);
      client.end(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Service Unavailable'}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    };
    if (!route || route.service !== 'realtime')
      return refuse(404, { message: gatewayErrors.notFound.message });
    const url = new URL(rawUrl, 'http://gateway');
    const key =
      url.searchParams.get('apikey') ??
      (typeof req.headers.apikey === 'string' ? req.headers.apikey : undefined);
    const socket = options.upstreams.realtime;
    if (!socket)
      return refuse(503, {
        message: 'The realtime service is not available in this stack',
        service: 'realtime',
      });
    // The realtime service sees the JWT, never an `sb_` key (`QueryToken` in supabase/cli
    // `internal/start/start.go`); without a key Realtime itself refuses the socket.
    const upstreamUrl = new URL(route.path, 'http://realtime');
    if (key) upstreamUrl.searchParams.set('apikey', keyToken(key));
    const upstream = connect(socket);
    upstream.on('connect', () => {
      const lines = [`${req.method ?? 'GET'} ${upstreamUrl.pathname}${upstreamUrl.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`x-forwarded-for: ${clientAddress(req)}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // Either side going away ends the other, so neither socket outlives the connection (an
    // orderly end is already passed on by pipe(), which lets buffered frames drain first).
    upstream.on('close', () => void (client.writableEnded || client.destroy()));
    client.on('close', () => void (upstream.writableEnded || upstream.destroy()));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  };

  const servers: Server[] = [];
  for (const host of options.hosts ?? ['127.0.0.1', '::1']) {
    const server = createServer({ keepAliveTimeout: 65_000 }, handleRequest);
    server.on('upgrade', handleUpgrade);
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(options.port, host, () => done());
      });
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
      throw error;
    }
  }
  return {
    servers,
    async stop() {
      const closed = Promise.all(servers.map(closeServer));
      for (const client of upgraded) client.destroy();
      await closed;
    },
  };
}
