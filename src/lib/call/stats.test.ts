import { describe, expect, it } from 'vitest';
import { summarizeStats } from './stats.ts';

describe('call statistics', () => {
  it('sums bytes per direction and kind and reads the selected pair’s round trip', () => {
    const report = new Map<string, object>([
      ['a', { type: 'inbound-rtp', kind: 'audio', bytesReceived: 100 }],
      ['b', { type: 'inbound-rtp', kind: 'video', bytesReceived: 5000 }],
      ['c', { type: 'outbound-rtp', kind: 'audio', bytesSent: 90 }],
      ['d', { type: 'outbound-rtp', mediaType: 'video', bytesSent: 4000 }],
      ['e', { type: 'outbound-rtp', kind: 'video', bytesSent: 1000 }],
      ['f', { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.002 }],
      ['g', { type: 'candidate-pair', state: 'failed', nominated: false, currentRoundTripTime: 9 }],
      ['h', { type: 'codec', mimeType: 'video/VP8' }],
    ]);
    expect(summarizeStats(report)).toEqual({
      inboundAudioBytes: 100,
      inboundVideoBytes: 5000,
      outboundAudioBytes: 90,
      outboundVideoBytes: 5000,
      roundTripMs: 2,
    });
  });

  it('is all zeros for an empty report', () => {
    expect(summarizeStats(new Map())).toMatchObject({
      inboundVideoBytes: 0,
      outboundAudioBytes: 0,
      roundTripMs: null,
    });
  });
});
