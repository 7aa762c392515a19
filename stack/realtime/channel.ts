import { randomUUID } from 'node:crypto';
import type { JwtClaims } from '../config/jwt.ts';
import type { Filter } from './filters.ts';

export interface Binding {
  id: number;
  event: string;
  schema: string;
  table: string;
  filter: Filter | undefined;
  /** Echoed to the client in the join reply, as it sent it. */
  request: Record<string, unknown>;
}

/** One joined channel of one socket. */
export interface Subscription {
  socketId: string;
  topic: string;
  joinRef: string | null;
  isPrivate: boolean;
  self: boolean;
  ack: boolean;
  presenceKey: string;
  bindings: Binding[];
  role: string;
  claims: JwtClaims;
  /** The access token the claims came from (a refresh with the same token is ignored). */
  token?: string;
  /** Private channels: the read policies as last evaluated (join, token refresh). */
  rights?: { broadcast: boolean; presence: boolean };
  /** Private channels: checked on first send, then remembered. */
  mayBroadcast?: boolean;
  mayTrack?: boolean;
  /** The presence payload last tracked (JSON), and this channel's presence call budget. */
  tracked?: string;
  presenceCalls?: { count: number; resetAt: number };
  push(event: string, payload: unknown, ref?: string | null): void;
}

type Meta = Record<string, unknown> & { phx_ref: string };

/**
 * Who listens on which topic, and who is present there. Public and private topics with the same
 * name are separate streams (compat doc §4.4).
 */
export class Hub {
  readonly #topics = new Map<string, Set<Subscription>>();
  readonly #presence = new Map<string, Map<string, Map<string, Meta>>>();

  static key(topic: string, isPrivate: boolean): string {
    return `${isPrivate ? 'private' : 'public'}:${topic}`;
  }

  add(sub: Subscription): void {
    const key = Hub.key(sub.topic, sub.isPrivate);
    if (!this.#topics.has(key)) this.#topics.set(key, new Set());
    this.#topics.get(key)!.add(sub);
  }

  remove(sub: Subscription): void {
    this.untrack(sub);
    const key = Hub.key(sub.topic, sub.isPrivate);
    this.#topics.get(key)?.delete(sub);
    if (this.#topics.get(key)?.size === 0) this.#topics.delete(key);
  }

  subscribers(topic: string, isPrivate: boolean): Set<Subscription> {
    return this.#topics.get(Hub.key(topic, isPrivate)) ?? new Set();
  }

  all(): Iterable<Subscription> {
    return [...this.#topics.values()].flatMap((set) => [...set]);
  }

  broadcast(from: Subscription | undefined, topic: string, isPrivate: boolean, payload: unknown): void {
    for (const sub of this.subscribers(topic, isPrivate)) {
      if (sub === from && !sub.self) continue;
      sub.push('broadcast', payload);
    }
  }

  /** presence_state: `{key: {metas: [...]}}`. */
  state(sub: Subscription): Record<string, { metas: Meta[] }> {
    const topic =
      this.#presence.get(Hub.key(sub.topic, sub.isPrivate)) ?? new Map<string, Map<string, Meta>>();
    return Object.fromEntries([...topic].map(([key, metas]) => [key, { metas: [...metas.values()] }]));
  }

  #diff(
    sub: Subscription,
    joins: Record<string, { metas: Meta[] }>,
    leaves: Record<string, { metas: Meta[] }>,
  ): void {
    for (const other of this.subscribers(sub.topic, sub.isPrivate))
      other.push('presence_diff', { joins, leaves });
  }

  track(sub: Subscription, payload: Record<string, unknown>): void {
    const topicKey = Hub.key(sub.topic, sub.isPrivate);
    if (!this.#presence.has(topicKey)) this.#presence.set(topicKey, new Map());
    const topic = this.#presence.get(topicKey)!;
    if (!topic.has(sub.presenceKey)) topic.set(sub.presenceKey, new Map());
    const metas = topic.get(sub.presenceKey)!;
    const previous = metas.get(sub.socketId + sub.joinRef);
    const meta: Meta = { ...payload, phx_ref: randomUUID().slice(0, 20) };
    if (previous) meta.phx_ref_prev = previous.phx_ref;
    metas.set(sub.socketId + sub.joinRef, meta);
    this.#diff(
      sub,
      { [sub.presenceKey]: { metas: [meta] } },
      previous ? { [sub.presenceKey]: { metas: [previous] } } : {},
    );
  }

  untrack(sub: Subscription): void {
    const topic = this.#presence.get(Hub.key(sub.topic, sub.isPrivate));
    const metas = topic?.get(sub.presenceKey);
    const previous = metas?.get(sub.socketId + sub.joinRef);
    if (!metas || !previous) return;
    metas.delete(sub.socketId + sub.joinRef);
    if (metas.size === 0) topic!.delete(sub.presenceKey);
    this.#diff(sub, {}, { [sub.presenceKey]: { metas: [previous] } });
  }
}
