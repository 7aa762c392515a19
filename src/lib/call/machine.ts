/**
 * The video call as a pure state machine: every input (a button, a signal from the other side,
 * a WebRTC event, a timer) gives the next state and the effects to run. No WebRTC here, so every
 * transition is unit-tested; `call.svelte.ts` runs the effects against the browser.
 */
export type CallPhase =
  'idle' | 'calling' | 'ringing' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

export type EndReason =
  | 'hung-up'
  | 'remote-hung-up'
  | 'rejected'
  | 'declined'
  | 'missed'
  | 'failed'
  | 'unavailable'
  /** This user answered or declined the ring in another tab or on another device. */
  | 'elsewhere';

export interface CallState {
  phase: CallPhase;
  /** Identifies one attempt; glare is settled by comparing the two sides' ids. */
  callId: string | null;
  /** Whether this side makes the WebRTC offer. */
  polite: boolean;
  endReason: EndReason | null;
  /** Caller only: the other side's app is ringing (it answered a ring with `ringing`). */
  reached?: boolean;
}

/** Signals carried on the private `call:<appointment_id>` channel. */
export type Signal =
  | { type: 'ring'; callId: string }
  /** Sent on joining the channel (callId ''): a caller rings again at once for a late joiner. */
  | { type: 'present'; callId: string }
  /** The callee's app rings: the caller can say "Ringing" rather than "Calling". */
  | { type: 'ringing'; callId: string }
  | { type: 'accept'; callId: string }
  | { type: 'reject'; callId: string }
  | { type: 'end'; callId: string; reason?: EndReason }
  | { type: 'offer'; callId: string; sdp: string; restart?: boolean }
  | { type: 'answer'; callId: string; sdp: string }
  | { type: 'candidate'; callId: string; candidate: unknown }
  /** The answering side lost the connection and asks the offering side to restart ICE. */
  | { type: 'restart'; callId: string };

export type CallEvent =
  | { type: 'call'; callId: string }
  | { type: 'accept' }
  | { type: 'reject' }
  | { type: 'hang-up' }
  /**
   * A signal from the channel. `fromSelf`: sent by this same user from another tab or device
   * (a broadcast reaches every other socket on the topic, the sender's other tabs included).
   */
  | { type: 'signal'; signal: Signal; fromSelf?: boolean }
  | { type: 'ring-timeout' }
  /** Periodic while calling: broadcasts are not stored, so a callee who joins late hears the next ring. */
  | { type: 'ring-again' }
  | { type: 'ice-connected' }
  | { type: 'ice-failed' }
  | { type: 'reconnect-timeout' };

export type Effect =
  | { type: 'send'; signal: Signal }
  | { type: 'start-ringing' }
  | { type: 'stop-ringing' }
  | { type: 'start-ring-timer' }
  /** Connecting or reconnecting must reach `connected` within RECONNECT_TIMEOUT_MS. */
  | { type: 'start-reconnect-timer' }
  | { type: 'open-peer' }
  | { type: 'make-offer'; restart: boolean }
  | { type: 'apply-offer'; sdp: string }
  | { type: 'apply-answer'; sdp: string }
  | { type: 'add-candidate'; candidate: unknown }
  | { type: 'close-peer' }
  /** Stamp the call log on the appointment (record_call_event). */
  | { type: 'record'; event: 'started' | 'answered' | 'ended' };

/** How long an unanswered call rings, and how long a broken call may try to recover. */
export const RING_TIMEOUT_MS = 45_000;
export const RECONNECT_TIMEOUT_MS = 15_000;

export const initialCall: CallState = { phase: 'idle', callId: null, polite: false, endReason: null };

const LIVE: CallPhase[] = ['connecting', 'connected', 'reconnecting'];

function end(state: CallState, reason: EndReason, notify: boolean): [CallState, Effect[]] {
  const effects: Effect[] = [
    { type: 'stop-ringing' },
    { type: 'close-peer' },
    { type: 'record', event: 'ended' },
  ];
  if (notify && state.callId)
    effects.unshift({ type: 'send', signal: { type: 'end', callId: state.callId, reason } });
  return [{ ...state, phase: 'ended', endReason: reason }, effects];
}

