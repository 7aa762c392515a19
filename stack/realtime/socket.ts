import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebSocket } from 'ws';
import { verifyJwt, type JwtClaims } from '../config/jwt.ts';
import { JWT_SECRET } from '../config/keys.ts';
import { mayWrite, readRights } from './authorization.ts';
import type { Binding, Hub, Subscription } from './channel.ts';
import { parseFilter } from './filters.ts';
import { decode, encode, FrameError, type Frame, type Version } from './protocol.ts';

export const LIMITS = {
  channelsPerSocket: 100,
  payloadBytes: 3000 * 1024,
  eventsPerSecond: 100,
  bufferedBytes: 16 * 1024 * 1024,
};

export interface SocketDeps {
  hub: Hub;
  pool: pg.Pool;
  /** Checks postgres_changes bindings; returns an error message for a bad one. */
  checkBinding(binding: Binding): Promise<string | undefined>;
}

function bindingId(b: Record<string, unknown>): number {
  let hash = 0;
  for (const c of JSON.stringify([b.event, b.schema, b.table, b.filter ?? null]))
    hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash % 100_000_000;
}

/** One WebSocket: Phoenix channel protocol with Supabase Realtime's extensions (compat doc §4). */
export class RealtimeSocket {
  readonly id = randomUUID();
  readonly #ws: WebSocket;
  readonly #version: Version;
  readonly #apikeyClaims: JwtClaims;
  readonly #deps: SocketDeps;
  readonly #channels = new Map<string, Subscription>();
  #window = { second: 0, count: 0 };

  constructor(ws: WebSocket, version: Version, apikeyClaims: JwtClaims, deps: SocketDeps) {
    this.#ws = ws;
    this.#version = version;
    this.#apikeyClaims = apikeyClaims;
    this.#deps = deps;
    ws.on('message', (data: Buffer, isBinary: boolean) => void this.#receive(data, isBinary));
    ws.on('close', () => this.#closeAll());
    ws.on('error', () => this.#closeAll());
  }

  send(frame: Frame): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    // A consumer that cannot keep up is cut off rather than slowing everyone else down.
    if (this.#ws.bufferedAmount > LIMITS.bufferedBytes) return void this.#ws.terminate();
    this.#ws.send(encode(frame, this.#version));
  }

  #reply(frame: Frame, status: 'ok' | 'error', response: unknown): void {
    this.send({
      joinRef: frame.joinRef,
      ref: frame.ref,
      topic: frame.topic,
      event: 'phx_reply',
      payload: { status, response },
    });
  }

  async #receive(data: Buffer, isBinary: boolean): Promise<void> {
    let frame: Frame;
    try {
      frame = decode(data, isBinary, this.#version);
    } catch (error) {
      const reason = error instanceof FrameError ? error.message : 'malformed frame';
      return this.send({
        joinRef: null,
        ref: null,
        topic: 'phoenix',
        event: 'phx_error',
        payload: { reason },
      });
    }
    const second = Math.floor(Date.now() / 1000);
    this.#window =
      this.#window.second === second ? { second, count: this.#window.count + 1 } : { second, count: 1 };
    if (this.#window.count > LIMITS.eventsPerSecond && frame.event !== 'heartbeat') {
      if (frame.event === 'phx_join')
        return this.#reply(frame, 'error', {
          reason: 'ClientJoinRateLimitReached: Too many joins per second',
        });
      const sub = this.#channels.get(frame.topic);
      if (sub) this.#shutdown(sub, 'Too many messages per second');
      else this.#reply(frame, 'error', { reason: 'Too many messages per second' });
      return;
    }
    try {
      await this.#dispatch(frame);
    } catch (error) {
      this.#reply(frame, 'error', { reason: `UnknownErrorOnChannel: ${(error as Error).message}` });
    }
  }

