import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { verifyJwt } from '../config/jwt.ts';
import { closeServer, listenOnSocket, servicePool, type StartService } from '../config/service.ts';
import { mayWrite } from './authorization.ts';
import { ChangeFeed } from './changes.ts';
import { Hub, type Binding } from './channel.ts';
import { deliverChange } from './deliver.ts';
import { RateCounter, realtimeLimits } from './limits.ts';
import { RealtimeSocket } from './socket.ts';

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The Realtime service: Phoenix channels over WebSocket with broadcast, presence, Postgres
 * changes filtered by each subscriber's RLS, and private channels authorized by RLS on
 * realtime.messages (compat doc §4).
 */
export const start: StartService = async (context) => {
  const pool = servicePool(context, 'supabase_admin', 10);
  const hub = new Hub();
  const limits = realtimeLimits();
  const joins = new RateCounter(limits.joinsPerSecond);
  const presenceEvents = new RateCounter(limits.presenceEventsPerSecond);
  const published = async (schema: string, table: string) =>
    (
      await pool.query(
        "select 1 from pg_publication_tables where pubname = $1 and schemaname = $2 and ($3 = '*' or tablename = $3)",
        ['supabase_realtime', schema, table],
      )
    ).rowCount! > 0;

  const checkBinding = async (binding: Binding): Promise<string | undefined> => {
    const description = `[event: ${binding.event}, schema: ${binding.schema}, table: ${binding.table}, filters: ${binding.filter ? `[${binding.filter.column}]` : '[]'}]`;
    if (!(await published(binding.schema, binding.table))) {
      return `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: ${description}`;
    }
    if (binding.filter && binding.table !== '*') {
      const { rowCount } = await pool.query(
        'select 1 from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = $3',
        [binding.schema, binding.table, binding.filter.column],
      );
      if (!rowCount)
        return `Unable to subscribe to changes with given parameters. Column "${binding.filter.column}" does not exist: ${description}`;
    }
    return undefined;
  };

  const feed = new ChangeFeed(pool, (change) => deliverChange(pool, hub, change));
  await feed.start();

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.payloadBytes + 64 * 1024 });
  const sockets = new Set<RealtimeSocket>();
  let stopping = false;
  const server = createServer((req, res) => void api(req, res));

  async function api(req: IncomingMessage, res: ServerResponse) {
    const json = (status: number, body?: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(body === undefined ? '' : JSON.stringify(body));
    const url = new URL(req.url ?? '/', 'http://realtime');
    const token = req.headers.authorization?.match(/^Bearer (.+)$/i)?.[1] ?? '';
    const auth = await verifyJwt(token);
    if (!auth.ok) return json(401, { message: 'Unauthorized' });
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return json(422, { message: 'body must be JSON' });
    }
    const who = {
      role: typeof auth.claims.role === 'string' ? auth.claims.role : 'anon',
      claims: auth.claims,
    };
    const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(url.pathname);
    const messages: { topic: string; event: string; payload: unknown; private: boolean }[] = single
      ? [
          {
            topic: decodeURIComponent(single[1]!),
            event: decodeURIComponent(single[2]!),
            payload: body,
            private: url.searchParams.get('private') === 'true',
          },
        ]
      : url.pathname === '/api/broadcast' && Array.isArray((body as { messages?: unknown }).messages)
        ? (
            body as { messages: { topic: string; event: string; payload: unknown; private?: boolean }[] }
          ).messages.map((m) => ({ ...m, private: m.private === true }))
        : [];
    if (!messages.length)
      return json(url.pathname.startsWith('/api/broadcast') ? 422 : 404, {
        message: 'No messages to broadcast',
      });
    for (const message of messages) {
      if (
        message.private &&
        who.role !== 'service_role' &&
        !(await mayWrite(pool, who, message.topic, 'broadcast'))
      ) {
        if (single) return json(403, { message: 'You do not have permission to broadcast to this topic' });
        continue;
      }
      hub.broadcast(undefined, message.topic, message.private, {
        type: 'broadcast',
        event: message.event,
        payload: message.payload,
      });
    }
    json(202);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://realtime');
    if (url.pathname !== '/socket/websocket') return refuseUpgrade(socket, 404, 'Not found');
    const apikey = (req.headers['x-api-key'] as string | undefined) ?? url.searchParams.get('apikey');
    if (!apikey) return refuseUpgrade(socket, 401, 'API key is missing');
    const result = await verifyJwt(apikey);
    if (!result.ok)
      return refuseUpgrade(
        socket,
        401,
        result.reason === 'expired' ? 'Token has expired' : 'Failed to validate JWT signature',
      );
    if (typeof result.claims.role !== 'string' || typeof result.claims.exp !== 'number') {
      return refuseUpgrade(socket, 401, 'Fields `role` and `exp` are required in JWT');
    }
    if (stopping) return refuseUpgrade(socket, 503, 'Realtime is restarting, please standby');
    const version = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0';
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = new RealtimeSocket(ws, version, result.claims, {
        hub,
        pool,
        limits,
        joins,
        presenceEvents,
        checkBinding,
        stopping: () => stopping,
      });
      sockets.add(client);
      ws.once('close', () => sockets.delete(client));
    });
  }
  server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));

  await listenOnSocket(server, context.socket);
  /**
   * As supabase/realtime does on SIGTERM and on a tenant disconnect
   * (`lib/realtime/signal_handler.ex`, `lib/realtime_web/channels/user_socket.ex` disconnect/1):
   * new joins are refused, every joined channel hears "Server requested disconnect", and the
   * sockets are closed with 1001 (going away). A client that does not answer the close within
   * half a second is cut off.
   */
  const drain = async () => {
    stopping = true;
    await feed.stop();
    const closed = [...wss.clients].map(
      (ws) => new Promise<void>((done) => (ws.readyState === ws.CLOSED ? done() : ws.once('close', done))),
    );
    for (const client of sockets) client.disconnect();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((done) => (timer = setTimeout(done, 500)))]);
    clearTimeout(timer);
    for (const ws of wss.clients) ws.terminate();
  };
  return {
    drain,
    async stop() {
      await drain();
      await closeServer(server);
      await pool.end();
    },
  };
};