/** The next state and effects for one event. Events that make no sense in a phase are ignored. */
export function transition(state: CallState, event: CallEvent): [CallState, Effect[]] {
  const { phase } = state;
  switch (event.type) {
    case 'call':
      if (phase !== 'idle' && phase !== 'ended') return [state, []];
      return [
        { phase: 'calling', callId: event.callId, polite: false, endReason: null },
        [
          { type: 'send', signal: { type: 'ring', callId: event.callId } },
          { type: 'start-ring-timer' },
          { type: 'record', event: 'started' },
        ],
      ];
    case 'accept':
      if (phase !== 'ringing' || !state.callId) return [state, []];
      // The callee answers and waits for the caller's offer.
      return [
        { ...state, phase: 'connecting', polite: true },
        [
          { type: 'stop-ringing' },
          { type: 'start-reconnect-timer' },
          { type: 'open-peer' },
          { type: 'send', signal: { type: 'accept', callId: state.callId } },
          { type: 'record', event: 'answered' },
        ],
      ];
    case 'reject':
      if (phase !== 'ringing' || !state.callId) return [state, []];
      return [
        { ...state, phase: 'ended', endReason: 'declined' },
        [
          { type: 'stop-ringing' },
          { type: 'send', signal: { type: 'reject', callId: state.callId } },
          { type: 'record', event: 'ended' },
        ],
      ];
    case 'hang-up':
      if (phase === 'idle' || phase === 'ended') return [state, []];
      return end(state, 'hung-up', true);
    case 'ring-again':
      if (phase !== 'calling' || !state.callId) return [state, []];
      return [state, [{ type: 'send', signal: { type: 'ring', callId: state.callId } }]];
    case 'ring-timeout':
      if (phase !== 'calling' && phase !== 'ringing') return [state, []];
      return end(state, 'missed', true);
    case 'ice-connected':
      if (phase !== 'connecting' && phase !== 'reconnecting') return [state, []];
      return [{ ...state, phase: 'connected' }, []];
    case 'ice-failed':
      if (phase !== 'connected' && phase !== 'connecting') return [state, []];
      // The offering side restarts ICE over the same channel; the other asks it to, and waits
      // for its offer (only one side may offer, or the two offers would collide).
      return [
        { ...state, phase: 'reconnecting' },
        [
          { type: 'start-reconnect-timer' },
          state.polite && state.callId
            ? { type: 'send', signal: { type: 'restart', callId: state.callId } }
            : { type: 'make-offer', restart: true },
        ],
      ];
    case 'reconnect-timeout':
      // Also while first connecting: an offer that never comes (the caller's tab died after
      // the answer) must not leave a call stuck.
      if (phase !== 'reconnecting' && phase !== 'connecting') return [state, []];
      return end(state, 'failed', true);
    case 'signal':
      return event.fromSelf ? receiveOwn(state, event.signal) : receive(state, event.signal);
  }
}

/**
 * This user's own signal from another tab: if that tab answered or declined the call ringing
 * here, this one stops ringing; everything else (its ring, its offers) is not for this tab.
 */
function receiveOwn(state: CallState, signal: Signal): [CallState, Effect[]] {
  if (state.phase !== 'ringing' || signal.callId !== state.callId) return [state, []];
  if (signal.type !== 'accept' && signal.type !== 'reject') return [state, []];
  return [{ ...state, phase: 'ended', endReason: 'elsewhere' }, [{ type: 'stop-ringing' }]];
}

