import { describe, expect, it } from 'vitest';
import {
  initialCall,
  parseSignal,
  transition,
  type CallEvent,
  type CallState,
  type Effect,
} from './machine.ts';

function run(events: CallEvent[], from: CallState = initialCall): { state: CallState; effects: Effect[][] } {
  let state = from;
  const effects: Effect[][] = [];
  for (const event of events) {
    const [next, out] = transition(state, event);
    state = next;
    effects.push(out);
  }
  return { state, effects };
}

const sent = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'send').map((e) => (e.type === 'send' ? e.signal.type : ''));

describe('call state machine', () => {
  it('caller: ring → accepted → offer → connected → hang up', () => {
    const { state, effects } = run([
      { type: 'call', callId: 'b' },
      { type: 'signal', signal: { type: 'accept', callId: 'b' } },
      { type: 'signal', signal: { type: 'answer', callId: 'b', sdp: 'v=0' } },
      { type: 'ice-connected' },
      { type: 'hang-up' },
    ]);
    expect(sent(effects[0]!)).toEqual(['ring']);
    expect(effects[0]).toContainEqual({ type: 'start-ring-timer' });
    expect(effects[1]).toEqual([
      { type: 'start-reconnect-timer' },
      { type: 'open-peer' },
      { type: 'make-offer', restart: false },
    ]);
    expect(effects[2]).toEqual([{ type: 'apply-answer', sdp: 'v=0' }]);
    expect(sent(effects[4]!)).toEqual(['end']);
    expect(state).toMatchObject({ phase: 'ended', endReason: 'hung-up' });
  });

  it('callee: rings, accepts, applies the offer and candidates, sees the remote hang up', () => {
    const { state, effects } = run([
      { type: 'signal', signal: { type: 'ring', callId: 'x' } },
      { type: 'accept' },
      { type: 'signal', signal: { type: 'offer', callId: 'x', sdp: 'o' } },
      { type: 'signal', signal: { type: 'candidate', callId: 'x', candidate: { candidate: 'c' } } },
      { type: 'ice-connected' },
      { type: 'signal', signal: { type: 'end', callId: 'x' } },
    ]);
    expect(effects[0]).toEqual([
      { type: 'start-ringing' },
      { type: 'start-ring-timer' },
      { type: 'send', signal: { type: 'ringing', callId: 'x' } },
    ]);
    expect(sent(effects[1]!)).toEqual(['accept']);
    expect(effects[2]).toEqual([{ type: 'apply-offer', sdp: 'o' }]);
    expect(effects[3]).toEqual([{ type: 'add-candidate', candidate: { candidate: 'c' } }]);
    expect(state).toMatchObject({ phase: 'ended', endReason: 'remote-hung-up', polite: true });
  });

  it('reject on one side ends the call as declined there and rejected on the caller', () => {
    const callee = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }, { type: 'reject' }]);
    expect(callee.state).toMatchObject({ phase: 'ended', endReason: 'declined' });
    expect(sent(callee.effects[1]!)).toEqual(['reject']);
    const caller = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'reject', callId: 'x' } },
    ]);
    expect(caller.state).toMatchObject({ phase: 'ended', endReason: 'rejected' });
  });

  it('no answer in time → missed on both sides', () => {
    const caller = run([{ type: 'call', callId: 'x' }, { type: 'ring-timeout' }]);
    expect(caller.state.endReason).toBe('missed');
    expect(caller.effects[1]).toContainEqual({
      type: 'send',
      signal: { type: 'end', callId: 'x', reason: 'missed' },
    });
    const callee = run([
      { type: 'signal', signal: { type: 'ring', callId: 'x' } },
      { type: 'signal', signal: { type: 'end', callId: 'x', reason: 'missed' } },
    ]);
    expect(callee.state.endReason).toBe('missed');
    expect(callee.effects[1]).toContainEqual({ type: 'stop-ringing' });
  });

  it('settles glare: the lower call id keeps calling, the other side answers it', () => {
    const a = run([
      { type: 'call', callId: 'aaa' },
      { type: 'signal', signal: { type: 'ring', callId: 'zzz' } },
    ]);
    const z = run([
      { type: 'call', callId: 'zzz' },
      { type: 'signal', signal: { type: 'ring', callId: 'aaa' } },
    ]);
    expect(a.state).toMatchObject({ phase: 'calling', callId: 'aaa' });
    expect(a.effects[1]).toEqual([]);
    expect(z.state).toMatchObject({ phase: 'connecting', callId: 'aaa', polite: true });
    expect(z.effects[1]).toContainEqual({ type: 'send', signal: { type: 'accept', callId: 'aaa' } });
    const accepted = transition(a.state, { type: 'signal', signal: { type: 'accept', callId: 'aaa' } });
    expect(accepted[0].phase).toBe('connecting');
  });

  it('restarts ICE when the connection fails, and gives up after the reconnect window', () => {
    const connected = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'accept', callId: 'x' } },
      { type: 'ice-connected' },
    ]).state;
    const [reconnecting, effects] = transition(connected, { type: 'ice-failed' });
    expect(reconnecting.phase).toBe('reconnecting');
    expect(effects).toEqual([{ type: 'start-reconnect-timer' }, { type: 'make-offer', restart: true }]);
    expect(transition(reconnecting, { type: 'ice-connected' })[0].phase).toBe('connected');
    const [failed] = transition(reconnecting, { type: 'reconnect-timeout' });
    expect(failed).toMatchObject({ phase: 'ended', endReason: 'failed' });
    const polite = { ...connected, polite: true };
    // The answering side never offers; it asks the offering side to restart.
    expect(transition(polite, { type: 'ice-failed' })[1]).toEqual([
      { type: 'start-reconnect-timer' },
      { type: 'send', signal: { type: 'restart', callId: 'x' } },
    ]);
  });

  it('the offering side restarts ICE when the answering side asks', () => {
    const connected = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'accept', callId: 'x' } },
      { type: 'ice-connected' },
    ]).state;
    const [reconnecting, effects] = transition(connected, {
      type: 'signal',
      signal: { type: 'restart', callId: 'x' },
    });
    expect(reconnecting.phase).toBe('reconnecting');
    expect(effects).toEqual([{ type: 'start-reconnect-timer' }, { type: 'make-offer', restart: true }]);
    // Already reconnecting: its restart offer is on its way, a second would collide with it.
    expect(transition(reconnecting, { type: 'signal', signal: { type: 'restart', callId: 'x' } })).toEqual([
      reconnecting,
      [],
    ]);
    // The answering side ignores restart requests, as does anyone before the call is up.
    expect(
      transition(
        { ...connected, polite: true },
        { type: 'signal', signal: { type: 'restart', callId: 'x' } },
      ),
    ).toEqual([{ ...connected, polite: true }, []]);
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    expect(transition(calling, { type: 'signal', signal: { type: 'restart', callId: 'x' } })[1]).toEqual([]);
  });

  it('records the call log: started by the caller, answered by the callee, ended by either', () => {
    const records = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'record' ? [e.event] : []));
    const caller = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'accept', callId: 'x' } },
      { type: 'ice-connected' },
      { type: 'hang-up' },
    ]);
    expect(caller.effects.map(records)).toEqual([['started'], [], [], ['ended']]);
    const callee = run([
      { type: 'signal', signal: { type: 'ring', callId: 'x' } },
      { type: 'accept' },
      { type: 'signal', signal: { type: 'end', callId: 'x' } },
    ]);
    expect(callee.effects.map(records)).toEqual([[], ['answered'], ['ended']]);
    const declined = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }, { type: 'reject' }]);
    expect(records(declined.effects[1]!)).toEqual(['ended']);
    const rejected = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'reject', callId: 'x' } },
    ]);
    expect(records(rejected.effects[1]!)).toEqual(['ended']);
    const glare = run([
      { type: 'call', callId: 'zzz' },
      { type: 'signal', signal: { type: 'ring', callId: 'aaa' } },
    ]);
    expect(records(glare.effects[1]!)).toEqual(['answered']);
  });

  it('repeats the ring while calling, and a repeated ring does not ring a callee twice', () => {
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    expect(transition(calling, { type: 'ring-again' })[1]).toEqual([
      { type: 'send', signal: { type: 'ring', callId: 'x' } },
    ]);
    const connected = { ...calling, phase: 'connected' as const };
    expect(transition(connected, { type: 'ring-again' })[1]).toEqual([]);
    const ringing = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }]).state;
    expect(transition(ringing, { type: 'signal', signal: { type: 'ring', callId: 'x' } })).toEqual([
      ringing,
      [],
    ]);
    // Declined, then the caller's next ring of the same attempt arrives: stays ended.
    const declined = transition(ringing, { type: 'reject' })[0];
    expect(transition(declined, { type: 'signal', signal: { type: 'ring', callId: 'x' } })).toEqual([
      declined,
      [],
    ]);
    // A new attempt after that rings again.
    expect(transition(declined, { type: 'signal', signal: { type: 'ring', callId: 'y' } })[0]).toMatchObject({
      phase: 'ringing',
      callId: 'y',
    });
  });

  it('shows the other side’s verdict: missed and failed stay, anything else is a hang-up', () => {
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    expect(
      transition(calling, { type: 'signal', signal: { type: 'end', callId: 'x', reason: 'missed' } })[0]
        .endReason,
    ).toBe('missed');
    const connected = { ...calling, phase: 'connected' as const };
    expect(
      transition(connected, { type: 'signal', signal: { type: 'end', callId: 'x', reason: 'failed' } })[0]
        .endReason,
    ).toBe('failed');
    expect(
      transition(connected, { type: 'signal', signal: { type: 'end', callId: 'x', reason: 'hung-up' } })[0]
        .endReason,
    ).toBe('remote-hung-up');
    const ended = transition(connected, { type: 'hang-up' })[0];
    expect(transition(ended, { type: 'signal', signal: { type: 'end', callId: 'x' } })).toEqual([ended, []]);
  });

  it('a caller can call again after a call ended, with a new attempt id', () => {
    const ended = run([{ type: 'call', callId: 'x' }, { type: 'hang-up' }]).state;
    const [again, effects] = transition(ended, { type: 'call', callId: 'y' });
    expect(again).toEqual({ phase: 'calling', callId: 'y', polite: false, endReason: null });
    expect(sent(effects)).toEqual(['ring']);
    // A stale answer for the old attempt is ignored.
    expect(transition(again, { type: 'signal', signal: { type: 'accept', callId: 'x' } })).toEqual([
      again,
      [],
    ]);
  });

  it('hang-up while ringing or connecting ends the call and tells the other side', () => {
    for (const phase of ['calling', 'ringing', 'connecting', 'connected', 'reconnecting'] as const) {
      const [state, effects] = transition(
        { phase, callId: 'x', polite: false, endReason: null },
        { type: 'hang-up' },
      );
      expect(state).toMatchObject({ phase: 'ended', endReason: 'hung-up' });
      expect(effects).toContainEqual({ type: 'close-peer' });
      expect(sent(effects)).toEqual(['end']);
    }
  });

  it('ICE events outside a live call change nothing', () => {
    for (const phase of ['idle', 'calling', 'ringing', 'ended'] as const) {
      const state: CallState = { phase, callId: 'x', polite: false, endReason: null };
      expect(transition(state, { type: 'ice-connected' })).toEqual([state, []]);
      expect(transition(state, { type: 'reconnect-timeout' })).toEqual([state, []]);
    }
    const reconnecting: CallState = { phase: 'reconnecting', callId: 'x', polite: false, endReason: null };
    expect(transition(reconnecting, { type: 'ice-failed' })).toEqual([reconnecting, []]);
    const connected: CallState = { phase: 'connected', callId: 'x', polite: false, endReason: null };
    expect(transition(connected, { type: 'ring-timeout' })).toEqual([connected, []]);
  });

  it('ignores signals of other call attempts and events that do not fit the phase', () => {
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    expect(transition(calling, { type: 'signal', signal: { type: 'accept', callId: 'other' } })).toEqual([
      calling,
      [],
    ]);
    expect(transition(initialCall, { type: 'accept' })).toEqual([initialCall, []]);
    expect(transition(initialCall, { type: 'hang-up' })).toEqual([initialCall, []]);
    expect(transition(calling, { type: 'signal', signal: { type: 'offer', callId: 'x', sdp: 'o' } })).toEqual(
      [calling, []],
    );
    expect(transition(calling, { type: 'call', callId: 'y' })).toEqual([calling, []]);
  });

  it('a call that never gets connected ends as failed after the reconnect window, on either side', () => {
    const callee = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }, { type: 'accept' }]);
    expect(callee.effects[1]).toContainEqual({ type: 'start-reconnect-timer' });
    const [failed, effects] = transition(callee.state, { type: 'reconnect-timeout' });
    expect(failed).toMatchObject({ phase: 'ended', endReason: 'failed' });
    expect(sent(effects)).toEqual(['end']);
    const caller = run([
      { type: 'call', callId: 'x' },
      { type: 'signal', signal: { type: 'accept', callId: 'x' } },
      { type: 'reconnect-timeout' },
    ]);
    expect(caller.state).toMatchObject({ phase: 'ended', endReason: 'failed' });
    // Connected in time: the timer no longer ends anything.
    const connected = transition(callee.state, { type: 'ice-connected' })[0];
    expect(transition(connected, { type: 'reconnect-timeout' })).toEqual([connected, []]);
  });

  it('a caller who gives up before the answer leaves a missed call on the callee', () => {
    const ringing = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }]).state;
    const [state, effects] = transition(ringing, {
      type: 'signal',
      signal: { type: 'end', callId: 'x', reason: 'hung-up' },
    });
    expect(state).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(effects).toContainEqual({ type: 'stop-ringing' });
    expect(sent(effects)).toEqual([]);
  });

  it('stops ringing when this user answers or declines in another tab, and ignores its own other signals', () => {
    const ringing = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }]).state;
    for (const type of ['accept', 'reject'] as const) {
      const [state, effects] = transition(ringing, {
        type: 'signal',
        signal: { type, callId: 'x' },
        fromSelf: true,
      });
      expect(state).toMatchObject({ phase: 'ended', endReason: 'elsewhere' });
      expect(effects).toEqual([{ type: 'stop-ringing' }]);
    }
    // Another tab's ring of the same user does not ring here, nor do its offers reach this peer.
    expect(
      transition(initialCall, { type: 'signal', signal: { type: 'ring', callId: 'y' }, fromSelf: true }),
    ).toEqual([initialCall, []]);
    const connected: CallState = { phase: 'connected', callId: 'x', polite: true, endReason: null };
    for (const signal of [
      { type: 'offer', callId: 'x', sdp: 'o' },
      { type: 'end', callId: 'x' },
      { type: 'accept', callId: 'x' },
    ] as const) {
      expect(transition(connected, { type: 'signal', signal, fromSelf: true })).toEqual([connected, []]);
    }
    // Another tab's accept of a different attempt leaves this ring alone.
    expect(
      transition(ringing, { type: 'signal', signal: { type: 'accept', callId: 'z' }, fromSelf: true }),
    ).toEqual([ringing, []]);
  });

  it('glare in both orders ends in one call: both sides agree on the lower id', () => {
    // Each side has rung; each then hears the other's ring.
    const low = run([
      { type: 'call', callId: 'aaa' },
      { type: 'signal', signal: { type: 'ring', callId: 'bbb' } },
    ]);
    const high = run([
      { type: 'call', callId: 'bbb' },
      { type: 'signal', signal: { type: 'ring', callId: 'aaa' } },
    ]);
    // The high side's repeated ring of its dropped attempt reaches the low side: no effect.
    expect(transition(low.state, { type: 'signal', signal: { type: 'ring', callId: 'bbb' } })[1]).toEqual([]);
    // The high side answered; the low side offers; both connect on 'aaa'.
    const [offering, offerEffects] = transition(low.state, {
      type: 'signal',
      signal: { type: 'accept', callId: 'aaa' },
    });
    expect(offerEffects).toContainEqual({ type: 'make-offer', restart: false });
    expect(
      transition(high.state, { type: 'signal', signal: { type: 'offer', callId: 'aaa', sdp: 'o' } })[1],
    ).toEqual([{ type: 'apply-offer', sdp: 'o' }]);
    expect(offering).toMatchObject({ phase: 'connecting', callId: 'aaa', polite: false });
    expect(high.state).toMatchObject({ phase: 'connecting', callId: 'aaa', polite: true });
    // The high side's own ring timer was for 'bbb' and went with its phase.
    expect(transition(high.state, { type: 'ring-timeout' })).toEqual([high.state, []]);
  });

  it('the callee’s own ring timer ends the call as missed and tells the caller', () => {
    const ringing = run([{ type: 'signal', signal: { type: 'ring', callId: 'x' } }]).state;
    const [state, effects] = transition(ringing, { type: 'ring-timeout' });
    expect(state).toMatchObject({ phase: 'ended', endReason: 'missed' });
    expect(effects).toContainEqual({ type: 'send', signal: { type: 'end', callId: 'x', reason: 'missed' } });
    expect(effects).toContainEqual({ type: 'stop-ringing' });
  });

  it('a first connection that fails goes to reconnecting like a broken one', () => {
    const connecting: CallState = { phase: 'connecting', callId: 'x', polite: false, endReason: null };
    expect(transition(connecting, { type: 'ice-failed' })).toEqual([
      { ...connecting, phase: 'reconnecting' },
      [{ type: 'start-reconnect-timer' }, { type: 'make-offer', restart: true }],
    ]);
  });

  it('answering, declining and WebRTC signals do nothing once a call is over or not ringing', () => {
    const ended: CallState = { phase: 'ended', callId: 'x', polite: true, endReason: 'hung-up' };
    for (const signal of [
      { type: 'offer', callId: 'x', sdp: 'o' },
      { type: 'answer', callId: 'x', sdp: 'a' },
      { type: 'candidate', callId: 'x', candidate: {} },
      { type: 'restart', callId: 'x' },
      { type: 'accept', callId: 'x' },
      { type: 'reject', callId: 'x' },
    ] as const) {
      expect(transition(ended, { type: 'signal', signal })).toEqual([ended, []]);
    }
    const connected: CallState = { phase: 'connected', callId: 'x', polite: true, endReason: null };
    expect(transition(connected, { type: 'reject' })).toEqual([connected, []]);
    expect(transition(connected, { type: 'accept' })).toEqual([connected, []]);
    expect(transition(ended, { type: 'reject' })).toEqual([ended, []]);
  });

  it('the caller learns the callee’s app is ringing, once', () => {
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    expect(calling.reached).toBeUndefined();
    const [reached, effects] = transition(calling, {
      type: 'signal',
      signal: { type: 'ringing', callId: 'x' },
    });
    expect(reached).toMatchObject({ phase: 'calling', reached: true });
    expect(effects).toEqual([]);
    expect(transition(reached, { type: 'signal', signal: { type: 'ringing', callId: 'x' } })).toEqual([
      reached,
      [],
    ]);
    // Another attempt's, or after the call was answered: nothing.
    expect(transition(calling, { type: 'signal', signal: { type: 'ringing', callId: 'y' } })).toEqual([
      calling,
      [],
    ]);
    const connecting = transition(reached, { type: 'signal', signal: { type: 'accept', callId: 'x' } })[0];
    expect(transition(connecting, { type: 'signal', signal: { type: 'ringing', callId: 'x' } })).toEqual([
      connecting,
      [],
    ]);
    // A new call starts unreached.
    const again = transition(transition(reached, { type: 'hang-up' })[0], { type: 'call', callId: 'z' })[0];
    expect(again.reached).toBeUndefined();
  });

  it('rings again at once when the other side joins the channel while calling', () => {
    const calling = run([{ type: 'call', callId: 'x' }]).state;
    const present = { type: 'signal', signal: { type: 'present', callId: '' } } as const;
    expect(transition(calling, present)).toEqual([
      calling,
      [{ type: 'send', signal: { type: 'ring', callId: 'x' } }],
    ]);
    for (const phase of ['idle', 'ringing', 'connecting', 'connected', 'ended'] as const) {
      const state: CallState = { phase, callId: 'x', polite: false, endReason: null };
      expect(transition(state, present)).toEqual([state, []]);
    }
    // This user's own other tab joining is not the callee.
    expect(transition(calling, { ...present, fromSelf: true })).toEqual([calling, []]);
  });

  it('refuses malformed or foreign signaling messages', () => {
    for (const bad of [
      null,
      'ring',
      { type: 'ring' },
      { type: 'explode', callId: 'x' },
      { type: 'offer', callId: 'x' },
      { type: 'offer', callId: 'x', sdp: 'x'.repeat(200_000) },
      { type: 'candidate', callId: 'x', candidate: 'c' },
      { type: 'ring', callId: 'x'.repeat(65) },
      { type: 'answer', callId: 7, sdp: 'v=0' },
      [{ type: 'ring', callId: 'x' }],
      { type: 'ring', callId: 'x', from: 42 },
    ]) {
      expect(parseSignal(bad)).toBeNull();
    }
    expect(parseSignal({ type: 'restart', callId: 'x' })).toEqual({ type: 'restart', callId: 'x' });
    expect(parseSignal({ type: 'answer', callId: 'x', sdp: 'v=0' })).toEqual({
      type: 'answer',
      callId: 'x',
      sdp: 'v=0',
    });
  });
});
