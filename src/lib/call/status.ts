import type { CallState } from './machine.ts';

/**
 * The call's state in words, for the status line (an aria-live region) and the ended screen.
 * @example statusText({ phase: 'calling', … }, 'Dr. Lee') // 'Calling Dr. Lee…'
 */
export function statusText(state: CallState, other: string): string {
  switch (state.phase) {
    case 'idle':
      return 'Ready to call.';
    case 'calling':
      return state.reached ? `Ringing ${other}…` : `Calling ${other}…`;
    case 'ringing':
      return `${other} is calling.`;
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return `Connected with ${other}.`;
    case 'reconnecting':
      return 'Connection lost. Reconnecting…';
    case 'ended':
      return endedText(state, other);
  }
}

function endedText(state: CallState, other: string): string {
  switch (state.endReason) {
    case 'hung-up':
      return 'Call ended.';
    case 'remote-hung-up':
      return `${other} ended the call.`;
    case 'rejected':
      return `${other} declined the call.`;
    case 'declined':
      return 'You declined the call.';
    case 'missed':
      // The callee is the polite side.
      return state.polite ? `You missed a call from ${other}.` : 'Missed call: nobody answered.';
    case 'failed':
      return 'The connection was lost and could not be restored.';
    case 'elsewhere':
      return 'You took this call on another device or tab.';
    case 'unavailable':
    case null:
      return 'The call could not be made.';
  }
}

export interface CallLog {
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Talk time in whole seconds, once answered and ended. */
  durationSeconds: number | null;
}

/** The call log stamped on an appointment by record_call_event, or null when nobody called. */
export function callLog(row: {
  call_started_at: string | null;
  call_answered_at: string | null;
  call_ended_at: string | null;
}): CallLog | null {
  if (!row.call_started_at) return null;
  const answeredAt = row.call_answered_at ? new Date(row.call_answered_at) : null;
  const endedAt = row.call_ended_at ? new Date(row.call_ended_at) : null;
  return {
    startedAt: new Date(row.call_started_at),
    answeredAt,
    endedAt,
    durationSeconds:
      answeredAt && endedAt
        ? Math.max(0, Math.round((endedAt.getTime() - answeredAt.getTime()) / 1000))
        : null,
  };
}
