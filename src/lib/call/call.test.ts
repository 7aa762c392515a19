import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * CallSession's glue around the machine: timers, the channel, the ringer and the call log. The
 * Supabase client and RTCPeerConnection are in-memory stand-ins here (unit level only); the real
 * channel, database and browser are covered by supabase/tests/calls.test.ts and
 * tests/e2e/call.spec.ts.
 */
const fake = vi.hoisted(() => {
  const me = '11111111-1111-1111-1111-111111111111';
  const state = {
    sent: [] as Record<string, unknown>[],
    records: [] as string[],
    removed: 0,
    deliver: (_payload: unknown): void => undefined,
  };
  const channel = {
    on(_type: string, _filter: unknown, listener: (message: { payload: unknown }) => void) {
      state.deliver = (payload) => listener({ payload });
      return channel;
    },
    subscribe(listener: (status: string) => void) {
      queueMicrotask(() => listener('SUBSCRIBED'));
      return channel;
    },
    send(message: { payload: Record<string, unknown> }) {
      state.sent.push(message.payload);
      return Promise.resolve('ok');
    },
  };
  const client = {
    channel: () => channel,
    removeChannel: () => {
      state.removed += 1;
      return Promise.resolve('ok');
    },
    realtime: { setAuth: () => Promise.resolve() },
    auth: { getSession: () => Promise.resolve({ data: { session: { user: { id: me } } } }) },
    rpc: (_name: string, args: { event: string }) => {
      state.records.push(args.event);
      return Promise.resolve({ error: null });
    },
  };
  return { me, state, client };
});

vi.mock('../supabase.ts', () => ({ supabase: fake.client }));

const { CallSession } = await import('./call.svelte.ts');

class FakeConnection {
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  remoteDescription: RTCSessionDescriptionInit | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onicecandidate: unknown = null;
  ontrack: unknown = null;
  static last: FakeConnection;
  constructor() {
    FakeConnection.last = this;
  }
  addTrack(): void {}
  addTransceiver(): void {}
  getTransceivers(): unknown[] {
    return [];
  }
  createOffer = () => Promise.resolve({ type: 'offer' as const, sdp: 'offer-sdp' });
  createAnswer = () => Promise.resolve({ type: 'answer' as const, sdp: 'answer-sdp' });
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
    return Promise.resolve();
  }
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    return Promise.resolve();
  }
  addIceCandidate = () => Promise.resolve();
  close(): void {}
  /** The browser reports a new ICE state. */
  ice(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }
}

const OTHER = '22222222-2222-2222-2222-222222222222';
const types = () => fake.state.sent.map((signal) => signal.type);

async function session(
  options: { ringTimeoutMs?: number; reconnectTimeoutMs?: number; keepSent?: boolean } = {},
) {
  const { keepSent, ...timeouts } = options;
  const ringer = { start: vi.fn(), stop: vi.fn() };
  const call = new CallSession({
    appointmentId: '33333333-3333-3333-3333-333333333333',
    ringTimeoutMs: 45_000,
    reconnectTimeoutMs: 15_000,
    ringRepeatMs: 3_000,
    ringer,
    ...timeouts,
  });
  await call.join();
  await vi.advanceTimersByTimeAsync(0);
  // Joining announced this tab; the tests below look at what comes after.
  if (!keepSent) fake.state.sent = [];
  return { call, ringer };
}

/** A connected call on the offering side. */
async function connectedCaller() {
  const made = await session();
  await made.call.call();
  const callId = made.call.state.callId!;
  fake.state.deliver({ type: 'accept', callId, from: OTHER });
  await vi.advanceTimersByTimeAsync(0);
  fake.state.deliver({ type: 'answer', callId, sdp: 'answer-sdp', from: OTHER });
  await vi.advanceTimersByTimeAsync(0);
  FakeConnection.last.ice('connected');
  return { ...made, callId };
}