  async #dispatch(frame: Frame): Promise<void> {
    if (frame.topic === 'phoenix' && frame.event === 'heartbeat') return this.#reply(frame, 'ok', {});
    if (frame.event === 'phx_join') return this.#join(frame);
    const sub = this.#channels.get(frame.topic);
    if (!sub) return this.#reply(frame, 'error', { reason: 'unmatched topic' });
    switch (frame.event) {
      case 'phx_leave':
        this.#reply(frame, 'ok', {});
        this.#leave(sub);
        return;
      case 'broadcast':
        return this.#broadcast(sub, frame);
      case 'presence':
        return this.#presence(sub, frame);
      case 'access_token':
        return this.#accessToken(sub, frame);
      default:
        return this.#reply(frame, 'error', { reason: `unknown event "${frame.event}"` });
    }
  }

  #identity(token: unknown): { ok: true; claims: JwtClaims } | { ok: false; reason: string } {
    if (typeof token !== 'string' || token.startsWith('sb_')) return { ok: true, claims: this.#apikeyClaims };
    const result = verifyJwt(token, JWT_SECRET);
    if (!result.ok) {
      if (result.reason === 'expired') {
        const claims = JSON.parse(
          Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'),
        ) as JwtClaims;
        const ago = Math.floor(Date.now() / 1000 - (claims.exp ?? 0));
        return { ok: false, reason: `InvalidJWTToken: Token has expired ${Math.max(ago, 0)} seconds ago` };
      }
      return { ok: false, reason: 'MalformedJWT: The token provided is not a valid JWT' };
    }
    if (typeof result.claims.role !== 'string' || typeof result.claims.exp !== 'number') {
      return { ok: false, reason: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT' };
    }
    return { ok: true, claims: result.claims };
  }

  async #join(frame: Frame): Promise<void> {
    const name = frame.topic.replace(/^realtime:/, '');
    if (!frame.topic.startsWith('realtime:') || !name) {
      return this.#reply(frame, 'error', { reason: 'TopicNameRequired: You must provide a topic name' });
    }
    const existing = this.#channels.get(frame.topic);
    if (existing) this.#leave(existing);
    if (this.#channels.size >= LIMITS.channelsPerSocket) {
      return this.#reply(frame, 'error', { reason: 'ChannelRateLimitReached: Too many channels' });
    }
    const payload = (frame.payload ?? {}) as { config?: Record<string, unknown>; access_token?: unknown };
    const config = payload.config ?? {};
    const identity = this.#identity(payload.access_token);
    if (!identity.ok) return this.#reply(frame, 'error', { reason: identity.reason });
    const role = typeof identity.claims.role === 'string' ? identity.claims.role : 'anon';
    const isPrivate = config.private === true;
    if (isPrivate && role !== 'service_role') {
      const rights = await readRights(this.#deps.pool, { role, claims: identity.claims }, name);
      if (!rights.broadcast && !rights.presence) {
        return this.#reply(frame, 'error', {
          reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${name}`,
        });
      }
    }
    const broadcast = (config.broadcast ?? {}) as { self?: boolean; ack?: boolean };
    const presence = (config.presence ?? {}) as { key?: string; enabled?: boolean };
    const requested = Array.isArray(config.postgres_changes)
      ? (config.postgres_changes as Record<string, unknown>[])
      : [];
    const bindings: Binding[] = [];
    const problems: string[] = [];
    for (const request of requested) {
      let filter;
      try {
        filter = parseFilter(typeof request.filter === 'string' ? request.filter : undefined);
      } catch (error) {
        problems.push((error as Error).message);
      }
      const binding: Binding = {
        id: bindingId(request),
        event: typeof request.event === 'string' ? request.event : '*',
        schema: typeof request.schema === 'string' ? request.schema : 'public',
        table: typeof request.table === 'string' ? request.table : '*',
        filter,
        request,
      };
      const problem = await this.#deps.checkBinding(binding);
      if (problem) problems.push(problem);
      bindings.push(binding);
    }
    const sub: Subscription = {
      socketId: this.id,
      topic: name,
      joinRef: frame.joinRef,
      isPrivate,
      self: broadcast.self === true,
      ack: broadcast.ack === true,
      presenceKey: presence.key || randomUUID(),
      bindings: problems.length ? [] : bindings,
      role,
      claims: identity.claims,
      push: (event, body, ref = null) =>
        this.send({ joinRef: frame.joinRef, ref, topic: frame.topic, event, payload: body }),
    };
    this.#channels.set(frame.topic, sub);
    this.#deps.hub.add(sub);
    this.#reply(frame, 'ok', { postgres_changes: bindings.map((b) => ({ ...b.request, id: b.id })) });
    if (presence.enabled) sub.push('presence_state', this.#deps.hub.state(sub));
    if (requested.length) {
      sub.push(
        'system',
        problems.length
          ? { extension: 'postgres_changes', status: 'error', message: problems.join('; '), channel: name }
          : {
              extension: 'postgres_changes',
              status: 'ok',
              message: 'Subscribed to PostgreSQL',
              channel: name,
            },
      );
    }
    this.#expireAt(sub);
  }

  /** Closes the channel when its token expires, with the system message the client expects. */
  #expireAt(sub: Subscription): void {
    const exp = typeof sub.claims.exp === 'number' ? sub.claims.exp : undefined;
    if (!exp) return;
    const delay = Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(
      () => {
        if (this.#channels.get(`realtime:${sub.topic}`) === sub && sub.claims.exp === exp) {
          this.#shutdown(
            sub,
            `Token has expired ${Math.max(0, Math.floor(Date.now() / 1000 - exp))} seconds ago`,
          );
        }
      },
      Math.max(delay, 0),
    );
    timer.unref();
  }

  async #broadcast(sub: Subscription, frame: Frame): Promise<void> {
    const payload = frame.payload as { type?: string; event?: string; payload?: unknown } | null;
    const size = Buffer.byteLength(JSON.stringify(payload ?? null));
    if (size > LIMITS.payloadBytes) {
      if (sub.ack) this.#reply(frame, 'error', { reason: 'Payload too large' });
      return;
    }
    if (sub.isPrivate && sub.role !== 'service_role') {
      sub.mayBroadcast ??= await mayWrite(
        this.#deps.pool,
        { role: sub.role, claims: sub.claims },
        sub.topic,
        'broadcast',
      );
      // Denied sends are dropped without a reply, as Realtime does.
      if (!sub.mayBroadcast) return;
    }
    this.#deps.hub.broadcast(sub, sub.topic, sub.isPrivate, {
      type: 'broadcast',
      event: payload?.event,
      payload: payload?.payload,
    });
    if (sub.ack) this.#reply(frame, 'ok', {});
  }

  async #presence(sub: Subscription, frame: Frame): Promise<void> {
    const payload = (frame.payload ?? {}) as { event?: string; payload?: unknown };
    if (sub.isPrivate && sub.role !== 'service_role') {
      sub.mayTrack ??= await mayWrite(
        this.#deps.pool,
        { role: sub.role, claims: sub.claims },
        sub.topic,
        'presence',
      );
      if (!sub.mayTrack)
        return this.#reply(frame, 'error', {
          reason: 'Unauthorized: You do not have permissions to track presence on this Channel topic',
        });
    }
    if (payload.event === 'untrack') {
      this.#deps.hub.untrack(sub);
      return this.#reply(frame, 'ok', {});
    }
    if (typeof payload.payload !== 'object' || payload.payload === null || Array.isArray(payload.payload)) {
      return this.#reply(frame, 'error', { reason: 'Presence track payload must be a map' });
    }
    if (Buffer.byteLength(JSON.stringify(payload.payload)) > LIMITS.payloadBytes) {
      return this.#reply(frame, 'error', { reason: 'Track message size exceeded' });
    }
    this.#deps.hub.track(sub, payload.payload as Record<string, unknown>);
    this.#reply(frame, 'ok', {});
  }

  async #accessToken(sub: Subscription, frame: Frame): Promise<void> {
    const token = (frame.payload as { access_token?: unknown } | null)?.access_token;
    if (typeof token !== 'string' || token.startsWith('sb_')) return;
    const identity = this.#identity(token);
    if (!identity.ok) return this.#shutdown(sub, identity.reason.replace(/^\w+: /, ''));
    sub.claims = identity.claims;
    sub.role = typeof identity.claims.role === 'string' ? identity.claims.role : 'anon';
    sub.mayBroadcast = undefined;
    sub.mayTrack = undefined;
    if (sub.isPrivate && sub.role !== 'service_role') {
      const rights = await readRights(this.#deps.pool, { role: sub.role, claims: sub.claims }, sub.topic);
      if (!rights.broadcast && !rights.presence) {
        return this.#shutdown(
          sub,
          `You no longer have permission to read from this Channel topic: ${sub.topic}`,
        );
      }
    }
    this.#expireAt(sub);
  }

  #shutdown(sub: Subscription, message: string): void {
    sub.push('system', { extension: 'system', status: 'error', message, channel: sub.topic });
    sub.push('phx_close', {});
    this.#leave(sub);
  }

  #leave(sub: Subscription): void {
    this.#deps.hub.remove(sub);
    this.#channels.delete(`realtime:${sub.topic}`);
  }

  #closeAll(): void {
    for (const sub of this.#channels.values()) this.#deps.hub.remove(sub);
    this.#channels.clear();
  }
}