function receive(state: CallState, signal: Signal): [CallState, Effect[]] {
  const { phase } = state;
  if (signal.type === 'ring') {
    // A caller repeats its ring until answered; a repeat of a call this side already ended
    // (declined, missed) must not ring again.
    if ((phase === 'idle' || phase === 'ended') && signal.callId !== state.callId) {
      return [
        { phase: 'ringing', callId: signal.callId, polite: true, endReason: null },
        [
          { type: 'start-ringing' },
          { type: 'start-ring-timer' },
          { type: 'send', signal: { type: 'ringing', callId: signal.callId } },
        ],
      ];
    }
    // Glare: both sides rang at once. The lower call id wins and keeps calling; the other
    // side takes the incoming call as if it had rung first, and answers it.
    if (phase === 'calling' && state.callId && signal.callId < state.callId) {
      return [
        { phase: 'connecting', callId: signal.callId, polite: true, endReason: null },
        [
          { type: 'start-reconnect-timer' },
          { type: 'open-peer' },
          { type: 'send', signal: { type: 'accept', callId: signal.callId } },
          { type: 'record', event: 'answered' },
        ],
      ];
    }
    return [state, []];
  }
  if (signal.type === 'present') {
    if (phase !== 'calling' || !state.callId) return [state, []];
    return [state, [{ type: 'send', signal: { type: 'ring', callId: state.callId } }]];
  }
  // Anything for another call attempt (stale or foreign) is ignored.
  if (signal.callId !== state.callId) return [state, []];
  switch (signal.type) {
    case 'ringing':
      if (phase !== 'calling' || state.reached) return [state, []];
      return [{ ...state, reached: true }, []];
    case 'accept':
      if (phase !== 'calling') return [state, []];
      return [
        { ...state, phase: 'connecting' },
        [{ type: 'start-reconnect-timer' }, { type: 'open-peer' }, { type: 'make-offer', restart: false }],
      ];
    case 'reject':
      if (phase !== 'calling') return [state, []];
      return [
        { ...state, phase: 'ended', endReason: 'rejected' },
        [{ type: 'close-peer' }, { type: 'record', event: 'ended' }],
      ];
    case 'end':
      if (phase === 'idle' || phase === 'ended') return [state, []];
      // A caller who gives up before the answer leaves a missed call. Otherwise the other
      // side's own verdict (nobody answered, the connection could not recover) is shown as it
      // is; anything else is the other person hanging up.
      if (phase === 'ringing') return end(state, 'missed', false);
      return end(
        state,
        signal.reason === 'missed' || signal.reason === 'failed' ? signal.reason : 'remote-hung-up',
        false,
      );
    case 'offer':
      if (!LIVE.includes(phase)) return [state, []];
      return [state, [{ type: 'apply-offer', sdp: signal.sdp }]];
    case 'answer':
      if (!LIVE.includes(phase)) return [state, []];
      return [state, [{ type: 'apply-answer', sdp: signal.sdp }]];
    case 'candidate':
      if (!LIVE.includes(phase)) return [state, []];
      return [state, [{ type: 'add-candidate', candidate: signal.candidate }]];
    case 'restart':
      // Already reconnecting means this side's restart offer is on its way: a second offer
      // would leave the two sides with different ICE credentials.
      if (state.polite || phase !== 'connected') return [state, []];
      return [
        { ...state, phase: 'reconnecting' },
        [{ type: 'start-reconnect-timer' }, { type: 'make-offer', restart: true }],
      ];
  }
}

const SIGNAL_TYPES = new Set([
  'ring',
  'present',
  'ringing',
  'accept',
  'reject',
  'end',
  'offer',
  'answer',
  'candidate',
  'restart',
]);

/** A broadcast payload from the channel as a Signal, or null for anything malformed. */
export function parseSignal(value: unknown): Signal | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v.type !== 'string' ||
    !SIGNAL_TYPES.has(v.type) ||
    typeof v.callId !== 'string' ||
    v.callId.length > 64
  )
    return null;
  if ((v.type === 'offer' || v.type === 'answer') && (typeof v.sdp !== 'string' || v.sdp.length > 100_000))
    return null;
  if (v.type === 'candidate' && (typeof v.candidate !== 'object' || v.candidate === null)) return null;
  if (v.from !== undefined && typeof v.from !== 'string') return null;
  return v as unknown as Signal;
}
