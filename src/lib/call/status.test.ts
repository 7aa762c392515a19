import { describe, expect, it } from 'vitest';
import type { CallState, EndReason } from './machine.ts';
import { callLog, statusText } from './status.ts';

const state = (phase: CallState['phase'], endReason: EndReason | null = null): CallState => ({
  phase,
  callId: 'x',
  polite: false,
  endReason,
});

describe('call status text', () => {
  it('names every phase', () => {
    expect(statusText(state('idle'), 'Dr. Lee')).toBe('Ready to call.');
    expect(statusText(state('calling'), 'Dr. Lee')).toBe('Calling Dr. Lee…');
    expect(statusText({ ...state('calling'), reached: true }, 'Dr. Lee')).toBe('Ringing Dr. Lee…');
    expect(statusText(state('ringing'), 'Dr. Lee')).toBe('Dr. Lee is calling.');
    expect(statusText(state('connecting'), 'Dr. Lee')).toBe('Connecting…');
    expect(statusText(state('connected'), 'Dr. Lee')).toBe('Connected with Dr. Lee.');
    expect(statusText(state('reconnecting'), 'Dr. Lee')).toBe('Connection lost. Reconnecting…');
  });

  it('gives the reason a call ended', () => {
    expect(statusText(state('ended', 'hung-up'), 'Ann')).toBe('Call ended.');
    expect(statusText(state('ended', 'remote-hung-up'), 'Ann')).toBe('Ann ended the call.');
    expect(statusText(state('ended', 'rejected'), 'Ann')).toBe('Ann declined the call.');
    expect(statusText(state('ended', 'declined'), 'Ann')).toBe('You declined the call.');
    expect(statusText(state('ended', 'missed'), 'Ann')).toBe('Missed call: nobody answered.');
    expect(statusText(state('ended', 'failed'), 'Ann')).toMatch(/could not be restored/);
    expect(statusText(state('ended', 'elsewhere'), 'Ann')).toBe(
      'You took this call on another device or tab.',
    );
    expect(statusText({ ...state('ended', 'missed'), polite: true }, 'Ann')).toBe(
      'You missed a call from Ann.',
    );
  });
});

describe('call log', () => {
  it('is empty until someone called', () => {
    expect(callLog({ call_started_at: null, call_answered_at: null, call_ended_at: null })).toBeNull();
  });

  it('has a duration from answer to end', () => {
    const log = callLog({
      call_started_at: '2026-03-04T10:00:00Z',
      call_answered_at: '2026-03-04T10:00:10Z',
      call_ended_at: '2026-03-04T10:12:15Z',
    });
    expect(log?.durationSeconds).toBe(725);
  });

  it('a call nobody answered has no duration', () => {
    const log = callLog({
      call_started_at: '2026-03-04T10:00:00Z',
      call_answered_at: null,
      call_ended_at: '2026-03-04T10:00:45Z',
    });
    expect(log).toMatchObject({ answeredAt: null, durationSeconds: null });
  });
});
