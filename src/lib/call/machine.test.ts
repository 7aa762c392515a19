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
    expect(effects[1]).toEqual([{ type: 'open-peer' }, { type: 'make-offer', restart: false }]);
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
    expect(effects[0]).toEqual([{ type: 'start-ringing' }, { type: 'start-ring-timer' }]);
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
    expect(transition(polite, { type: 'ice-failed' })[1]).toEqual([{ type: 'start-reconnect-timer' }]);
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

  it('refuses malformed or foreign signaling messages', () => {
    for (const bad of [
      null,
      'ring',
      { type: 'ring' },
      { type: 'explode', callId: 'x' },
      { type: 'offer', callId: 'x' },
      { type: 'offer', callId: 'x', sdp: 'x'.repeat(200_000) },
      { type: 'candidate', callId: 'x', candidate: 'c' },
    ]) {
      expect(parseSignal(bad)).toBeNull();
    }
    expect(parseSignal({ type: 'answer', callId: 'x', sdp: 'v=0' })).toEqual({
      type: 'answer',
      callId: 'x',
      sdp: 'v=0',
    });
  });
});
