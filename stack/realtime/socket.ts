import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebSocket } from 'ws';
import { verifyJwt, type JwtClaims } from '../config/jwt.ts';
import { mayWrite, readRights } from './authorization.ts';
import type { Binding, Hub, Subscription } from './channel.ts';
import { parseFilter } from './filters.ts';
import { PerSecond, type RateCounter, type RealtimeLimits } from './limits.ts';
import { decode, encode, FrameError, type Frame, type Version } from './protocol.ts';

export interface SocketDeps {
  hub: Hub;
  pool: pg.Pool;
  limits: RealtimeLimits;
  /** Tenant-wide counters: joins and presence tracks per second. */
  joins: RateCounter;
  presenceEvents: RateCounter;
  /** Checks postgres_changes bindings; returns an error message for a bad one. */
  checkBinding(binding: Binding): Promise<string | undefined>;
  /** True once the service is shutting down: joins are refused. */
  stopping(): boolean;
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
  readonly #events: PerSecond;

  constructor(ws: WebSocket, version: Version, apikeyClaims: JwtClaims, deps: SocketDeps) {
    this.#ws = ws;
    this.#version = version;
    this.#apikeyClaims = apikeyClaims;
    this.#deps = deps;
    this.#events = new PerSecond(deps.limits.eventsPerSecond);
    ws.on('message', (data: Buffer, isBinary: boolean) => void this.#receive(data, isBinary));
    ws.on('close', () => this.#closeAll());
    ws.on('error', () => this.#closeAll());
  }

  send(frame: Frame): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    // A consumer that cannot keep up is cut off rather than slowing everyone else down.
    if (this.#ws.bufferedAmount > this.#deps.limits.bufferedBytes) return void this.#ws.terminate();
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
    if (frame.event !== 'heartbeat' && frame.event !== 'phx_join' && this.#events.hit()) {
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

  async #identity(token: unknown): Promise<{ ok: true; claims: JwtClaims } | { ok: false; reason: string }> {
    if (typeof token !== 'string' || token.startsWith('sb_')) return { ok: true, claims: this.#apikeyClaims };
    const result = await verifyJwt(token);
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
    const payload = (frame.payload ?? {}) as { config?: Record<string, unknown>; access_token?: unknown };
    // The token is verified before the limits are checked, so that joins sent together meet
    // the limits one by one (nothing awaits between the checks and taking the channel).
    const identity = await this.#identity(payload.access_token);
    // supabase/realtime `realtime_channel.ex` join/3 asks `SignalHandler.shutdown_in_progress?` first.
    if (this.#deps.stopping()) {
      return this.#reply(frame, 'error', {
        reason: 'RealtimeRestarting: Realtime is restarting, please standby',
      });
    }
    const existing = this.#channels.get(frame.topic);
    if (existing) this.#leave(existing);
    // Order and replies of supabase/realtime `lib/realtime_web/channels/realtime_channel.ex`
    // (join/3: limit_joins, then limit_channels); too many joins also disconnects the socket.
    if (this.#deps.joins.limited()) {
      this.#reply(frame, 'error', { reason: 'ClientJoinRateLimitReached: Too many joins per second' });
      this.#ws.close();
      return;
    }
    if (this.#channels.size >= this.#deps.limits.channelsPerClient) {
      return this.#reply(frame, 'error', { reason: 'ChannelRateLimitReached: Too many channels' });
    }
    const config = payload.config ?? {};
    if (!identity.ok) return this.#reply(frame, 'error', { reason: identity.reason });
    const role = typeof identity.claims.role === 'string' ? identity.claims.role : 'anon';
    const isPrivate = config.private === true;
    let rights: Subscription['rights'];
    if (isPrivate && role !== 'service_role') {
      rights = await readRights(this.#deps.pool, { role, claims: identity.claims }, name);
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
      token: typeof payload.access_token === 'string' ? payload.access_token : undefined,
      rights,
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
    if (size > this.#deps.limits.payloadBytes) {
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

  /**
   * Presence as supabase/realtime `lib/realtime_web/channels/realtime_channel/presence_handler.ex`
   * and `realtime_channel.ex` handle_in("presence"): a per-channel call budget first, write policy
   * for track on private channels, then payload shape, size and the tenant rate; over a limit the
   * channel is shut down with a `system` error; the same payload again is a no-op.
   */
  async #presence(sub: Subscription, frame: Frame): Promise<void> {
    const payload = (frame.payload ?? {}) as { event?: unknown; payload?: unknown };
    const { limits } = this.#deps;
    const now = Date.now();
    if (!sub.presenceCalls || now > sub.presenceCalls.resetAt) {
      sub.presenceCalls = { count: 1, resetAt: now + limits.clientPresenceWindowMs };
    } else if (sub.presenceCalls.count >= limits.clientPresenceMaxCalls) {
      return this.#shutdown(sub, 'Client presence rate limit exceeded');
    } else sub.presenceCalls.count += 1;
    const event = typeof payload.event === 'string' ? payload.event.toLowerCase() : '';
    if (event === 'untrack') {
      this.#deps.hub.untrack(sub);
      sub.tracked = undefined;
      return this.#reply(frame, 'ok', {});
    }
    if (event !== 'track') return this.#reply(frame, 'error', {});
    if (sub.isPrivate && sub.role !== 'service_role') {
      sub.mayTrack ??= await mayWrite(
        this.#deps.pool,
        { role: sub.role, claims: sub.claims },
        sub.topic,
        'presence',
      );
      if (!sub.mayTrack) return this.#reply(frame, 'error', {});
    }
    const meta = payload.payload ?? {};
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      return this.#reply(frame, 'error', { reason: 'Presence track payload must be a map' });
    }
    const json = JSON.stringify(meta);
    if (json === sub.tracked) return this.#reply(frame, 'ok', {});
    if (Buffer.byteLength(json) > limits.payloadBytes)
      return this.#shutdown(sub, 'Track message size exceeded');
    if (this.#deps.presenceEvents.limited())
      return this.#shutdown(sub, 'Too many presence messages per second');
    this.#deps.hub.track(sub, meta as Record<string, unknown>);
    sub.tracked = json;
    this.#reply(frame, 'ok', {});
  }

  /**
   * A new token on an open channel (supabase/realtime `realtime_channel.ex` handle_in("access_token")):
   * the same token, `null` or an `sb_` key is ignored; otherwise the token is verified, the write
   * policies are forgotten (asked again on the next send or track) and the read policies of a
   * private channel asked again. No read left, or a read that was allowed and no longer is, shuts
   * the channel down. This and the expiry timer are how a revoked member loses a private channel:
   * within the lifetime of the token they joined with.
   */
  async #accessToken(sub: Subscription, frame: Frame): Promise<void> {
    const token = (frame.payload as { access_token?: unknown } | null)?.access_token;
    if (typeof token !== 'string' || token.startsWith('sb_') || token === sub.token) return;
    const identity = await this.#identity(token);
    if (!identity.ok) return this.#shutdown(sub, identity.reason.replace(/^\w+: /, ''));
    sub.token = token;
    sub.claims = identity.claims;
    sub.role = typeof identity.claims.role === 'string' ? identity.claims.role : 'anon';
    sub.mayBroadcast = undefined;
    sub.mayTrack = undefined;
    if (sub.isPrivate && sub.role !== 'service_role') {
      const previous = sub.rights;
      const rights = await readRights(this.#deps.pool, { role: sub.role, claims: sub.claims }, sub.topic);
      if (this.#channels.get(`realtime:${sub.topic}`) !== sub) return;
      sub.rights = rights;
      if (!rights.broadcast && !rights.presence)
        return this.#shutdown(
          sub,
          `You do not have permissions to read from this Channel topic: ${sub.topic}`,
        );
      if ((previous?.broadcast && !rights.broadcast) || (previous?.presence && !rights.presence))
        return this.#shutdown(
          sub,
          `You no longer have permission to read from this Channel topic: ${sub.topic}`,
        );
    }
    this.#expireAt(sub);
  }

  /**
   * Server shutdown: each joined channel gets the system message of supabase/realtime
   * `lib/realtime_web/channels/user_socket.ex` disconnect/1, then the socket closes with 1001.
   */
  disconnect(): void {
    for (const sub of this.#channels.values())
      sub.push('system', { extension: 'system', status: 'ok', message: 'Server requested disconnect' });
    this.#closeAll();
    this.#ws.close(1001, 'Server requested disconnect');
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