describe('CallSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('RTCPeerConnection', FakeConnection);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    fake.state.sent = [];
    fake.state.records = [];
    fake.state.removed = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('joins the channel, and signs what it sends with the user id', async () => {
    const { call } = await session({ keepSent: true });
    expect(call.channel).toBe('joined');
    expect(fake.state.sent).toEqual([{ type: 'present', callId: '', from: fake.me }]);
    await call.call();
    expect(fake.state.sent[1]).toMatchObject({ type: 'ring', from: fake.me });
    expect(fake.state.records).toEqual(['started']);
  });

  it('rings again every few seconds, then gives up as missed after the ring timeout', async () => {
    const { call } = await session();
    await call.call();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(types()).toEqual(['ring', 'ring', 'ring', 'ring']);
    await vi.advanceTimersByTimeAsync(36_000);
    expect(call.state).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(fake.state.sent.at(-1)).toMatchObject({ type: 'end', reason: 'missed' });
    // Nothing keeps ringing after the end.
    const count = fake.state.sent.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.state.sent).toHaveLength(count);
    expect(fake.state.records).toEqual(['started', 'ended']);
  });

  it('rings the callee once per call, answers it, and answers the offer', async () => {
    const { call, ringer } = await session();
    fake.state.deliver({ type: 'ring', callId: 'c1', from: OTHER });
    fake.state.deliver({ type: 'ring', callId: 'c1', from: OTHER });
    expect(call.state.phase).toBe('ringing');
    expect(ringer.start).toHaveBeenCalledTimes(1);
    await call.accept();
    expect(ringer.stop).toHaveBeenCalledTimes(1);
    expect(types()).toEqual(['ringing', 'accept']);
    fake.state.deliver({ type: 'offer', callId: 'c1', sdp: 'offer-sdp', from: OTHER });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.state.sent.at(-1)).toMatchObject({ type: 'answer', callId: 'c1', sdp: 'answer-sdp' });
    FakeConnection.last.ice('connected');
    expect(call.state.phase).toBe('connected');
    // The connect timer went with the phase: nothing ends the call later.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(call.state.phase).toBe('connected');
  });

  it('drops malformed payloads and its own echoes, but stops ringing when another tab answered', async () => {
    const { call, ringer } = await session();
    for (const junk of [null, 'ring', { type: 'ring' }, { type: 'ring', callId: 'c1', from: 7 }])
      fake.state.deliver(junk);
    expect(call.state.phase).toBe('idle');
    fake.state.deliver({ type: 'ring', callId: 'c1', from: fake.me });
    expect(call.state.phase).toBe('idle');
    fake.state.deliver({ type: 'ring', callId: 'c1', from: OTHER });
    fake.state.deliver({ type: 'accept', callId: 'c1', from: fake.me });
    expect(call.state).toMatchObject({ phase: 'ended', endReason: 'elsewhere' });
    expect(ringer.stop).toHaveBeenCalledTimes(1);
    // It said it rang, and nothing after the other tab answered.
    expect(types()).toEqual(['ringing']);
  });

  it('a callee whose ring times out tells the caller it was missed', async () => {
    const { call, ringer } = await session({ ringTimeoutMs: 5_000 });
    fake.state.deliver({ type: 'ring', callId: 'c1', from: OTHER });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(call.state).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(ringer.stop).toHaveBeenCalledTimes(1);
    expect(fake.state.sent.at(-1)).toEqual({ type: 'end', callId: 'c1', reason: 'missed', from: fake.me });
  });

  it('restarts ICE when the connection drops and ends as failed after the reconnect window', async () => {
    const { call, callId } = await connectedCaller();
    expect(call.state.phase).toBe('connected');
    FakeConnection.last.ice('disconnected');
    expect(call.state.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.state.sent.at(-1)).toMatchObject({ type: 'offer', callId, restart: true });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(call.state).toMatchObject({ phase: 'ended', endReason: 'failed' });
    expect(fake.state.sent.at(-1)).toMatchObject({ type: 'end', reason: 'failed' });
  });

  it('recovers when ICE reconnects in time', async () => {
    const { call } = await connectedCaller();
    call.restartIce();
    expect(call.state.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(5_000);
    FakeConnection.last.ice('connected');
    expect(call.state.phase).toBe('connected');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(call.state.phase).toBe('connected');
  });

  it('a closing tab hangs up a live call but not one that only rings there', async () => {
    const ringing = await session();
    fake.state.deliver({ type: 'ring', callId: 'c1', from: OTHER });
    fake.state.sent = [];
    ringing.call.notifyUnload();
    expect(fake.state.sent).toEqual([]);
    const { call, callId } = await connectedCaller();
    fake.state.sent = [];
    call.notifyUnload();
    expect(fake.state.sent).toEqual([{ type: 'end', callId, reason: 'hung-up', from: fake.me }]);
  });

  it('leaving hangs up a live call and leaves the channel', async () => {
    const { call, callId } = await connectedCaller();
    await call.leave();
    expect(fake.state.sent.at(-1)).toMatchObject({ type: 'end', callId, reason: 'hung-up' });
    expect(call.state).toMatchObject({ phase: 'ended', endReason: 'hung-up' });
    expect(call.channel).toBe('idle');
    expect(fake.state.removed).toBe(1);
    expect(fake.state.records.at(-1)).toBe('ended');
  });
});
